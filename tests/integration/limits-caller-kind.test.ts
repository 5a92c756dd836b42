import { ANALYST_SCOPE, LIMIT_DEFAULTS } from '../../gateway/limits';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { testToken } from '../support/auth';
import { GraphQLResponse, startTestGraph, TestGraph } from '../support/graph';

/**
 * Room to ask (issue #16, item 4): the root-field, alias and cost limits depend on who asks. A
 * caller holding the analysts' scope gets the LIMIT_ANALYST_* limits, anyone else (anonymous, or a
 * token without that scope) the general LIMIT_* ones; a refusal of the latter says the larger
 * limits exist and which scope opens them.
 */

const REGISTRY_LISTS = ['labsMembers', 'auditorsMembers', 'engineeringMembers', 'guildsMembers', 'labsOrganisations'];

/** `count` root fields, each a registry list's total under its own alias (`r0: labsMembers(first: 1) { totalCount }`...). */
function wideOperation(count: number): string {
  const fields = Array.from({ length: count }, (_, i) => `r${i}: ${REGISTRY_LISTS[i % REGISTRY_LISTS.length]}(first: 1) { totalCount }`);
  return `query Wide${count} {\n  ${fields.join('\n  ')}\n}`;
}

/** One root field with `count` aliased fields below it. */
const aliasedOperation = (count: number) => `query Aliased { labsMembers(first: 2) { nodes { ${Array.from({ length: count }, (_, i) => `a${i}: fullName`).join(' ')} } } }`;

/** Guild organisations with up to 100 guild units each, their union and owner: a cost between the general limit and the analysts'. */
const COSTLY = 'query Costly { guildsOrganisations(first: 100) { nodes { guilds { guildUnits(first: 100) { name union { name } owner { fullName registries } } } } } }';

const codes = (answer: GraphQLResponse<unknown>) => (answer.errors ?? []).map((e) => e.extensions?.code);

let graph: TestGraph;
let analyst: string;
let personalReader: string;

beforeAll(async () => {
  graph = await startTestGraph();
  analyst = await testToken([ANALYST_SCOPE], { subject: 'analyst' });
  personalReader = await testToken([PERSONAL_READ_SCOPE], { subject: 'registrar' });
});

afterAll(async () => {
  await graph?.stop();
});

describe('a request with 15 root fields', () => {
  const wide = wideOperation(15);

  it('is refused to an anonymous caller, saying which scope and variable allow more', async () => {
    const answer = await graph.query(wide);
    expect(answer.status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(codes(answer)).toEqual(['TOO_MANY_ROOT_FIELDS']);
    expect(answer.errors![0]!.extensions).toMatchObject({ limit: LIMIT_DEFAULTS.rootFields, measured: 15 });
    expect(answer.errors![0]!.message).toMatch(/the limit is 10 \(LIMIT_ROOT_FIELDS\)/);
    expect(answer.errors![0]!.message).toMatch(/analytics:query scope may send up to 20 \(LIMIT_ANALYST_ROOT_FIELDS\)/);
  });

  it("is refused to a token without the analysts' scope", async () => {
    const answer = await graph.query(wide, undefined, personalReader);
    expect(codes(answer)).toEqual(['TOO_MANY_ROOT_FIELDS']);
  });

  it('is answered for an analyst, each field as it is answered alone', async () => {
    const answer = await graph.query<Record<string, { totalCount: number }>>(wide, undefined, analyst);
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.data!)).toHaveLength(15);
    for (const [i, list] of REGISTRY_LISTS.entries()) {
      const alone = await graph.query<Record<string, { totalCount: number }>>(`{ ${list}(first: 1) { totalCount } }`);
      expect(alone.data![list]!.totalCount).toBeGreaterThan(0);
      expect(answer.data![`r${i}`]).toEqual(alone.data![list]);
    }
  });

  it('is still refused to an anonymous caller after an analyst had it answered (no check is remembered across caller kinds)', async () => {
    const operation =
      '{ a: labsMembers(first: 1) { totalCount } b: auditorsMembers(first: 1) { totalCount } c: engineeringMembers(first: 1) { totalCount } d: guildsMembers(first: 1) { totalCount } e: labsOrganisations(first: 1) { totalCount } f: auditorsOrganisations(first: 1) { totalCount } g: engineeringOrganisations(first: 1) { totalCount } h: guildsOrganisations(first: 1) { totalCount } i: jointProjects(first: 1) { totalCount } j: credentials(first: 1) { totalCount } k: meetings(first: 1) { totalCount } }';
    for (let i = 0; i < 2; i += 1) expect((await graph.query(operation, undefined, analyst)).errors ?? []).toEqual([]);
    expect(codes(await graph.query(operation))).toEqual(['TOO_MANY_ROOT_FIELDS']);
  });
});

describe("the analysts' own limits", () => {
  it('refuse more than 20 root fields, naming LIMIT_ANALYST_ROOT_FIELDS', async () => {
    expect((await graph.query(wideOperation(20), undefined, analyst)).errors ?? []).toEqual([]);
    const answer = await graph.query(wideOperation(21), undefined, analyst);
    expect(codes(answer)).toEqual(['TOO_MANY_ROOT_FIELDS']);
    expect(answer.errors![0]!.extensions).toMatchObject({ limit: 20, measured: 21 });
    expect(answer.errors![0]!.message).toMatch(/the limit is 20 \(LIMIT_ANALYST_ROOT_FIELDS\)/);
    expect(answer.errors![0]!.message).not.toMatch(/scope may send/);
  });

  it('allow more aliases: 40 are refused to others and answered for an analyst', async () => {
    const anonymous = await graph.query(aliasedOperation(40));
    expect(codes(anonymous)).toEqual(['TOO_MANY_ALIASES']);
    expect(anonymous.errors![0]!.message).toMatch(/\(LIMIT_ALIASES\).*analytics:query scope may send up to 60 \(LIMIT_ANALYST_ALIASES\)/);
    const answered = await graph.query<{ labsMembers: { nodes: Record<string, string>[] } }>(aliasedOperation(40), undefined, analyst);
    expect(answered.errors ?? []).toEqual([]);
    expect(answered.data!.labsMembers.nodes[0]!.a39).toBe(answered.data!.labsMembers.nodes[0]!.a0);
  });

  it('allow a larger cost: one between 50,000 and 200,000 is refused to others and answered for an analyst', async () => {
    const anonymous = await graph.query(COSTLY);
    expect(codes(anonymous)).toEqual(['QUERY_TOO_COSTLY']);
    const cost = anonymous.errors![0]!.extensions!.measured as number;
    expect(cost).toBeGreaterThan(LIMIT_DEFAULTS.cost);
    expect(cost).toBeLessThanOrEqual(LIMIT_DEFAULTS.analyst.cost);
    expect(anonymous.errors![0]!.message).toMatch(/\(LIMIT_COST\).*analytics:query scope may send up to 200,000 \(LIMIT_ANALYST_COST\)/);
    const answered = await graph.query<{ guildsOrganisations: { nodes: { guilds: { guildUnits: unknown[] } }[] } }>(COSTLY, undefined, analyst);
    expect(answered.errors ?? []).toEqual([]);
    expect(answered.data!.guildsOrganisations.nodes.some((organisation) => organisation.guilds.guildUnits.length > 0)).toBe(true);
  });

  it("stay inside a registry's own limits: 20 top-level fields all for one registry are answered", async () => {
    const oneRegistry = `query OneRegistry { ${Array.from({ length: 20 }, (_, i) => `m${i}: labsMembers(first: ${i + 1}) { totalCount }`).join(' ')} }`;
    const answer = await graph.query<Record<string, { totalCount: number }>>(oneRegistry, undefined, analyst);
    expect(answer.errors ?? []).toEqual([]);
    expect(new Set(Object.values(answer.data!).map((v) => v.totalCount)).size).toBe(1);
  });

  it("answer a request that costs three quarters of the analysts' limit, every registry's part within its own", async () => {
    const heavy =
      'query Heavy { guildsOrganisations(first: 100) { nodes { guilds { guildUnits(first: 100) { name activity licenceNumber status union { name } owner { fullName registries } chamber { name } issuedOn { jalali } validUntil { jalali } } } } } }';
    const refused = await graph.query(heavy);
    const cost = refused.errors![0]!.extensions!.measured as number;
    expect(cost).toBeGreaterThan(0.7 * LIMIT_DEFAULTS.analyst.cost);
    const answer = await graph.query(heavy, undefined, analyst);
    expect(answer.errors ?? []).toEqual([]);
  });

  it('leave the limits that are not per caller kind (depth) as they are', async () => {
    const deep = '{ person(nationalCode: "0061234508") { labs { roles { organisation { labs { roles { organisation { labs { roles { organisation { name } } } } } } } } } } }';
    const answer = await graph.query(deep, undefined, analyst);
    expect(codes(answer)).toEqual(['QUERY_TOO_DEEP']);
    expect(answer.errors![0]!.message).toMatch(/\(LIMIT_DEPTH\)/);
  });
});
