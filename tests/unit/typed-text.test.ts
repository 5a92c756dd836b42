import { printSubgraphSchema } from '@apollo/subgraph';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, getNamedType, GraphQLInputType, GraphQLSchema, isInputObjectType, isInterfaceType, isObjectType, parse } from 'graphql';
import { composeWithDirectory } from '../../gateway/compose';
import { supergraphForApolloGateway } from '../../gateway/supergraph-source';
import { CHOSEN_TEXT_ARGUMENTS, passesText, TYPED_ID_ARGUMENTS, writesText } from '../../gateway/cache/typed-text';
import { MemoryStore } from '../../shared/store/memory-store';
import { ALL_SUBGRAPHS } from '../support/graph';

/**
 * The response cache keeps no answer of a query passing free text (a hit tells the next anonymous
 * caller that someone just searched for the same words). Until 2026-12-07 only arguments named
 * `search` and `text` were text, so a registry's new free-text argument under another name
 * (`q`, `keyword`) would have been kept silently (audit of that day). Now every `String` argument
 * is text but those chosen from a set.
 */

const SMALL = buildSchema(`
  input Filter { province: String q: String }
  type Query {
    members(search: String, province: String, after: String, asOf: String): [String]
    nurses(q: String, filter: Filter): [String]
    organisation(id: ID): String
    revisions(recordId: ID!): [String]
  }
`);

const passes = (schema: GraphQLSchema, query: string) => passesText(schema, parse(query));

/** The names of the `String` arguments (and input fields below them) of the API's query fields. */
function stringArgumentsOf(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  const walk = (name: string, type: GraphQLInputType, seen: Set<string>) => {
    const named = getNamedType(type);
    if (named.name === 'String') names.add(name);
    else if (isInputObjectType(named) && !seen.has(named.name)) {
      seen.add(named.name);
      for (const field of Object.values(named.getFields())) walk(field.name, field.type, seen);
    }
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__') || type === schema.getMutationType()) continue;
    for (const field of Object.values(type.getFields())) for (const argument of field.args) walk(argument.name, argument.type, new Set());
  }
  return names;
}

/** The API schema of the product's graph: its registries composed with the directory. */
function productApiSchema(): GraphQLSchema {
  const sdl = composeWithDirectory(
    ALL_SUBGRAPHS.map((definition) => ({
      name: definition.key,
      url: `http://${definition.key}/graphql`,
      sdl: printSubgraphSchema(definition.create(new MemoryStore()).module.schema),
    })),
  ).supergraphSdl;
  return Supergraph.build(supergraphForApolloGateway(sdl)).apiSchema().toGraphQLJSSchema();
}

describe('the free text the response cache keeps nothing of', () => {
  it('is every String argument but those chosen from a set, literal or variable, alone or in an input object', () => {
    expect(passes(SMALL, '{ members(search: "Reza") }')).toBe(true);
    expect(passes(SMALL, '{ nurses(q: "Reza") }')).toBe(true);
    expect(passes(SMALL, 'query($f: Filter) { nurses(filter: $f) }')).toBe(true);
    expect(passes(SMALL, 'query($q: String = "Reza") { nurses(q: $q) }')).toBe(true);
    expect(passes(SMALL, '{ members(province: "Fars", after: "c1", asOf: "2026-12-07") organisation(id: "labs:1") }')).toBe(false);
  });

  it("covers the product's graph: each String argument of its queries is either chosen or taken as text", () => {
    const api = productApiSchema();
    const found = stringArgumentsOf(api);
    const typed = [...found].filter((name) => !CHOSEN_TEXT_ARGUMENTS.has(name)).sort();
    expect(typed).toEqual(['nationalCode', 'search', 'text']);
    // Every chosen name is still an argument of the graph (a name left over would hide a new one).
    expect([...CHOSEN_TEXT_ARGUMENTS].filter((name) => !found.has(name))).toEqual([]);
  });

  it("takes the ID arguments that may be given a national code as typed text, written as a string or a number, or as a variable's default", () => {
    // Until 2026-12-07 an ID was never text: labsRecordRevisions(recordId: "<national code>") lay as written in the caller's APQ part.
    const writes = (query: string) => writesText(SMALL, parse(query));
    expect(writes('{ revisions(recordId: "0061234508") }')).toBe(true);
    expect(writes('{ revisions(recordId: 1234567890) }')).toBe(true);
    expect(writes('query($r: ID! = 1234567890) { revisions(recordId: $r) }')).toBe(true);
    expect(writes('query($r: ID!) { revisions(recordId: $r) }')).toBe(false);
    expect(writes('{ organisation(id: "labs:1") members(province: "Fars") }')).toBe(false);
    expect(passes(SMALL, 'query($r: ID!) { revisions(recordId: $r) }')).toBe(true);
  });

  it("covers the product's graph: every ID argument described as taking a national code is taken as typed text", () => {
    const api = productApiSchema();
    const described = new Set<string>();
    const walk = (name: string, description: string | null | undefined, type: GraphQLInputType, seen: Set<string>) => {
      const named = getNamedType(type);
      if (named.name === 'ID' && /national code/i.test(description ?? '')) described.add(name);
      else if (isInputObjectType(named) && !seen.has(named.name)) {
        seen.add(named.name);
        for (const field of Object.values(named.getFields())) walk(field.name, field.description, field.type, seen);
      }
    };
    for (const type of Object.values(api.getTypeMap())) {
      if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) for (const argument of field.args) walk(argument.name, argument.description, argument.type, new Set());
    }
    expect([...described].sort()).toEqual(['recordId']);
    expect([...described].filter((name) => !TYPED_ID_ARGUMENTS.has(name))).toEqual([]);
  });
});
