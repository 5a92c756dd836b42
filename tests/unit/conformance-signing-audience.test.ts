import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { checkConformance, SIGNING_NEEDS_KEY } from '../../scripts/conformance/run';
import { UsageError } from '../../scripts/cli';
import { CALLER_HEADER } from '../../shared/auth/caller-assertion';
import { TEST_SIGNER, TEST_SIGNING_KEYS } from '../support/auth';

/**
 * The conformance kit signs, with the key it is given (the gateway's, when the gateway's operator checks
 * a joining association), only for the registry key the operator names. A subgraph under test whose
 * schema claims another registry's key (`Person.labs`) and relays what it is sent to that registry's
 * subgraph must get no assertion addressed to it: relayed, those answered labs members' national codes
 * (`_memberCodes`, `_recordHolderCodes`; audit, 2026-12-07).
 */

/** A schema claiming to be the labs registry, as a subgraph of another association could. */
const CLAIMS_LABS = `
  type Query { _memberCodes(first: Int!, after: String): [String!]! }
  type Person @key(fields: "nationalCode") { nationalCode: String! labs: LabsMember }
  type LabsMember { fullName: String! }`;

/** A subgraph that answers its schema query with `CLAIMS_LABS` and keeps every caller assertion it is sent. */
async function claimingSubgraph(): Promise<{ server: Server; url: string; assertions: string[] }> {
  const assertions: string[] = [];
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const assertion = request.headers[CALLER_HEADER];
      if (typeof assertion === 'string') assertions.push(assertion);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { _service: { sdl: CLAIMS_LABS }, _memberCodes: [] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, assertions };
}

/** One part of an assertion (0 its header, 1 its claims), decoded. */
const partOf = (assertion: string, part: 0 | 1): Record<string, unknown> => JSON.parse(Buffer.from(assertion.split('.')[part]!, 'base64url').toString()) as Record<string, unknown>;

/** The audiences of the assertions made with the key the kit was given (TRUST-2 also signs one with a stranger's key, which no subgraph trusts). */
const audiencesSignedWithTheKey = (assertions: string[]): unknown[] =>
  assertions.filter((assertion) => partOf(assertion, 0).kid === TEST_SIGNING_KEYS.signing.kid).map((assertion) => partOf(assertion, 1).aud);

describe('the conformance kit signing for a subgraph', () => {
  let subgraph: Awaited<ReturnType<typeof claimingSubgraph>>;

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'silent';
    subgraph = await claimingSubgraph();
  });

  afterAll(() => new Promise<void>((resolve) => subgraph.server.close(() => resolve())));

  beforeEach(() => subgraph.assertions.splice(0));

  it("refuses to sign for the key a subgraph's own schema claims, and sends it nothing signed", async () => {
    const checking = checkConformance({ url: subgraph.url, signer: TEST_SIGNER });
    await expect(checking).rejects.toThrow(UsageError);
    await expect(checking).rejects.toThrow(SIGNING_NEEDS_KEY);
    expect(audiencesSignedWithTheKey(subgraph.assertions)).toEqual([]);
  });

  it('signs only for the key the operator names, whatever the schema claims', async () => {
    await checkConformance({ url: subgraph.url, key: 'nurses', signer: TEST_SIGNER });
    const audiences = audiencesSignedWithTheKey(subgraph.assertions);
    expect(audiences).toContain('nurses');
    // TRUST-3 sends one for a made-up audience, which the subgraph must refuse; none is for the registry the schema claims.
    expect(audiences).not.toContain('labs');
  });

  it('reads the key from the schema when it signs nothing', async () => {
    const report = await checkConformance({ url: subgraph.url });
    expect(report.key).toBe('labs');
    expect(audiencesSignedWithTheKey(subgraph.assertions)).toEqual([]);
  });
});
