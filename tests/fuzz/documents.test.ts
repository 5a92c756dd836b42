import { documentedExampleSection } from '../../scripts/persisted-queries/documents';
import fc from 'fast-check';
import { join } from 'node:path';
import { startTestGraph, TestGraph } from '../support/graph';
import { anyText, expectStillAnswering, everyScopeToken, FuzzFigures, fuzzParameters, persianText, sendOperation, sendRaw, writesIn } from './support';

/** Valid operations to cut and splice: the README's examples and a few from the integration suites. */
const readme = documentedExampleSection(join(__dirname, '..', '..'));
const VALID = [
  ...[...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!),
  'query Person($code: String!) { person(nationalCode: $code) { nationalCode fullName registries labs { roles { body position } } } }',
  'query Projects($first: Int, $after: String) { jointProjects(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id title } } }',
  '{ guildsOrganisations(first: 2) { nodes { id guilds { name guildUnits(first: 3) { licenceNumber owner { registries } } } } } }',
  'query Intro { __schema { queryType { name } types { name kind } } __type(name: "Person") { fields { name } } }',
];

const NAMES = [
  'person',
  'nationalCode',
  'labs',
  'roles',
  'organisation',
  'jointProjects',
  'nodes',
  'first',
  'labsMembers',
  'guildsMembers',
  'upsertLabsMember',
  'input',
  'fullName',
  'a',
  '__typename',
  '__schema',
  'query',
  'mutation',
  'fragment',
  'on',
  'Person',
  'Query',
  'subscription',
  'true',
  'null',
];
const PUNCTUATION = ['{', '}', '(', ')', '[', ']', ':', '$', '!', '=', '@', '|', '&', '...', ',', ' ', '\n', '"', '"""', '#'];

/** A soup of GraphQL tokens, Persian words and stray characters: often almost a document. */
const tokenSoup = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
      { weight: 4, arbitrary: fc.constantFrom(...PUNCTUATION) },
      { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map(String) },
      { weight: 1, arbitrary: persianText(12).map((s) => `"${s}"`) },
      { weight: 1, arbitrary: persianText(8) },
      { weight: 1, arbitrary: anyText(4) },
    ),
    { maxLength: 120 },
  )
  .map((tokens) => tokens.join(' '));

/** A valid operation cut short, or with a slice taken out, or a character swapped. */
const damaged = fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.nat(), anyText(3)).chain(([query, a, b, junk]) => {
  const i = a % (query.length + 1);
  const j = b % (query.length + 1);
  return fc.constantFrom(query.slice(0, i), query.slice(0, Math.min(i, j)) + query.slice(Math.max(i, j)), query.slice(0, i) + junk + query.slice(i + 1), query.slice(i));
});

/** Deeply nested shapes: fields, lists, objects, inline fragments, up to a few thousand levels. */
const nested = fc.tuple(fc.integer({ min: 1, max: 3_000 }), fc.constantFrom('field', 'list', 'object', 'inline', 'unbalanced')).map(([n, shape]) => {
  switch (shape) {
    case 'field':
      return `{${'person(nationalCode: "0061234508") { labs { roles { organisation { labs { roles { person {'.repeat(Math.ceil(n / 7))} nationalCode ${'}}}}}}}'.repeat(Math.ceil(n / 7))} }`;
    case 'list':
      return `{ person(nationalCode: ${'['.repeat(n)}${']'.repeat(n)}) { nationalCode } }`;
    case 'object':
      return `{ person(nationalCode: ${'{a:'.repeat(n)}1${'}'.repeat(n)}) { nationalCode } }`;
    case 'inline':
      return `{${'... on Query {'.repeat(n)} __typename ${'}'.repeat(n)}}`;
    default:
      return `{${'a {'.repeat(n)}`;
  }
});

/** Many aliases, root fields or repeated fields, sometimes past the limits and sometimes not. */
const wide = fc.tuple(fc.integer({ min: 1, max: 2_000 }), fc.constantFrom('aliases', 'roots', 'repeat', 'fragments')).map(([n, shape]) => {
  switch (shape) {
    case 'aliases':
      return `{ person(nationalCode: "0061234508") { ${Array.from({ length: n }, (_, i) => `a${i}: nationalCode`).join(' ')} } }`;
    case 'roots':
      return `{ ${Array.from({ length: Math.min(n, 600) }, (_, i) => `p${i}: person(nationalCode: "0061234508") { fullName }`).join(' ')} }`;
    case 'repeat':
      return `{ person(nationalCode: "0061234508") { ${'labs { fullName } '.repeat(n)} } }`;
    default: {
      const depth = 1 + (n % 60);
      return [
        '{ ...F0 }',
        ...Array.from({ length: depth }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`),
        `fragment F${depth} on Query { labsMembers { nodes { nationalCode } } }`,
      ].join('\n');
    }
  }
});

const document = fc.oneof(
  { weight: 3, arbitrary: tokenSoup },
  { weight: 3, arbitrary: damaged },
  { weight: 2, arbitrary: anyText(200) },
  { weight: 2, arbitrary: nested },
  { weight: 2, arbitrary: wide },
);

/** Bodies that are not a GraphQL request at all. */
const body = fc.oneof(
  anyText(120),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 })).map(([query, extensions]) => JSON.stringify({ query, extensions })),
  fc.array(fc.record({ query: fc.constantFrom(...VALID) }), { maxLength: 4 }).map((batch) => JSON.stringify(batch)),
  fc.constant(JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } })),
);

describe('fuzz: malformed documents and bodies through the gateway', () => {
  let graph: TestGraph;
  /** Every scope: the fuzzing is of the documents, not of authorization. */
  let token: string;
  const figures = new FuzzFigures('documents');

  beforeAll(async () => {
    graph = await startTestGraph();
    token = await everyScopeToken();
  });
  afterAll(async () => {
    console.log(figures.line());
    await graph?.stop();
  });

  it('answers every malformed document without a 5xx, with a code on every error, writing nothing', async () => {
    const writes = writesIn(graph);
    await fc.assert(
      fc.asyncProperty(document, fc.option(fc.oneof(fc.constantFrom('Person', 'Projects', 'Intro', 'SharedMember'), anyText(10))), async (query, operationName) => {
        await sendOperation(graph.gatewayUrl, figures, query, undefined, operationName ?? undefined, token);
      }),
      fuzzParameters(900),
    );
    expect(writesIn(graph)).toBe(writes);
    await expectStillAnswering(graph);
  });

  it('answers every malformed body the same way', async () => {
    const writes = writesIn(graph);
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/graphql-response+json', 'text/plain'),
        async (text, contentType) => {
          await sendRaw(graph.gatewayUrl, text, figures, contentType, token);
        },
      ),
      fuzzParameters(300),
    );
    expect(writesIn(graph)).toBe(writes);
    await expectStillAnswering(graph);
  });
});
