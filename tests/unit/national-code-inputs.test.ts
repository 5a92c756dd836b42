import { printSubgraphSchema } from '@apollo/subgraph';
import { join } from 'node:path';
import { ConstDirectiveNode, GraphQLSchema, DocumentNode, InputValueDefinitionNode, Kind, parse, TypeNode, valueFromASTUntyped } from 'graphql';
import { DEFAULT_SUPERGRAPH_CONFIG, readSupergraphConfig } from '../../gateway/config';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { REQUIRES_SCOPES_DIRECTIVES } from '../../shared/auth/requirements';
import { builtSubgraphOf, hasLocalSource } from '../../scripts/schema-workflow/sources';

/**
 * A change that names a person by national code tells its caller, by its answer or its refusal,
 * whether that code is in the registry and whose it is ("not in the registry", "the owner's name is
 * required", a member's record in the answer). So every mutation of every configured subgraph whose
 * input holds a national code needs `personal:read` in each of its `@requiresScopes` alternatives
 * (docs/security.md), except the two below, where the code is optional and the resolver refuses it.
 */
const RESOLVER_CHECKED: { mutation: RegExp; why: string }[] = [
  { mutation: /^record[A-Z]\w*Meeting$/, why: "an attendee's national code is optional: requirePersonalReadFor refuses one without personal:read" },
  { mutation: /^cast[A-Z]\w*Ballot$/, why: 'the voter names candidates by ballotChoice; a refused choice by code does not say whose it is (cast-ballot.ts)' },
];

const namesNationalCode = (input: InputValueDefinitionNode): boolean => /nationalcode/i.test(input.name.value) || /national codes?\b/i.test(input.description?.value ?? '');

const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));

/** Each input object's fields, extensions included. */
function inputFields(document: DocumentNode): Map<string, InputValueDefinitionNode[]> {
  const fields = new Map<string, InputValueDefinitionNode[]>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INPUT_OBJECT_TYPE_EXTENSION) continue;
    fields.set(definition.name.value, [...(fields.get(definition.name.value) ?? []), ...(definition.fields ?? [])]);
  }
  return fields;
}

/** The paths of the arguments (into input objects) that hold a national code: `input.seats.nationalCode`. */
function nationalCodePaths(args: readonly InputValueDefinitionNode[], inputs: Map<string, InputValueDefinitionNode[]>, prefix = '', seen = new Set<string>()): string[] {
  return args.flatMap((arg) => {
    const path = `${prefix}${arg.name.value}`;
    const type = namedTypeOf(arg.type);
    const nested = inputs.has(type) && !seen.has(type) ? nationalCodePaths(inputs.get(type)!, inputs, `${path}.`, new Set([...seen, type])) : [];
    return [...(namesNationalCode(arg) ? [path] : []), ...nested];
  });
}

const scopeAlternatives = (directives: readonly ConstDirectiveNode[] = []): string[][] =>
  directives.filter((d) => REQUIRES_SCOPES_DIRECTIVES.has(d.name.value)).flatMap((d) => valueFromASTUntyped(d.arguments![0]!.value) as string[][]);

interface MutationWithCodes {
  subgraph: string;
  mutation: string;
  paths: string[];
  scopes: string[][];
}

const configuredSubgraphs = (): string[] => readSupergraphConfig(DEFAULT_SUPERGRAPH_CONFIG, {}).flatMap(({ name }) => (hasLocalSource(name) ? [name] : []));

/** The schema a configured subgraph of this checkout serves, from the definition its index.ts exports. */
function subgraphSchema(name: string): GraphQLSchema {
  return builtSubgraphOf(jest.requireActual<Record<string, unknown>>(join(__dirname, '../../subgraphs', name, 'index.ts')), name).schema;
}

/** The mutations of one subgraph's SDL whose input holds a national code. */
function mutationsIn(subgraph: string, document: DocumentNode): MutationWithCodes[] {
  const inputs = inputFields(document);
  return document.definitions.flatMap((definition) => {
    if ((definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) || definition.name.value !== 'Mutation') return [];
    return (definition.fields ?? []).flatMap((field) => {
      const paths = nationalCodePaths(field.arguments ?? [], inputs);
      return paths.length > 0 ? [{ subgraph, mutation: field.name.value, paths, scopes: scopeAlternatives(field.directives) }] : [];
    });
  });
}

/** Those that a caller without personal:read could run, in words. */
const withoutPersonalRead = (mutations: readonly MutationWithCodes[]): string[] =>
  mutations
    .filter((m) => !RESOLVER_CHECKED.some((rule) => rule.mutation.test(m.mutation)))
    .filter((m) => m.scopes.length === 0 || m.scopes.some((alternative) => !alternative.includes(PERSONAL_READ_SCOPE)))
    .map((m) => `${m.subgraph}: ${m.mutation} (${m.paths.join(', ')}) needs ${m.scopes.length ? JSON.stringify(m.scopes) : 'no scope'}`);

describe('mutations that take a national code need personal:read', () => {
  let mutations: MutationWithCodes[];
  beforeAll(() => {
    mutations = configuredSubgraphs().flatMap((name) => mutationsIn(name, parse(printSubgraphSchema(subgraphSchema(name)))));
  });

  it('finds them in every configured subgraph (the search itself works)', () => {
    const subgraphs = new Set(mutations.map((m) => m.subgraph));
    expect(subgraphs.size).toBe(configuredSubgraphs().length);
    // Each registry's member upsert names its person by code; a list of codes in an input object is found too.
    for (const subgraph of subgraphs) expect(mutations.filter((m) => m.subgraph === subgraph).some((m) => /^upsert\w+Member$/.test(m.mutation))).toBe(true);
    expect(mutations.some((m) => m.paths.some((path) => path.split('.').length > 2))).toBe(true);
  });

  it('asks personal:read in every scope alternative, or is refused by its resolver without it', () => {
    expect(withoutPersonalRead(mutations)).toEqual([]);
  });

  it('would catch one: a code in a nested input, found by its description, under an admin scope alone or none', () => {
    const sdl = `
      type Mutation {
        renew(input: RenewInput!): Int @requiresScopes(scopes: [["labs:admin"]])
        seat(input: SeatInput!): Int @requiresScopes(scopes: [["labs:admin", "personal:read"], ["labs:clerk"]])
        rename(id: ID!, name: String!): Int @requiresScopes(scopes: [["labs:admin"]])
      }
      extend type Mutation { elect("The winners' national codes." winners: [String!]!): Int }
      input RenewInput { day: String! holder: HolderInput! }
      input HolderInput { "The owner's national code." owner: String! }
      input SeatInput { nationalCode: String! }`;
    expect(withoutPersonalRead(mutationsIn('probe', parse(sdl)))).toEqual([
      'probe: renew (input.holder.owner) needs [["labs:admin"]]',
      'probe: seat (input.nationalCode) needs [["labs:admin","personal:read"],["labs:clerk"]]',
      'probe: elect (winners) needs no scope',
    ]);
  });
});
