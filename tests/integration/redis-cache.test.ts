import { createHash } from 'node:crypto';
import { createClient } from '@keyv/redis';
import { cacheSettingsFromEnvironment, FailSoftCache, REDIS_NAMESPACE } from '../../gateway/cache';
import { RunningGateway } from '../../gateway/gateway';
import { APQ_TTL_SECONDS } from '../../gateway/persisted-queries/gateway-persisted-queries';
import { gatewayOver, startTestGraph, TestGraph } from '../support/graph';
import { testToken } from '../support/auth';
import { redisServerMissing, startRedis, TestRedis } from '../support/redis';

/**
 * Scale-out (issue #7, item 6): two gateway replicas on one real Redis share the persisted-query
 * store and the response cache. The four subgraphs run once, on counting stores, so the test sees
 * whether a replica answered from the shared cache (no store call) or ran the query.
 */

const missing = redisServerMissing();
if (missing) process.stderr.write(`\nRedis suite skipped: ${missing}\n`);

interface Answer {
  status: number;
  age: string | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(url: string, body: unknown, token?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, age: response.headers.get('age'), body: (await response.json()) as Answer['body'] };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

(missing ? describe.skip : describe)(`gateway replicas sharing Redis${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let redis: TestRedis;
  let graph: TestGraph;
  const replicas: RunningGateway[] = [];
  let a: string;
  let b: string;

  const storeCalls = () => Object.values(graph.stores).reduce((sum, store) => sum + store.total, 0);
  const resetCalls = () => Object.values(graph.stores).forEach((store) => store.reset());

  beforeAll(async () => {
    redis = await startRedis();
    graph = await startTestGraph();
    for (let i = 0; i < 2; i += 1) {
      replicas.push(
        // A long life, so that no entry expires during the test: freshness is shown by mutations, not by waiting.
        await gatewayOver(graph, { cache: { redisUrl: redis.url, responseTtlSeconds: 600 } }),
      );
    }
    [a, b] = replicas.map((replica) => replica.url) as [string, string];
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await graph?.stop();
    await redis?.stop();
  });

  it('registers a persisted query on replica A that replica B then runs by its hash alone', async () => {
    const query = 'query ApqJointProjects { jointProjects(registry: AUDITORS) { totalCount nodes { id title } } }';
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };

    // Before registration neither replica knows the hash.
    const unknown = await post(b, { extensions: { persistedQuery } });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await post(a, { query, extensions: { persistedQuery } });
    expect(registered.status).toBe(200);
    expect(registered.body.errors).toBeUndefined();

    const byHash = await post(b, { extensions: { persistedQuery } });
    expect(byHash.status).toBe(200);
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data).toEqual(registered.body.data);
    expect((byHash.body.data as { jointProjects: { totalCount: number } }).jointProjects.totalCount).toBeGreaterThan(0);

    // It is Redis that holds it, under the gateway's namespace.
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const keys = await client.keys(`${REDIS_NAMESPACE}*apq:${persistedQuery.sha256Hash}`);
      expect(keys).toHaveLength(1);
    } finally {
      await client.disconnect();
    }

    // A hash nobody registered is still unknown on B: the shared store is not answering everything.
    const other = await post(b, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(`${query} `) } } });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('names no caller in its keys, in a form a guess could be tested against, and lets registered texts expire', async () => {
    // A member whose token's subject is her national code registers a text, and runs a public query.
    const subject = '0061234508';
    const token = await testToken([], { subject });
    const query = 'query MemberApq { jointProjects(registry: LABS) { totalCount } }';
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    expect((await post(a, { query, extensions: { persistedQuery } }, token)).body.errors).toBeUndefined();
    expect((await post(a, { query }, token)).body.errors).toBeUndefined();
    // Found again by its hash for her, on the other replica too.
    expect((await post(b, { extensions: { persistedQuery } }, token)).body.errors).toBeUndefined();

    const identity = JSON.stringify([subject, []]);
    const guesses = [subject, createHash('sha256').update(identity).digest('base64url'), createHash('sha256').update(identity).digest('hex')];
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const keys = await client.keys(`${REDIS_NAMESPACE}*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) for (const guess of guesses) expect(key).not.toContain(guess);
      const [registered] = await client.keys(`${REDIS_NAMESPACE}*apq:${persistedQuery.sha256Hash}`);
      const ttl = await client.ttl(registered!);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(APQ_TTL_SECONDS);
    } finally {
      await client.disconnect();
    }
  });

  it('answers on replica B, without touching a store, a public query replica A ran', async () => {
    const query = 'query CachedProjects($registry: Registry) { jointProjects(registry: $registry) { totalCount nodes { id title lead { name } } } }';
    resetCalls();
    const first = await post(a, { query, variables: { registry: 'GUILDS' } });
    expect(first.body.errors).toBeUndefined();
    expect(first.age).toBeNull();
    expect(storeCalls()).toBeGreaterThan(0);

    resetCalls();
    const second = await post(b, { query, variables: { registry: 'GUILDS' } });
    expect(second.body).toEqual(first.body);
    expect(second.age).not.toBeNull();
    expect(storeCalls()).toBe(0);

    // Other variables are another entry: B runs that one.
    resetCalls();
    const otherVariables = await post(b, { query, variables: { registry: 'LABS' } });
    expect(otherVariables.body.errors).toBeUndefined();
    expect(otherVariables.age).toBeNull();
    expect(storeCalls()).toBeGreaterThan(0);
  });

  it('never keeps an answer with personal data: each replica runs it for each caller', async () => {
    const token = await testToken(['personal:read']);
    const query = 'query Personal { person(nationalCode: "0061234508") { nationalCode fullName labs { contact { email } } } }';
    const first = await post(a, { query }, token);
    expect(first.body.errors).toBeUndefined();
    expect((first.body.data as { person: { nationalCode: string } }).person.nationalCode).toBe('0061234508');

    resetCalls();
    const again = await post(b, { query }, token);
    expect(again.body).toEqual(first.body);
    expect(again.age).toBeNull();
    expect(storeCalls()).toBeGreaterThan(0);

    // Without the scope the answer is still refused, not served from anywhere.
    const anonymous = await post(b, { query });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.data ?? null).toBeNull();
  });

  it("keeps no answer naming who entered a record, so a reader of Redis never finds an admin's subject there", async () => {
    // A guilds admin whose token's subject is her national code registers a unit: its provenance names her.
    const subject = '0012345679';
    const admin = await testToken(['guilds:admin', 'personal:read'], { subject });
    const unit = {
      licenceNumber: '71-003-99901',
      name: 'نانوایی آزمون',
      activity: 'نانوایی',
      unionId: 'guilds:fars-union-003',
      ownerNationalCode: '0061234508',
      ownerFullName: 'سعید تاجیک',
      issuedOn: '2026-01-01',
      validUntil: '2027-01-01',
    };
    const registered = await post(
      a,
      { query: 'mutation Register($unit: RegisterGuildUnitInput!) { registerGuildUnit(input: $unit) { licenceNumber } }', variables: { unit } },
      admin,
    );
    expect(registered.body.errors).toBeUndefined();

    // Provenance.enteredBy is unguarded in the schema (its resolver answers admins with personal:read), so the query is "public".
    const query = 'query EnteredBy { guildsOrganisations(first: 50) { nodes { id guilds { guildUnits(first: 100) { licenceNumber provenance { enteredBy } } } } } }';
    const first = await post(a, { query }, admin);
    expect(first.body.errors).toBeUndefined();
    expect(JSON.stringify(first.body.data)).toContain(`"enteredBy":"${subject}"`);
    resetCalls();
    const again = await post(b, { query }, admin);
    expect(again.body).toEqual(first.body);
    expect(again.age).toBeNull();
    expect(storeCalls()).toBeGreaterThan(0);

    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      for (const key of await client.keys(`${REDIS_NAMESPACE}*`)) {
        const value = (await client.type(key)) === 'string' ? await client.get(key) : null;
        expect(value ?? '').not.toContain(subject);
      }
    } finally {
      await client.disconnect();
    }
  });

  // Replicas with other supergraphs (a registry removed from one, a roll-out under way) shared entries:
  // one that no longer had a registry still answered lists naming its records (audit, 2026-12-07).
  it('never serves a replica an answer another replica made over another supergraph', async () => {
    const query = '{ registries { registry } }';
    const four = await post(a, { query });
    expect(four.body.data).toEqual({ registries: expect.arrayContaining([{ registry: 'LABS' }]) });
    expect((await post(b, { query })).age).not.toBeNull();
    const withoutLabs = await gatewayOver(graph, {
      cache: { redisUrl: redis.url, responseTtlSeconds: 600 },
      subgraphs: Object.entries(graph.subgraphUrls)
        .filter(([name]) => name !== 'labs')
        .map(([name, url]) => ({ name, url })),
    });
    try {
      const three = await post(withoutLabs.url, { query });
      expect(three.age).toBeNull();
      expect(three.body.data).toEqual({ registries: expect.not.arrayContaining([{ registry: 'LABS' }]) });
      expect((three.body.data as { registries: unknown[] }).registries).toHaveLength(3);
    } finally {
      await withoutLabs.stop();
    }
  });

  it('forgets, on every replica, what a mutation run through any replica may have changed', async () => {
    const nationalCode = '0019876505';
    // No text in it (a query passing text is never kept: typed-text.ts).
    const query = 'query MemberCount { labsMembers(first: 1) { totalCount } }';
    const before = await post(a, { query });
    const counted = (answer: Answer) => (answer.body.data as { labsMembers: { totalCount: number } }).labsMembers.totalCount;
    expect((await post(a, { query })).age).not.toBeNull();

    const admin = await testToken(['labs:admin', 'personal:read']);
    const mutation = `mutation { upsertLabsMember(input: { nationalCode: "${nationalCode}", fullName: "مریم نوری", expertise: "واسنجی" }) { fullName } }`;
    const changed = await post(b, { query: mutation }, admin);
    expect(changed.body.errors).toBeUndefined();

    const after = await post(a, { query });
    expect(after.age).toBeNull();
    expect(counted(after)).toBe(counted(before) + 1);
  });

  it('keeps answering, without the shared caches, when Redis goes away', async () => {
    await redis.stop();
    const query = 'query WithoutRedis { jointProjects(registry: LABS) { totalCount } }';
    for (const url of [a, b]) {
      const answer = await post(url, { query });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.age).toBeNull();
    }
  });
});

// These need no Redis: they run everywhere.
describe('cache settings from the environment', () => {
  it('shares the caches through REDIS_URL, with a 5 s response cache unless told otherwise', () => {
    expect(cacheSettingsFromEnvironment({})).toEqual({ responseTtlSeconds: 0 });
    expect(cacheSettingsFromEnvironment({ REDIS_URL: 'redis://redis:6379' })).toEqual({ redisUrl: 'redis://redis:6379', responseTtlSeconds: 5 });
    expect(cacheSettingsFromEnvironment({ REDIS_URL: 'rediss://cache.example:6380', RESPONSE_CACHE_TTL_SECONDS: '0' })).toEqual({
      redisUrl: 'rediss://cache.example:6380',
      responseTtlSeconds: 0,
    });
    expect(cacheSettingsFromEnvironment({ RESPONSE_CACHE_TTL_SECONDS: '30' })).toEqual({ responseTtlSeconds: 30 });
  });

  it('refuses a REDIS_URL or a TTL it cannot use, naming the variable', () => {
    expect(() => cacheSettingsFromEnvironment({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => cacheSettingsFromEnvironment({ RESPONSE_CACHE_TTL_SECONDS: '-1' })).toThrow(/RESPONSE_CACHE_TTL_SECONDS/);
    expect(() => cacheSettingsFromEnvironment({ RESPONSE_CACHE_TTL_SECONDS: '2.5' })).toThrow(/RESPONSE_CACHE_TTL_SECONDS/);
  });
});

describe('a cache whose failures are misses', () => {
  it('answers a failed or unanswered operation as a miss, and says so', async () => {
    const failures: string[] = [];
    const broken = {
      get: async () => {
        throw new Error('connection lost');
      },
      set: () => new Promise<void>(() => undefined), // never answers
      delete: async () => {
        throw new Error('connection lost');
      },
    };
    const cache = new FailSoftCache(broken, 50, (operation) => failures.push(operation));
    await expect(cache.get('k')).resolves.toBeUndefined();
    await expect(cache.set('k', 'v')).resolves.toBeUndefined();
    await expect(cache.delete('k')).resolves.toBe(false);
    expect(failures).toEqual(['get', 'set', 'delete']);
  });
});
