import { buildASTSchema, getVariableValues, Kind, OperationDefinitionNode, parse } from 'graphql';
import { collectReferences, referenceSchemaOf } from '../../gateway/references';

/** A supergraph's part that the reference check reads: the link, the directive (renamed here) and where it is used. */
const SUPERGRAPH = `
  schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://registries.example/reference/v1.0", import: [{ name: "@reference", as: "@ref" }]) { query: Query mutation: Mutation }
  directive @link(url: String, as: String, import: [link__Import]) repeatable on SCHEMA
  scalar link__Import
  enum ReferenceKind { ORGANISATION PERSON PROJECT }
  directive @ref(to: ReferenceKind!) on INPUT_FIELD_DEFINITION | ARGUMENT_DEFINITION
  type Query { ok: Boolean }
  type Mutation {
    seat(input: SeatInput!): Int
    meet(hostId: ID! @ref(to: ORGANISATION), items: [ItemInput!]!): Int
  }
  input SeatInput { nationalCode: String! @ref(to: PERSON) organisationId: ID @ref(to: ORGANISATION) since: String }
  input ItemInput { responsibleId: ID! @ref(to: ORGANISATION) cooperatingIds: [ID!]! = [] @ref(to: ORGANISATION) projectId: ID @ref(to: PROJECT) }
`;

const schema = buildASTSchema(parse(SUPERGRAPH));
const { fields } = referenceSchemaOf(SUPERGRAPH);

function referencesOf(text: string, variables: Record<string, unknown> = {}) {
  const document = parse(text);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw new Error(coerced.errors.map((e) => e.message).join('; '));
  return collectReferences(schema, document, operation, coerced.coerced, fields).map(({ rootField, path, kind, value }) => `${rootField} ${path} ${kind} ${value}`);
}

describe('the references a mutation gives (gateway/references)', () => {
  it('reads the inputs marked with the directive under the name its @link gives it, arguments included', () => {
    expect([...fields]).toEqual([
      ['Mutation.meet(hostId:)', 'ORGANISATION'],
      ['SeatInput.nationalCode', 'PERSON'],
      ['SeatInput.organisationId', 'ORGANISATION'],
      ['ItemInput.responsibleId', 'ORGANISATION'],
      ['ItemInput.cooperatingIds', 'ORGANISATION'],
      ['ItemInput.projectId', 'PROJECT'],
    ]);
    expect(referenceSchemaOf(SUPERGRAPH.replace('registries.example/reference', 'elsewhere.example/other')).fields.size).toBe(0);
  });

  it('finds every value, inline or from variables, in lists and nested inputs, with its path', () => {
    expect(
      referencesOf(
        `mutation M($items: [ItemInput!]!, $code: String!) {
          seat(input: { nationalCode: $code, organisationId: "guilds:fars-chamber" })
          meet(hostId: "labs:association", items: $items)
        }`,
        {
          code: '0061234516',
          items: [
            { responsibleId: 'guilds:a', cooperatingIds: ['auditors:b', 'labs:c'] },
            { responsibleId: 'labs:d', projectId: 'labs:e' },
          ],
        },
      ),
    ).toEqual([
      'seat nationalCode PERSON 0061234516',
      'seat organisationId ORGANISATION guilds:fars-chamber',
      'meet hostId ORGANISATION labs:association',
      'meet items[0].responsibleId ORGANISATION guilds:a',
      'meet items[0].cooperatingIds[0] ORGANISATION auditors:b',
      'meet items[0].cooperatingIds[1] ORGANISATION labs:c',
      'meet items[1].responsibleId ORGANISATION labs:d',
      'meet items[1].projectId PROJECT labs:e',
    ]);
  });

  it('follows fragments and leaves out what @skip or @include leave out; no values, no references', () => {
    expect(
      referencesOf(
        `mutation M($skip: Boolean!) { ...A second: seat(input: { nationalCode: "2", organisationId: "labs:x" }) @skip(if: $skip) }
         fragment A on Mutation { ... on Mutation { first: seat(input: { nationalCode: "1" }) @include(if: true) } }`,
        { skip: true },
      ),
    ).toEqual(['seat nationalCode PERSON 1']);
    expect(referencesOf('mutation { meet(hostId: "labs:h", items: []) }')).toEqual(['meet hostId ORGANISATION labs:h']);
    expect(referencesOf('query { ok }')).toEqual([]);
  });

  it('knows which subgraph serves each mutation, from the join directives', () => {
    const supergraph = `
      enum join__Graph { LABS @join__graph(name: "labs", url: "http://labs") GUILDS @join__graph(name: "guilds", url: "http://guilds") }
      type Mutation @join__type(graph: LABS) @join__type(graph: GUILDS) {
        recordLabsMeeting(id: ID): Int @join__field(graph: LABS)
        registerGuildUnit(id: ID): Int @join__field(graph: GUILDS)
      }`;
    expect([...referenceSchemaOf(supergraph).servedBy]).toEqual([
      ['recordLabsMeeting', 'labs'],
      ['registerGuildUnit', 'guilds'],
    ]);
  });
});
