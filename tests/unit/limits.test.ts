import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { ANALYST_SCOPE, callerKindProfiles, LIMIT_DEFAULTS, LIMIT_PREFIX, limitSettingsFromEnvironment } from '../../gateway/limits';
import { checkDocument, measureDocument } from '../../shared/limits';

const schema = buildSchema(/* GraphQL */ `
  type Query {
    person(code: String!): Person
    members(first: Int = 20, after: String): PersonConnection!
    pages(first: Int): PersonConnection!
  }
  type PersonConnection { totalCount: Int! nodes: [Person!]! }
  type Person { code: String! name: String roles: [Role!]! friends(first: Int = 5): [Person!]! }
  type Role { body: String! person: Person! }
`);

const measure = (query: string, variables?: Record<string, unknown>) => measureDocument(parse(query), schema, variables)[0]!;

describe('measuring a document before validation', () => {
  it('counts depth, aliases and root fields', () => {
    expect(measure('{ person(code: "1") { code roles { body } } }')).toMatchObject({ depth: 3, aliases: 0, rootFields: 1 });
    expect(measure('{ a: person(code: "1") { b: code } c: person(code: "2") { code } __typename }')).toMatchObject({ depth: 2, aliases: 3, rootFields: 3 });
  });

  it('multiplies each field by the lists above it: `first`, the schema default, or a guess', () => {
    // members: 1, totalCount: 1, nodes: 1, nodes' code: 20 (the default page of 20)
    expect(measure('{ members { totalCount nodes { code } } }').cost).toBe(1 + 1 + 1 + 20);
    expect(measure('{ members(first: 3) { nodes { code } } }').cost).toBe(1 + 1 + 3);
    expect(measure('query($n: Int) { members(first: $n) { nodes { code } } }', { n: 50 }).cost).toBe(1 + 1 + 50);
    expect(measure('query($n: Int = 7) { members(first: $n) { nodes { code } } }').cost).toBe(1 + 1 + 7);
    // `first` without a default and not given: a page of 20
    expect(measure('{ pages { nodes { code } } }').cost).toBe(1 + 1 + 20);
    // a plain list counts as 10, a list with `first` as its `first`
    expect(measure('{ person(code: "1") { roles { body } } }').cost).toBe(1 + 1 + 10);
    expect(measure('{ person(code: "1") { friends { code } } }').cost).toBe(1 + 1 + 5);
    expect(measure('{ members(first: 2) { nodes { roles { person { code } } } } }').cost).toBe(1 + 1 + 2 * (1 + 10 * (1 + 1)));
  });

  it('expands fragments as often as they are spread, measuring each once', () => {
    const query = /* GraphQL */ `
      { members(first: 4) { nodes { ...P } } a: person(code: "1") { ...P } }
      fragment P on Person { code x: name roles { body } }
    `;
    const m = measure(query);
    expect(m.depth).toBe(4);
    expect(m.aliases).toBe(1 + 2);
    expect(m.rootFields).toBe(2);
    expect(m.cost).toBe(1 + 1 + 4 * (1 + 1 + 1 + 10) + 1 + (1 + 1 + 1 + 10));
  });

  it('does not loop on a fragment that spreads itself, and leaves it to validation', () => {
    const m = measure('{ ...A } fragment A on Query { ...B person(code: "1") { code } } fragment B on Query { ...A }');
    expect(m.fragmentCycle).toBe(true);
    expect(m.rootFields).toBe(1);
  });

  it('measures a fragment bomb (each fragment spreading the previous one twice) without expanding it', () => {
    const fragments = Array.from({ length: 60 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`);
    const query = ['{ ...F60 }', 'fragment F0 on Query { person(code: "1") { code } }', ...fragments].join('\n');
    const m = measure(query);
    expect(m.rootFields).toBe(2 ** 60);
    expect(m.cost).toBe(2 ** 61);
  });

  it('counts introspection at depth without `ofType` wrappers and at a cost of 1', () => {
    const m = measure(getIntrospectionQuery());
    expect(m.introspection).toBe('__schema');
    expect(m.depth).toBeLessThanOrEqual(LIMIT_DEFAULTS.depth);
    expect(m.cost).toBe(1);
  });

  it('refuses with one error per broken limit, naming the limit and the measured value', () => {
    const settings = { ...LIMIT_DEFAULTS, depth: 2, aliases: 1, rootFields: 1, cost: 10, introspection: false };
    const refusals = checkDocument(parse('{ a: person(code: "1") { b: roles { body } } c: __schema { queryType { name } } }'), schema, {}, settings, LIMIT_PREFIX);
    expect(refusals.map((r) => r.code)).toEqual(['INTROSPECTION_DISABLED', 'QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'TOO_MANY_ROOT_FIELDS', 'QUERY_TOO_COSTLY']);
    expect(refusals[1]!.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', limit: 2, measured: 3 });
    expect(refusals[1]!.message).toMatch(/3 levels deep; the limit is 2 \(LIMIT_DEPTH\)/);
    expect(checkDocument(parse('{ person(code: "1") { code } }'), schema, {}, LIMIT_DEFAULTS, LIMIT_PREFIX)).toEqual([]);
  });
});

describe('limit settings from the environment', () => {
  it('has defaults', () => {
    expect(limitSettingsFromEnvironment({})).toEqual(LIMIT_DEFAULTS);
  });

  it('reads every variable', () => {
    expect(
      limitSettingsFromEnvironment({
        LIMIT_BODY_BYTES: '2048',
        LIMIT_TOKENS: '1_000',
        LIMIT_DEPTH: '4',
        LIMIT_ALIASES: '2',
        LIMIT_ROOT_FIELDS: '3',
        LIMIT_COST: '500',
        LIMIT_BATCH: '5',
        LIMIT_ANALYST_ALIASES: '40',
        LIMIT_ANALYST_ROOT_FIELDS: '15',
        LIMIT_ANALYST_COST: '90_000',
        INTROSPECTION: 'false',
        CORS_ORIGINS: 'https://registry.example, http://localhost:3000/',
        LIMIT_CONNECTIONS: '200',
        LIMIT_REQUEST_SECONDS: '10',
      }),
    ).toEqual({
      bodyBytes: 2048,
      tokens: 1000,
      depth: 4,
      aliases: 2,
      rootFields: 3,
      cost: 500,
      analyst: { aliases: 40, rootFields: 15, cost: 90_000 },
      batch: 5,
      introspection: false,
      corsOrigins: ['https://registry.example', 'http://localhost:3000'],
      connections: 200,
      requestSeconds: 10,
    });
  });

  it('gives analysts no less than the general limits unless their own variables say so', () => {
    expect(limitSettingsFromEnvironment({}).analyst).toEqual({ aliases: 60, rootFields: 20, cost: 200_000 });
    expect(limitSettingsFromEnvironment({ LIMIT_ROOT_FIELDS: '25', LIMIT_COST: '300000' }).analyst).toEqual({ aliases: 60, rootFields: 25, cost: 300_000 });
    expect(limitSettingsFromEnvironment({ LIMIT_ROOT_FIELDS: '25', LIMIT_ANALYST_ROOT_FIELDS: '12' }).analyst.rootFields).toBe(12);
    expect(() => limitSettingsFromEnvironment({ LIMIT_ANALYST_COST: '-1' })).toThrow(/LIMIT_ANALYST_COST must be a whole number from 1 up/);
  });

  it('refuses values that are not limits or origins, naming the variable', () => {
    expect(() => limitSettingsFromEnvironment({ LIMIT_DEPTH: '0' })).toThrow(/LIMIT_DEPTH must be a whole number from 1 up; got "0"/);
    expect(() => limitSettingsFromEnvironment({ LIMIT_COST: 'lots' })).toThrow(/LIMIT_COST/);
    expect(() => limitSettingsFromEnvironment({ INTROSPECTION: 'maybe' })).toThrow(/INTROSPECTION must be true or false/);
    expect(() => limitSettingsFromEnvironment({ CORS_ORIGINS: 'https://registry.example/path' })).toThrow(/CORS_ORIGINS/);
  });
});

describe('limits by kind of caller', () => {
  const wide = parse('{ a: person(code: "1") { code } b: person(code: "2") { code } c: person(code: "3") { code } }');
  const settings = { ...LIMIT_DEFAULTS, rootFields: 2, analyst: { ...LIMIT_DEFAULTS.analyst, rootFields: 3 } };
  const kinds = callerKindProfiles(settings);

  it("holds a caller with the analysts' scope to the analysts' limits, and anyone else to the general ones", () => {
    const analyst = kinds.profileOf({ caller: { authenticated: true, scopes: ['personal:read', ANALYST_SCOPE] } });
    expect(analyst?.limits).toMatchObject({ rootFields: 3, aliases: LIMIT_DEFAULTS.analyst.aliases, cost: LIMIT_DEFAULTS.analyst.cost, depth: LIMIT_DEFAULTS.depth });
    expect(checkDocument(wide, schema, {}, analyst!.limits, analyst!.variables)).toEqual([]);
    expect(kinds.profileOf({ caller: { authenticated: true, scopes: ['personal:read'] } })).toBeUndefined();
    expect(kinds.profileOf({ caller: { authenticated: false, scopes: [ANALYST_SCOPE] } })).toBeUndefined();
    expect(kinds.profileOf({})).toBeUndefined();
  });

  it("names the analysts' variables in their refusals, and tells other callers the analysts may send more", () => {
    const analyst = kinds.profileOf({ caller: { authenticated: true, scopes: [ANALYST_SCOPE] } })!;
    const deep = parse('{ person(code: "1") { roles { person { roles { person { roles { person { roles { person { roles { body } } } } } } } } } } }');
    expect(checkDocument(deep, schema, {}, analyst.limits, analyst.variables)[0]!.message).toMatch(/\(LIMIT_DEPTH\)\./);
    const four = parse('{ a: person(code: "1") { code } b: person(code: "2") { code } c: person(code: "3") { code } d: person(code: "4") { code } }');
    expect(checkDocument(four, schema, {}, analyst.limits, analyst.variables)[0]!.message).toMatch(/the limit is 3 \(LIMIT_ANALYST_ROOT_FIELDS\)\. Split/);
    const general = checkDocument(wide, schema, {}, settings, kinds.generalVariables)[0]!;
    expect(general.message).toMatch(/the limit is 2 \(LIMIT_ROOT_FIELDS\)\. Callers holding the analytics:query scope may send up to 3 \(LIMIT_ANALYST_ROOT_FIELDS\)\./);
    // No such sentence where the analysts have no more room than anyone.
    const same = callerKindProfiles({ ...settings, analyst: { ...settings.analyst, rootFields: 2 } });
    expect(checkDocument(wide, schema, {}, settings, same.generalVariables)[0]!.message).not.toMatch(/analytics:query/);
  });
});
