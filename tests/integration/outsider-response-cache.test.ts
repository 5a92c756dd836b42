import { RunningGateway } from '../../gateway/gateway';
import { gatewayOver, postGraphQL, startTestGraph, TestGraph } from '../support/graph';
import { testToken } from '../support/auth';
import { recordingProxy, RecordingProxy } from '../support/recording-proxy';

/**
 * An outsider and the response cache: an answer computed for an authorised caller must never be
 * handed to an anonymous one. Some fields carry no scope directive yet answer by who asks
 * (`Provenance.enteredBy` names the writer only to the registry's admins with personal:read; `registryOverlap` withholds
 * small groups from callers without personal:read), so "selects no guarded field" is not enough to
 * share an answer between callers. The gateway keeps responses in its own memory here (as with a
 * shared Redis, the same plugin); the stores are not involved, so the embedded store is enough.
 */

interface Answer {
  age: string | null;
  body: { data?: Record<string, unknown> | null; errors?: unknown[] };
}

async function post(url: string, query: string, token?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { age: response.headers.get('age'), body: (await response.json()) as Answer['body'] };
}

describe('an anonymous caller and the response cache', () => {
  let graph: TestGraph;
  let gateway: RunningGateway;
  let url: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    gateway = await gatewayOver(graph, { cache: { responseTtlSeconds: 600 } });
    url = gateway.url;
  });

  afterAll(async () => {
    await gateway?.stop();
    await graph?.stop();
  });

  it("is not handed who entered a record, read first by the registry's admin", async () => {
    const admin = await testToken(['labs:admin'], { subject: '0061234508' });
    const registrar = await testToken(['labs:admin', 'personal:read'], { subject: '0061234508' });
    const entered = await postGraphQL(url, 'mutation { upsertLabsMember(input: { nationalCode: "2281234576", fullName: "ثبت آزمایشی" }) { fullName } }', undefined, {
      authorization: `Bearer ${registrar}`,
    });
    expect(entered.errors).toBeUndefined();

    const query = '{ labsMembers(search: "ثبت آزمایشی") { nodes { fullName labs { provenance { kind enteredBy } } } } }';
    // Who entered it (here a national code) is for the registry's administrators with personal:read.
    const forAdmin = await post(url, query, registrar);
    expect(JSON.stringify(forAdmin.body)).toContain('"enteredBy":"0061234508"');
    expect(JSON.stringify((await post(url, query, admin)).body)).not.toContain('0061234508');

    const anonymous = await post(url, query);
    expect(anonymous.body.errors).toBeUndefined();
    expect(JSON.stringify(anonymous.body)).not.toContain('0061234508');
    expect(anonymous.body.data).toEqual({ labsMembers: { nodes: [{ fullName: 'ثبت آزمایشی', labs: { provenance: { kind: 'ENTERED', enteredBy: null } } }] } });

    // What a person typed (a `search` or `text` argument) is not kept: a hit (sooner, with an `age`) would tell the next anonymous caller that someone searched for it.
    const again = await post(url, query);
    expect(again.age).toBeNull();
    expect(again.body).toEqual(anonymous.body);
    const inVariables = async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query Find($text: String!) { search(text: $text) { nodes { title } } }', variables: { text: 'ثبت آزمایشی' } }),
      });
      return response.headers.get('age');
    };
    await inVariables();
    expect(await inVariables()).toBeNull();

    // Public answers without free text are still kept and shared between anonymous callers, other strings (names of enums, dates) included.
    for (const kept of ['{ jointProjects(registry: LABS, first: 5) { totalCount } }', '{ labels(locale: EN, enums: ["Position"]) { enum } }']) {
      expect((await post(url, kept)).age).toBeNull();
      expect((await post(url, kept)).age).not.toBeNull();
    }
  });

  it('is not handed the small groups of registryOverlap, read first with personal:read', async () => {
    const admin = await testToken(['guilds:admin', 'labs:admin', 'personal:read']);
    // A guilds member who belongs to no other registry joins labs: the combination LABS + GUILDS has one person.
    const joined = await postGraphQL(url, 'mutation { upsertLabsMember(input: { nationalCode: "2281234568", fullName: "عضو دو انجمن" }) { fullName } }', undefined, {
      authorization: `Bearer ${admin}`,
    });
    expect(joined.errors).toBeUndefined();

    const query = '{ registryOverlap { minimumGroupSize combinations { registries count } } }';
    type Overlap = { registryOverlap: { minimumGroupSize: number; combinations: { registries: string[]; count: number }[] } };
    const small = (answer: Answer) => (answer.body.data as Overlap).registryOverlap.combinations.filter((c) => c.count < 5);

    const analyst = await testToken(['personal:read']);
    const forAnalyst = await post(url, query, analyst);
    expect(small(forAnalyst).length).toBeGreaterThan(0);

    const anonymous = await post(url, query);
    expect(anonymous.body.errors).toBeUndefined();
    expect((anonymous.body.data as Overlap).registryOverlap.combinations.length).toBeGreaterThan(0);
    expect(small(anonymous)).toEqual([]);
  });
});

/**
 * An outsider and the caches between the gateway and its callers (a CDN, a company proxy): a
 * subgraph may hint that its answers are `public` (Apollo's @cacheControl without scope PRIVATE),
 * and a shared cache may keep a `public` answer to a request that carried `Authorization` and give
 * it to the next caller of that URL (RFC 9111 §3.5). An answer to a signed-in caller is private
 * whatever the subgraphs hint; every answer varies by `Authorization`.
 */
describe('an anonymous caller and the shared caches in front of the gateway', () => {
  let graph: TestGraph;
  let proxies: RecordingProxy[];
  let gateway: RunningGateway;

  beforeAll(async () => {
    graph = await startTestGraph();
    proxies = await Promise.all(Object.values(graph.subgraphUrls).map((target) => recordingProxy(target, { cacheControl: 'max-age=600, public' })));
    const hinting = Object.fromEntries(Object.keys(graph.subgraphUrls).map((key, i) => [key, proxies[i]!.url])) as TestGraph['subgraphUrls'];
    gateway = await gatewayOver({ subgraphUrls: hinting });
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all((proxies ?? []).map((proxy) => proxy.close()));
    await graph?.stop();
  });

  const ask = async (query: string, token?: string) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return { cacheControl: response.headers.get('cache-control'), vary: response.headers.get('vary'), text: await response.text() };
  };

  it("gets a member's national code and contact, asked with personal:read, marked private, not public", async () => {
    const answer = await ask('{ person(nationalCode: "0061234508") { nationalCode labs { contact { email phone } } } }', await testToken(['personal:read']));
    expect(answer.text).toContain('"nationalCode":"0061234508"');
    expect(answer.cacheControl).toBe('max-age=600, private');
    expect(answer.vary).toMatch(/authorization/i);
  });

  it("gets a signed-in caller's answer marked private even when it asked only public fields", async () => {
    const answer = await ask('{ labsOrganisations(first: 2) { totalCount } }', await testToken([]));
    expect(answer.cacheControl).toBe('max-age=600, private');
  });

  it("still gets the subgraphs' public hint on an anonymous answer, which holds nothing personal", async () => {
    const answer = await ask('{ labsOrganisations(first: 2) { totalCount } }');
    expect(answer.text).toContain('totalCount');
    expect(answer.cacheControl).toBe('max-age=600, public');
    expect(answer.vary).toMatch(/authorization/i);
  });
});
