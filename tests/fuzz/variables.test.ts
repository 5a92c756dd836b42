import fc from 'fast-check';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { startTestGraph, TestGraph } from '../support/graph';
import { anyJson, anyText, expectStillAnswering, everyScopeToken, FuzzFigures, fuzzParameters, hugeText, persianText, sendOperation, writesIn } from './support';

const members = (field: string) =>
  `query M($first: Int, $after: String, $search: String) { ${field}(first: $first, after: $after, search: $search) { totalCount pageInfo { hasNextPage endCursor } nodes { nationalCode fullName registries } } }`;
const organisations = (field: string) =>
  `query O($first: Int, $after: String, $search: String) { ${field}(first: $first, after: $after, search: $search) { totalCount pageInfo { endCursor } nodes { id name registry } } }`;

/** The known read operations and, for each variable, values of the right type to mix with wrong ones. */
const OPERATIONS: { query: string; variables: Record<string, fc.Arbitrary<unknown>> }[] = [
  {
    query:
      'query Person($code: String!) { person(nationalCode: $code) { nationalCode fullName registries labs { roles { body position } } guilds { guildUnits { licenceNumber } } } }',
    variables: {
      code: fc.oneof(
        fc.constantFrom(...Object.values(SEED_PEOPLE).map((p) => p.nationalCode), '۰۰۶۱۲۳۴۵۰۸', '٠٠٦١٢٣٤٥٠٨', '006-123450-8', 'BE123456', '0000000019', '0061234509'),
        fc.stringMatching(/^[0-9۰-۹]{0,12}$/),
      ),
    },
  },
  {
    query:
      'query Projects($registry: Registry, $status: ProjectStatus, $first: Int, $after: String) { jointProjects(registry: $registry, status: $status, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id title status registries lead { name } cooperating { name } } } }',
    variables: {
      registry: fc.constantFrom('LABS', 'AUDITORS', 'ENGINEERING', 'GUILDS', 'labs', 'NONE'),
      status: fc.constantFrom('PLANNED', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'active'),
      first: fc.integer({ min: -5, max: 120 }),
      after: fc.oneof(fc.constantFrom('labs:joint-research', 'guilds:committee-legal', 'eyJpZCI6MX0=', ''), fc.base64String({ maxLength: 40 })),
    },
  },
  ...['labsMembers', 'auditorsMembers', 'engineeringMembers', 'guildsMembers'].map((field) => ({
    query: members(field),
    variables: {
      first: fc.integer({ min: -5, max: 120 }),
      after: fc.oneof(fc.constantFrom('0061234508', '', 'zzzzzzzzzz'), fc.base64String({ maxLength: 40 }), anyText(20)),
      search: fc.oneof(persianText(20), anyText(20), fc.constantFrom('حاجي‌زاده', 'سعید تاجيک', '%', '.*', '$where', '{"$gt":""}')),
    },
  })),
  ...['labsOrganisations', 'auditorsOrganisations', 'engineeringOrganisations', 'guildsOrganisations'].map((field) => ({
    query: organisations(field),
    variables: {
      first: fc.integer({ min: -5, max: 120 }),
      after: fc.oneof(fc.constantFrom('labs:association', 'guilds:fars-chamber', ''), anyText(20)),
      search: fc.oneof(persianText(20), anyText(20)),
    },
  })),
  {
    query:
      'query Units($first: Int, $units: Int) { guildsOrganisations(first: $first) { nodes { id guilds { kind guildUnits(first: $units) { licenceNumber status owner { registries } } } } } }',
    variables: { first: fc.integer({ min: -5, max: 120 }), units: fc.integer({ min: -5, max: 120 }) },
  },
];

/** For each declared variable: absent, well typed, or anything (null, wrong type, huge, nested); plus stray variables. */
const request = fc.constantFrom(...OPERATIONS).chain((operation) => {
  const values = Object.fromEntries(
    Object.entries(operation.variables).map(([name, typed]) => [
      name,
      fc.option(fc.oneof({ weight: 3, arbitrary: typed }, { weight: 2, arbitrary: anyJson() }, { weight: 1, arbitrary: hugeText() }), { nil: undefined }),
    ]),
  );
  const variables = fc
    .tuple(fc.record(values, { requiredKeys: [] }), fc.dictionary(fc.oneof(fc.constantFrom('code', 'input', '__proto__', 'constructor'), anyText(8)), anyJson(), { maxKeys: 3 }))
    .map(([declared, stray]) => ({ ...stray, ...declared }));
  return fc.tuple(fc.constant(operation.query), fc.oneof({ weight: 9, arbitrary: variables }, { weight: 1, arbitrary: anyJson() }));
});

describe('fuzz: random variables for the known operations through the gateway', () => {
  let graph: TestGraph;
  /** Every scope: the fuzzing is of the documents, not of authorization. */
  let token: string;
  const figures = new FuzzFigures('variables');

  beforeAll(async () => {
    graph = await startTestGraph();
    token = await everyScopeToken();
  });
  afterAll(async () => {
    console.log(figures.line());
    await graph?.stop();
  });

  it('answers every request without a 5xx, with a code on every error, writing nothing', async () => {
    const writes = writesIn(graph);
    await fc.assert(
      fc.asyncProperty(request, async ([query, variables]) => {
        await sendOperation(graph.gatewayUrl, figures, query, variables, undefined, token);
      }),
      fuzzParameters(700),
    );
    expect(writesIn(graph)).toBe(writes);
    await expectStillAnswering(graph);
  });
});
