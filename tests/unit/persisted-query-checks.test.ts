import { ApolloServer } from '@apollo/server';
import { automaticPersistedQueryRefusal } from '../../gateway/persisted-queries/apq-checks';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import { gatewayPersistedQueries, PersistedQueryManifest, persistedQueriesPlugin, Safelist, sha256Hex, UnregisteredOperation } from '../../gateway/persisted-queries';
import { HttpEndpoint, serveHttp } from '../../shared/server/http-server';
import { createLog } from '../../shared/server/log';
import type { GatewayContext } from '../../gateway/auth';
import { ANONYMOUS } from '../../shared/auth/caller';

const QUERY = '{ ok }';
const MISMATCH = { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } };
const VERSION = { message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } };

describe("automatic persisted queries' checks", () => {
  it('refuses a version other than 1, and a text whose SHA-256 is not the hash sent; passes the rest', () => {
    const persisted = (persistedQuery: unknown) => ({ extensions: { persistedQuery } });
    expect(automaticPersistedQueryRefusal({ query: QUERY, ...persisted({ version: 1, sha256Hash: sha256Hex(QUERY) }) })).toBeUndefined();
    expect(automaticPersistedQueryRefusal(persisted({ version: 1, sha256Hash: 'unknown, for APQ to look up' }))).toBeUndefined();
    expect(automaticPersistedQueryRefusal({ query: QUERY })).toBeUndefined();
    expect(automaticPersistedQueryRefusal({ query: QUERY, ...persisted({ version: 1, sha256Hash: sha256Hex(`${QUERY} `) }) })).toEqual(MISMATCH);
    expect(automaticPersistedQueryRefusal({ query: QUERY, ...persisted({ version: 1, sha256Hash: 42 }) })).toEqual(MISMATCH);
    expect(automaticPersistedQueryRefusal({ query: QUERY, ...persisted({ version: 2, sha256Hash: sha256Hex(QUERY) }) })).toEqual(VERSION);
    expect(automaticPersistedQueryRefusal({ query: QUERY, ...persisted({ version: '1', sha256Hash: sha256Hex(QUERY) }) })).toEqual(VERSION);
    expect(automaticPersistedQueryRefusal(persisted(true))).toEqual(VERSION);
  });
});

/**
 * The gateway's refusals of persisted-query mistakes and batches are made in the HTTP layer: Apollo
 * Server never sees the request, so nothing depends on how Apollo words its own errors.
 */
describe('the HTTP layer refuses persisted-query mistakes and batches before Apollo Server reads the request', () => {
  let endpoint: HttpEndpoint;
  let apollo: ApolloServer;
  /** Requests that reached Apollo Server's request pipeline. */
  let reachedApollo = 0;

  beforeAll(async () => {
    apollo = new ApolloServer({
      typeDefs: 'type Query { ok: Boolean }',
      resolvers: { Query: { ok: () => true } },
      plugins: [{ requestDidStart: async () => void (reachedApollo += 1) }],
    });
    await apollo.start();
    const persisted = gatewayPersistedQueries({ safelist: 'off', requireId: false, apq: true }, createLog('test', { level: 'silent' }), () => undefined);
    endpoint = await serveHttp({ apollo, context: async () => ({}), checkOperation: persisted.checkOperation, maxBatchOperations: 1 }, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await endpoint?.close();
    await apollo?.stop();
  });

  const post = async (body: unknown) => {
    const response = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it.each([
    ['a hash that is not the text’s', { query: QUERY, extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex('another text') } } }, MISMATCH],
    ['a version other than 1', { query: QUERY, extensions: { persistedQuery: { version: 2, sha256Hash: sha256Hex(QUERY) } } }, VERSION],
  ])('%s: 400 BAD_REQUEST, and Apollo Server never sees it', async (_, body, error) => {
    const before = reachedApollo;
    expect(await post(body)).toEqual({ status: 400, body: { errors: [error] } });
    expect(reachedApollo).toBe(before);
  });

  it('a batch: 400 BATCHING_NOT_SUPPORTED, and Apollo Server never sees it', async () => {
    const before = reachedApollo;
    const answer = await post([{ query: QUERY }, { query: QUERY }]);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ extensions: { code: 'BATCHING_NOT_SUPPORTED' } }] });
    expect(reachedApollo).toBe(before);
  });

  it('passes a well-formed persisted query on to Apollo Server, which registers and serves it', async () => {
    const before = reachedApollo;
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256Hex(QUERY) } };
    expect(await post({ query: QUERY, extensions })).toEqual({ status: 200, body: { data: { ok: true } } });
    expect(await post({ extensions })).toEqual({ status: 200, body: { data: { ok: true } } });
    expect(reachedApollo).toBe(before + 2);
  });

  it('leaves to Apollo Server a request it refuses before its persisted-query checks (extensions that are not an object)', async () => {
    const answer = await post({ query: QUERY, extensions: JSON.stringify({ persistedQuery: { version: 2 } }) });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect(answer.body).not.toEqual({ errors: [VERSION] });
  });
});

const REGISTERED = 'query Registered { ok }';
const manifest: PersistedQueryManifest = {
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: [{ id: sha256Hex(REGISTERED), name: 'Registered', type: 'query', body: REGISTERED }],
};

/**
 * Under `SAFELIST=enforce` an unregistered operation is refused in the HTTP layer: Apollo Server
 * never sees it (no stand-in document runs in its place), and it is reported once.
 */
describe('the safelist refuses in the HTTP layer', () => {
  let endpoint: HttpEndpoint;
  let apollo: ApolloServer<GatewayContext>;
  let reachedApollo = 0;
  const reported: UnregisteredOperation[] = [];
  let manifestFile: string;

  beforeAll(async () => {
    manifestFile = join(mkdtempSync(join(tmpdir(), 'safelist-')), 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const persisted = gatewayPersistedQueries({ safelist: 'enforce', requireId: false, apq: true, manifestFile }, createLog('test', { level: 'silent' }), (operation) =>
      reported.push(operation),
    );
    apollo = new ApolloServer<GatewayContext>({
      typeDefs: 'type Query { ok: Boolean }',
      resolvers: { Query: { ok: () => true } },
      plugins: [persisted.plugin, { requestDidStart: async () => void (reachedApollo += 1) }],
    });
    await apollo.start();
    endpoint = await serveHttp({ apollo, context: async () => ({ caller: ANONYMOUS }), checkOperation: persisted.checkOperation }, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await endpoint?.close();
    await apollo?.stop();
  });

  const post = async (body: unknown) => {
    const response = await fetch(endpoint.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('refuses an unregistered text and an unknown id with 400 and their codes, reports each once, and Apollo Server never sees them', async () => {
    const before = reachedApollo;
    expect(await post({ query: 'query Other { ok }' })).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'This gateway serves only registered operations, and operation Other is not one of them: register it in the persisted query manifest.',
            extensions: { code: 'QUERY_NOT_IN_SAFELIST', messageId: 'QUERY_NOT_IN_SAFELIST', params: { what: 'operation Other' } },
          },
        ],
      },
    });
    const unknown = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex('{ ok }') } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }] });
    expect(reachedApollo).toBe(before);
    expect(reported).toEqual([
      { name: 'Other', refused: true, requestId: expect.any(String) as unknown },
      { id: sha256Hex('{ ok }'), refused: true, requestId: expect.any(String) as unknown },
    ]);
  });

  it('serves a registered operation by its id', async () => {
    expect(await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(REGISTERED) } } })).toEqual({ status: 200, body: { data: { ok: true } } });
  });

  it('refuses in didResolveOperation an unregistered operation that reaches Apollo Server without the HTTP layer, the client’s document never replaced', async () => {
    const seen: string[] = [];
    const direct = new ApolloServer({
      typeDefs: 'type Query { ok: Boolean }',
      resolvers: { Query: { ok: () => true } },
      plugins: [
        persistedQueriesPlugin({ safelist: new Safelist(manifest), mode: 'enforce', requireId: false }),
        { requestDidStart: async () => ({ didResolveOperation: async ({ document }) => void seen.push(print(document)) }) },
      ],
    });
    await direct.start();
    try {
      const answer = await direct.executeOperation({ query: 'query Other { ok }' });
      expect(answer.http.status).toBe(400);
      expect(answer.body).toMatchObject({ kind: 'single', singleResult: { errors: [{ extensions: { code: 'QUERY_NOT_IN_SAFELIST' } }] } });
      expect(seen).toEqual([print(parse('query Other { ok }'))]);
    } finally {
      await direct.stop();
    }
  });
});
