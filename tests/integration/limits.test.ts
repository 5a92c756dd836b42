import { getIntrospectionQuery } from 'graphql';
import { RunningGateway } from '../../gateway/gateway';
import { LIMIT_DEFAULTS, limitSettingsFromEnvironment } from '../../gateway/limits';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { testToken } from '../support/auth';
import { gatewayOver, startTestGraph, TestGraph } from '../support/graph';

const TAJIK = SEED_PEOPLE.saeedTajik.nationalCode;

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | unknown[];
}

async function send(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }, method = 'POST'): Promise<Answer> {
  const response = await fetch(url, { method, headers, ...(method === 'GET' || method === 'OPTIONS' ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

const errorsOf = (answer: Answer) => (Array.isArray(answer.body) ? [] : (answer.body.errors ?? []));
const codesOf = (answer: Answer) => errorsOf(answer).map((e) => e.extensions?.code);

/** `{ a { a { ... b } } }`, `levels` fields deep below the root field. */
const nested = (levels: number) => `{${'a{'.repeat(levels)}b${'}'.repeat(levels)}}`;

describe('request limits at the gateway (defaults)', () => {
  let graph: TestGraph;
  const post = (query: string, variables?: Record<string, unknown>, token?: string) =>
    send(graph.gatewayUrl, JSON.stringify({ query, variables }), { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) });
  const storeCalls = () => Object.values(graph.stores).reduce((sum, store) => sum + store.total, 0);
  const storeWrites = () => Object.values(graph.stores).reduce((sum, store) => sum + store.totalWrites, 0);

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it('accepts the standard introspection query and an ordinary query', async () => {
    const introspection = await post(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(introspection.status).toBe(200);
    expect(errorsOf(introspection)).toEqual([]);
    const members = await post(`{ labsMembers(search: "سعید تاجیک") { nodes { fullName labs { roles { organisation { name } } } } } }`);
    expect(errorsOf(members)).toEqual([]);
  });

  it('refuses a 1 MB document with 413 PAYLOAD_TOO_LARGE, and a depth-1,000 document with 400 QUERY_TOO_DEEP', async () => {
    const big = await post(`{ ${'__typename '.repeat(100_000)}}`);
    expect(big.status).toBe(413);
    expect(codesOf(big)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(errorsOf(big)[0]!.message).toMatch(/the limit is 102400 bytes/);

    const deep = await post(nested(1_000));
    expect(deep.status).toBe(400);
    expect(codesOf(deep)).toEqual(['QUERY_TOO_DEEP']);
    expect(errorsOf(deep)[0]!.extensions).toMatchObject({ limit: LIMIT_DEFAULTS.depth, measured: 1_001 });
    // Refused before validation: validation would have said that Query has no field `a`.
    expect(errorsOf(deep)[0]!.message).not.toMatch(/Cannot query field/);
  });

  it('refuses a body that grows past the limit without a content-length', async () => {
    const chunks = [Buffer.from('{"query":"{ '), ...Array.from({ length: 40 }, () => Buffer.alloc(4096, 0x20)), Buffer.from('__typename }"}')];
    const stream = new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(graph.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a document of more tokens than the parser reads with TOO_MANY_TOKENS', async () => {
    const answer = await post(`{ ${'__typename '.repeat(LIMIT_DEFAULTS.tokens)}}`);
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(['TOO_MANY_TOKENS']);
    expect(errorsOf(answer)[0]!.message).toMatch(/more than 5,000 tokens/);
  });

  it('refuses a document nested too deeply for the parser itself, as too deep', async () => {
    const answer = await post(`{ person(nationalCode: ${'['.repeat(2_450)}${']'.repeat(2_450)}) { nationalCode } }`);
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('refuses too many aliases, too many root fields and a deep cyclic query, each with its code and figures', async () => {
    const aliases = await post(`{ person(nationalCode: "${TAJIK}") { ${Array.from({ length: 31 }, (_, i) => `a${i}: nationalCode`).join(' ')} } }`);
    expect(aliases.status).toBe(400);
    expect(codesOf(aliases)).toEqual(['TOO_MANY_ALIASES']);
    expect(errorsOf(aliases)[0]!.message).toMatch(/31 aliases .*the limit is 30 \(LIMIT_ALIASES\)/);

    const roots = await post(`{ ${Array.from({ length: 11 }, (_, i) => `p${i}: person(nationalCode: "${TAJIK}") { nationalCode }`).join(' ')} }`);
    expect(roots.status).toBe(400);
    expect(codesOf(roots)).toEqual(['TOO_MANY_ROOT_FIELDS']);
    expect(errorsOf(roots)[0]!.extensions).toMatchObject({ limit: 10, measured: 11 });

    const cycle = `{ person(nationalCode: "${TAJIK}") { labs { roles { organisation { labs { roles { person { labs { roles { person { nationalCode } } } } } } } } } } }`;
    const deep = await post(cycle);
    expect(deep.status).toBe(400);
    expect(codesOf(deep)).toContain('QUERY_TOO_DEEP');
  });

  it('refuses a query whose lists multiply past the cost limit, also when its document is cached', async () => {
    const query = 'query Wide($n: Int) { labsMembers(first: $n) { nodes { labs { roles { organisation { labs { roles { person { nationalCode } } } } } } } } }';
    const reader = await testToken([PERSONAL_READ_SCOPE]); // national codes are personal
    const small = await post(query, { n: 2 }, reader);
    expect(errorsOf(small)).toEqual([]);
    for (const variables of [{ n: 1_000_000 }, { n: 1_000 }]) {
      const calls = storeCalls();
      const costly = await post(query, variables, reader);
      expect(costly.status).toBe(400);
      expect(codesOf(costly)).toEqual(['QUERY_TOO_COSTLY']);
      expect(errorsOf(costly)[0]!.message).toMatch(/Operation Wide has an estimated cost of [\d,]+; the limit is 50,000 \(LIMIT_COST\)/);
      expect(storeCalls()).toBe(calls);
    }
  });

  it('measures a fragment bomb without expanding it, and a fragment cycle without looping', async () => {
    const bomb = [
      '{ ...F40 }',
      `fragment F0 on Query { person(nationalCode: "${TAJIK}") { nationalCode } }`,
      ...Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`),
    ].join('\n');
    const refused = await post(bomb);
    expect(refused.status).toBe(400);
    expect(codesOf(refused)).toEqual(['TOO_MANY_ROOT_FIELDS', 'QUERY_TOO_COSTLY']);
    const cycle = await post('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }');
    expect(cycle.status).toBe(400);
    expect(codesOf(cycle)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(errorsOf(cycle)[0]!.message).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('answers a document of 1,000 repeated plain fields with a coded error naming the limit graphql-js hit, not a bare "Validation aborted."', async () => {
    const calls = storeCalls();
    const repeated = await post(`{ labsMembers(first: 1) { nodes { ${'fullName '.repeat(1_000)}} } }`);
    expect(repeated.status).toBe(400);
    expect(codesOf(repeated)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(errorsOf(repeated)[0]!.message).toMatch(/same name so many times that checking they can be merged .* went past the validator's budget of comparisons/);
    expect(errorsOf(repeated)[0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'field merge comparisons' });
    expect(storeCalls()).toBe(calls);
  });

  it('writes nothing when a mutation is refused by a limit', async () => {
    const writes = storeWrites();
    const upserts = Array.from({ length: 11 }, (_, i) => `m${i}: upsertLabsMember(input: { nationalCode: "0019876505", fullName: "مریم نوری" }) { nationalCode }`);
    const answer = await post(`mutation { ${upserts.join(' ')} }`);
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(['TOO_MANY_ROOT_FIELDS']);
    expect(storeWrites()).toBe(writes);
  });

  it('does not accept batches: a JSON array of operations gets 400 BATCHING_NOT_SUPPORTED', async () => {
    const answer = await send(graph.gatewayUrl, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(['BATCHING_NOT_SUPPORTED']);
    expect(errorsOf(answer)[0]!.message).toMatch(/does not accept batched requests .*2 operations/);
  });

  it('keeps CSRF prevention on: a simple GET or a text/plain POST without preflight headers is refused with 400', async () => {
    const get = await send(`${graph.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`, '', {}, 'GET');
    expect(get.status).toBe(400);
    expect(errorsOf(get)[0]!.message).toMatch(/Cross-Site Request Forgery/);
    const textPlain = await send(graph.gatewayUrl, JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'text/plain' });
    expect(textPlain.status).toBe(400);
    expect(errorsOf(textPlain)[0]!.message).toMatch(/Cross-Site Request Forgery/);
    const withPreflightHeader = await send(`${graph.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`, '', { 'apollo-require-preflight': 'true' }, 'GET');
    expect(withPreflightHeader.status).toBe(200);
  });

  it('sends no CORS headers when CORS_ORIGINS is unset', async () => {
    const answer = await send(graph.gatewayUrl, JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'application/json', origin: 'https://registry.example' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('still answers after every refusal', async () => {
    const answer = await post('{ __typename }');
    expect(answer.body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('request limits at the gateway (INTROSPECTION=false, CORS_ORIGINS, LIMIT_BATCH=2, small limits)', () => {
  let graph: TestGraph;
  let gateway: RunningGateway;
  const ORIGIN = 'https://registry.example';

  beforeAll(async () => {
    graph = await startTestGraph();
    gateway = await gatewayOver(graph, {
      limits: limitSettingsFromEnvironment({
        INTROSPECTION: 'false',
        CORS_ORIGINS: `${ORIGIN},http://localhost:3000`,
        LIMIT_BATCH: '2',
        LIMIT_BODY_BYTES: '4000',
        LIMIT_DEPTH: '3',
        LIMIT_COST: '100',
      }),
    });
  });
  afterAll(async () => {
    await gateway?.stop(0);
    await graph?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) => send(gateway.url, JSON.stringify(body), { 'content-type': 'application/json', ...headers });

  it('refuses __schema and __type with INTROSPECTION_DISABLED, and still answers __typename', async () => {
    for (const query of [getIntrospectionQuery(), '{ __type(name: "Person") { name } }']) {
      const answer = await post({ query });
      expect(answer.status).toBe(400);
      expect(codesOf(answer)[0]).toBe('INTROSPECTION_DISABLED');
      expect(errorsOf(answer)[0]!.message).toMatch(/Introspection \(__(schema|type)\) is turned off on this gateway \(INTROSPECTION=false\)/);
    }
    expect((await post({ query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('uses the configured depth, cost and body limits', async () => {
    expect(codesOf(await post({ query: `{ person(nationalCode: "${TAJIK}") { labs { roles { body } } } }` }))).toEqual(['QUERY_TOO_DEEP']);
    expect(codesOf(await post({ query: '{ labsMembers(first: 100) { nodes { nationalCode } } }' }))).toEqual(['QUERY_TOO_COSTLY']);
    const big = await post({ query: `{ ${'__typename '.repeat(400)}}` });
    expect(big.status).toBe(413);
    expect(errorsOf(big)[0]!.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 4000 });
  });

  it('answers batches of up to LIMIT_BATCH operations, each checked on its own, and refuses larger ones', async () => {
    const two = await post([{ query: '{ __typename }' }, { query: '{ __schema { queryType { name } } }' }]);
    expect(two.status).toBe(400);
    expect(two.body).toEqual([
      { data: { __typename: 'Query' } },
      { errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'INTROSPECTION_DISABLED' }) })] },
    ]);
    const ok = await post([{ query: '{ __typename }' }, { query: `{ labsMembers(search: "سعید تاجیک") { nodes { registries } } }` }]);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual([{ data: { __typename: 'Query' } }, { data: { labsMembers: { nodes: [{ registries: ['LABS', 'AUDITORS'] }] } } }]);
    const three = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(three.status).toBe(400);
    expect(codesOf(three)).toEqual(['BATCH_TOO_LARGE']);
  });

  it('answers a CORS preflight from a listed origin, and gives an unlisted one no allow-origin', async () => {
    const preflight = await send(gateway.url, '', { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }, 'OPTIONS');
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/content-type/);
    expect(preflight.headers.get('vary')).toMatch(/origin/i);

    const allowed = await post({ query: '{ __typename }' }, { origin: ORIGIN });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    const stranger = await send(gateway.url, '', { origin: 'https://evil.example', 'access-control-request-method': 'POST' }, 'OPTIONS');
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(stranger.headers.get('access-control-allow-methods')).toBeNull();
    const strangerPost = await post({ query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(strangerPost.headers.get('access-control-allow-origin')).toBeNull();
  });
});
