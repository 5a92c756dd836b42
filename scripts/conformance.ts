/**
 * `npm run conformance -- <url> [--key <key> --signing-key <file>] [--body-limit <bytes>] [--json]`:
 * checks a running registry subgraph against the registry contract (docs/registry-contract.md),
 * clause by clause, before it joins the graph. `npm run conformance -- --new-key <folder>` makes a
 * key pair to check with: the subgraph trusts its public key set, the kit signs with its private key.
 *
 * Exit codes: 0 every MUST clause met; 1 one is not; 2 usage, or the subgraph cannot be reached;
 * 3 those checked are met, but some need a signing key (--signing-key).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GatewaySigningKeys, keyFileSource } from '../gateway/trust';
import { JWKS_FILE_VARIABLE } from '../shared/auth/subgraph-trust';
import { runCommand, UsageError } from './cli';
import { writeNewKey } from './conformance/new-key';
import { checkConformance, DEFAULT_BODY_LIMIT_BYTES, formatReport } from './conformance/run';

const USAGE = `usage: npm run conformance -- <url> [--key <key> --signing-key <file>] [--body-limit <bytes>] [--json]
       npm run conformance -- --new-key <folder>

  <url>                the subgraph's GraphQL URL, e.g. http://localhost:4005/graphql
  --key <key>          the registry's key, its name in the supergraph config (without --signing-key,
                       read from its schema, Person.<key>; with it, required: the kit signs for that name)
  --signing-key <file> a private key the subgraph trusts (PEM or JWK, as GATEWAY_SIGNING_KEY_FILE):
                       the gateway's, or one made with --new-key; without it the clauses that send
                       signed requests are not checked. With an X25519 key in it too, requests to a
                       subgraph that publishes one carry HS256 assertions (TRUST-5)
  --body-limit <bytes> the subgraph's request body limit (default ${DEFAULT_BODY_LIMIT_BYTES}, SUBGRAPH_LIMIT_BODY_BYTES)
  --json               the report as JSON
  --new-key <folder>   write <folder>/signing-key.pem and <folder>/jwks.json; start the subgraph with
                       ${JWKS_FILE_VARIABLE}=<folder>/jwks.json, then check it with --signing-key <folder>/signing-key.pem

Exit codes: 0 every MUST clause met, 1 one is not, 2 usage or unreachable, 3 some not checked (no key).`;

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        key: { type: 'string' },
        'signing-key': { type: 'string' },
        'body-limit': { type: 'string' },
        json: { type: 'boolean', default: false },
        'new-key': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Key pairs for the check (Ed25519, X25519): the private keys for the kit, the public key set for the subgraph. */
function newKey(folder: string): number {
  const { keyFile, jwksFile } = writeNewKey(folder);
  console.log(`conformance: wrote ${keyFile} (keep it to yourself) and ${jwksFile}.
Start the subgraph trusting it:   ${JWKS_FILE_VARIABLE}=${jwksFile} npm run start:<key>
Then check it:                    npm run conformance -- <url> --key <key> --signing-key ${keyFile}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = options(argv);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values['new-key'] !== undefined) return newKey(resolve(values['new-key']));
  if (positionals.length !== 1) throw new UsageError("give the subgraph's URL");
  const url = positionals[0]!;
  if (!/^https?:\/\//.test(url)) throw new UsageError(`"${url}" is not an http(s) URL`);
  const bodyLimit = values['body-limit'] === undefined ? DEFAULT_BODY_LIMIT_BYTES : Number(values['body-limit']);
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1) throw new UsageError(`--body-limit must be a number of bytes; got "${values['body-limit']}"`);
  const keys = values['signing-key'] ? new GatewaySigningKeys(keyFileSource(resolve(values['signing-key']))) : undefined;
  const report = await checkConformance({ url, ...(values.key ? { key: values.key } : {}), ...(keys ? { keys } : {}), bodyLimitBytes: bodyLimit });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.exitCode;
}

runCommand('conformance', USAGE, () => main(process.argv.slice(2)));
