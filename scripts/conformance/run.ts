import { UsageError } from '../cli';
import { CallerSigner, DEFAULT_ASSERTION_SECONDS, GatewaySigningKeys, SubgraphKeys } from '../../gateway/trust';
import { typePrefixOf } from '../../shared/registry/keys';
import { CheckContext, Clause, CLAUSES, CONTRACT_VERSION, Outcome } from './clauses';
import { Probe } from './probe';
import { SchemaIndex } from './schema-index';

export interface ConformanceOptions {
  /** The subgraph's GraphQL URL. */
  url: string;
  /**
   * The registry's key; read from its schema (the one field of `Person` besides `nationalCode`) when
   * absent, and then nothing is signed: with `signer` or `keys` it is required (SIGNING_NEEDS_KEY).
   */
  key?: string;
  /** Signs requests as the gateway does, with a key the subgraph trusts; the clauses that need it are not checked without. */
  signer?: CallerSigner;
  /**
   * The kit's key material instead of a signer (the command's --signing-key): with an X25519 key in
   * it, requests to a subgraph that publishes one carry HS256 assertions, as the gateway sends them,
   * and TRUST-5 checks them.
   */
  keys?: GatewaySigningKeys;
  /** The body size over which the subgraph must refuse a request (LIMIT-1); 1 MiB, the default, when absent. */
  bodyLimitBytes?: number;
  /** The clauses to check; every clause of the contract by default. */
  clauses?: readonly Clause[];
}

export interface ClauseResult {
  id: string;
  level: Clause['level'];
  title: string;
  outcome: Outcome;
}

export interface ConformanceReport {
  contractVersion: number;
  url: string;
  key: string;
  results: ClauseResult[];
  /** 0 every MUST clause met; 1 one not met; 3 those checked met, some not checked (a key missing). */
  exitCode: 0 | 1 | 3;
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** What the key fetch would log: TRUST-5 reports it instead. */
const QUIET = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The registry's key as its schema shows it: the one field of `Person` besides `nationalCode`. */
function keyOfSchema(index: SchemaIndex): string | undefined {
  const fields = [...(index.type('Person')?.fields.keys() ?? [])].filter((name) => name !== 'nationalCode');
  return fields.length === 1 ? fields[0] : undefined;
}

/**
 * Why the kit signs only for a key the operator names. Every assertion it signs is addressed to the
 * registry's key (`aud`); read from the schema of the subgraph under test, that key would be the
 * subgraph's own word, and one that claims another registry's (`Person.labs`) would be handed, with
 * the gateway's key, assertions the labs subgraph accepts (once each, for 10 s): relayed there, its
 * `_memberCodes` and `_recordHolderCodes` answered members' national codes (audit, 2026-12-07).
 */
export const SIGNING_NEEDS_KEY =
  "give --key <the subgraph's name in the supergraph config> with --signing-key: the kit signs its requests for that name, and the name a subgraph's own schema claims could be another registry's, whose subgraph would accept what the kit signs";

/**
 * Checks a running subgraph against every clause of the registry contract
 * (docs/registry-contract.md), one after another (no clause's requests overlap another's).
 */
export async function checkConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  if ((options.signer || options.keys) && !options.key) throw new UsageError(SIGNING_NEEDS_KEY);
  const unsigned = new Probe(options.url, options.key ?? '', undefined);
  let sdl: string | undefined;
  try {
    const answer = await unsigned.unsigned<{ _service: { sdl: string } }>('{ _service { sdl } }');
    sdl = answer.status === 200 ? (answer.data?._service?.sdl ?? undefined) : undefined;
  } catch (error) {
    throw new Error(`cannot reach ${options.url}: ${(error as Error).message}`, { cause: error });
  }
  let index: SchemaIndex | undefined;
  try {
    index = sdl === undefined ? undefined : SchemaIndex.of(sdl);
  } catch {
    index = undefined;
  }
  const key = options.key ?? (index && keyOfSchema(index));
  if (!key) throw new UsageError(`cannot tell the registry's key from ${options.url}'s schema: give it with --key`);
  // The subgraph's X25519 key, fetched as the gateway fetches it, when the kit holds one to pair it with.
  const peers = options.keys?.agreement ? new SubgraphKeys(() => [{ name: key, url: options.url }], QUIET) : undefined;
  await peers?.refreshAll();
  const signer = options.signer ?? (options.keys ? new CallerSigner(options.keys, DEFAULT_ASSERTION_SECONDS, peers) : undefined);
  const context: CheckContext = {
    probe: new Probe(options.url, key, signer),
    ...(options.keys ? { keys: options.keys } : {}),
    key,
    prefix: typePrefixOf(key),
    ...(sdl !== undefined ? { sdl } : {}),
    ...(index ? { index } : {}),
    today: new Date().toISOString().slice(0, 10),
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
  };
  const results: ClauseResult[] = [];
  for (const clause of options.clauses ?? CLAUSES) {
    let outcome: Outcome;
    try {
      outcome = await clause.check(context);
    } catch (error) {
      outcome = { status: 'not met', reason: `the check could not finish: ${(error as Error).message}` };
    }
    results.push({ id: clause.id, level: clause.level, title: clause.title, outcome });
  }
  const must = results.filter((result) => result.level === 'MUST');
  const exitCode = must.some((result) => result.outcome.status === 'not met') ? 1 : must.some((result) => result.outcome.status === 'not checked') ? 3 : 0;
  return { contractVersion: CONTRACT_VERSION, url: options.url, key, results, exitCode };
}

const LABELS: Record<Outcome['status'], string> = { met: 'met', 'not met': 'NOT MET', 'not checked': 'not checked', 'not checkable': 'n/a' };

/** The report as the command prints it: one line per clause, then the verdict. */
export function formatReport(report: ConformanceReport): string {
  const lines = [`conformance: the ${report.key} subgraph at ${report.url}, against the registry contract version ${report.contractVersion} (docs/registry-contract.md)`, ''];
  for (const { id, level, title, outcome } of report.results) {
    const why = outcome.status === 'met' ? outcome.detail : outcome.reason;
    lines.push(`  ${LABELS[outcome.status].padEnd(11)} ${id.padEnd(9)} ${level.padEnd(6)} ${title}`);
    lines.push(`${' '.repeat(37)}${why}`);
  }
  const count = (status: Outcome['status']) => report.results.filter((result) => result.outcome.status === status);
  const failed = count('not met');
  const mustFailed = failed.filter((result) => result.level === 'MUST');
  lines.push('');
  lines.push(
    `${report.exitCode === 0 ? 'PASSED' : report.exitCode === 1 ? 'FAILED' : 'INCOMPLETE'}: ${count('met').length} met, ${failed.length} not met` +
      `${failed.length ? ` (${failed.map((result) => `${result.id}${result.level === 'SHOULD' ? ' (SHOULD)' : ''}`).join(', ')})` : ''}, ` +
      `${count('not checked').length} not checked, ${count('not checkable').length} not checkable from outside.` +
      (mustFailed.length === 0 && report.exitCode === 3 ? ' Give --signing-key to check the rest.' : ''),
  );
  return lines.join('\n');
}
