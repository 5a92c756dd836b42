import { ALL_SCOPES, callerHeader } from '../support/auth';
import { postGraphQL } from '../support/graph';
import { openFresh, storesUnderTest } from '../support/stores';
import { SUBGRAPH_LIMIT_DEFAULTS } from '../../shared/limits';
import { runSubgraph, RunningRegistrySubgraph } from '../../shared/server/run';
import { CountingStore } from '../../shared/store/counting-store';
import { labsSubgraph } from '../../subgraphs/labs';

/** A registrar of every registry, as the gateway would vouch for them: the strongest caller there is. */
const REGISTRAR = { authenticated: true, subject: 'registrar', scopes: ALL_SCOPES };

/** `levels` rounds of member -> role -> organisation -> role -> member, below one member. */
const cycle = (levels: number): string =>
  `{ labsMembers(first: 1) { nodes { ${'labs { roles { organisation { labs { roles { person { '.repeat(levels)}__typename${' } } } } } }'.repeat(levels)} } } }`;

/**
 * A subgraph holds every document it receives to its own limits, whoever signed the caller header:
 * a member association holding valid key material, or a gateway misconfigured, still cannot ask a
 * registry for a dump in one request. Nothing is read from the store for a refused document.
 */
describe.each(storesUnderTest().map((candidate) => [candidate.name, candidate] as const))("a subgraph's own request limits, on the %s", (_name, candidate) => {
  const run = candidate.open ? it : it.skip;
  let subgraph: RunningRegistrySubgraph | undefined;
  let store: CountingStore;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    if (!candidate.open) return;
    process.env.LOG_LEVEL ??= 'silent';
    const fresh = await openFresh(candidate, 'registry_labs_limits');
    dispose = fresh.dispose;
    store = new CountingStore(fresh.store);
    subgraph = await runSubgraph(labsSubgraph, { port: 0, host: '127.0.0.1', databaseName: 'registry_labs_limits', seedDemoData: true }, store);
    await subgraph.prepared;
  });
  afterAll(async () => {
    await subgraph?.stop();
    await dispose?.();
  });

  /** Sends `query` straight to the subgraph with a valid caller assertion; returns the answer and how many store calls it made. */
  async function send(query: string, variables?: Record<string, unknown>) {
    const before = store.total;
    const headers = callerHeader('labs', JSON.stringify({ query, variables }), REGISTRAR);
    const answer = await postGraphQL<Record<string, unknown>>(subgraph!.url, query, variables, headers);
    return { ...answer, codes: (answer.errors ?? []).map((e) => e.extensions?.code), storeCalls: store.total - before };
  }

  run('answers an ordinary document under a valid assertion', async () => {
    const ordinary = await send('{ labsMembers(first: 2) { nodes { nationalCode labs { fullName } } } }');
    expect(ordinary.errors).toBeUndefined();
    expect(ordinary.storeCalls).toBeGreaterThan(0);
  });

  run('refuses a document nested past SUBGRAPH_LIMIT_DEPTH, reading nothing', async () => {
    const deep = await send(cycle(3));
    expect(deep.status).toBe(400);
    expect(deep.codes).toContain('QUERY_TOO_DEEP');
    expect(deep.errors!.find((e) => e.extensions?.code === 'QUERY_TOO_DEEP')).toMatchObject({
      message: expect.stringMatching(/the limit is 16 \(SUBGRAPH_LIMIT_DEPTH\)/),
      extensions: { limit: SUBGRAPH_LIMIT_DEFAULTS.depth, measured: 21 },
    });
    expect(deep.storeCalls).toBe(0);
  });

  run('refuses lists that multiply past SUBGRAPH_LIMIT_COST, reading nothing', async () => {
    const costly = await send(
      '{ labsMembers(first: 100) { nodes { labs { roles { organisation { labs { roles { person { labs { roles { body since { iso jalali } } } } } } } } } } } }',
    );
    expect(costly.status).toBe(400);
    expect(costly.codes).toEqual(['QUERY_TOO_COSTLY']);
    expect(costly.errors![0]!.message).toMatch(/the limit is 250,000 \(SUBGRAPH_LIMIT_COST\)/);
    expect(costly.storeCalls).toBe(0);
  });

  run('counts an entity batch by its representations: 10,000 national codes at once are refused, reading nothing', async () => {
    const representations = Array.from({ length: 10_000 }, (_, i) => ({ __typename: 'Person', nationalCode: String(i).padStart(10, '0') }));
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { labs { fullName expertise roles { body bodyKind position since { iso jalali } } } } } }';
    const batch = await send(query, { r: representations });
    expect(batch.status).toBe(400);
    expect(batch.codes).toEqual(['QUERY_TOO_COSTLY']);
    expect(batch.errors![0]!.extensions).toMatchObject({ limit: SUBGRAPH_LIMIT_DEFAULTS.cost, measured: 1 + 10_000 * 64 });
    expect(batch.storeCalls).toBe(0);
    // The same batch for a page of 100, as the gateway sends it, is answered.
    const page = await send(query, { r: representations.slice(0, 100) });
    expect(page.errors).toBeUndefined();
  });

  run('refuses too many aliases, too many root fields and too many tokens, each reading nothing', async () => {
    const aliases = await send(`{ labsMembers(first: 1) { nodes { labs { ${Array.from({ length: 101 }, (_, i) => `a${i}: fullName`).join(' ')} } } } }`);
    expect(aliases.codes).toEqual(['TOO_MANY_ALIASES']);
    expect(aliases.errors![0]!.message).toMatch(/\(SUBGRAPH_LIMIT_ALIASES\)/);
    const roots = await send(`{ ${Array.from({ length: 21 }, (_, i) => `p${i}: labsMembers(first: 1) { nodes { nationalCode } }`).join(' ')} }`);
    expect(roots.codes).toEqual(['TOO_MANY_ROOT_FIELDS']);
    const tokens = await send(`{ ${'__typename '.repeat(SUBGRAPH_LIMIT_DEFAULTS.tokens)}}`);
    expect(tokens.status).toBe(400);
    expect(tokens.codes).toEqual(['TOO_MANY_TOKENS']);
    for (const refused of [aliases, roots, tokens]) expect(refused.storeCalls).toBe(0);
  });

  run('refuses a body over SUBGRAPH_LIMIT_BODY_BYTES with 413', async () => {
    const big = await send(`{ labsMembers(first: 1) { nodes { nationalCode } } }`, { padding: 'x'.repeat(SUBGRAPH_LIMIT_DEFAULTS.bodyBytes) });
    expect(big.status).toBe(413);
    expect(big.codes).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(big.storeCalls).toBe(0);
  });
});
