import { DocumentNode, GraphQLError, NamedTypeNode, visit } from 'graphql';

/**
 * The most a subgraph's schema may declare: type definitions, and members (what schemaSize counts).
 * The four registries declare 138 to 194 definitions and 858 to 1,225 members, so these leave a
 * fivefold margin; at the member limit, 5,200 plain fields compose in about 5 s and hold the swap
 * 1.4 s, against 0.5 s for the four registries. A running gateway composes every schema a registry
 * serves, and swaps the supergraph it makes in on the thread every request waits on (Apollo
 * Gateway builds its schema and query planner there): a registry padding its schema with made-up
 * types (2,000 of them took 7 to 11 s to compose, and one that composed held the gateway 6.7 s at
 * the swap, audit 2026-12-07) is refused before composition instead.
 */
export const MAX_SCHEMA_DEFINITIONS = 1_000;
export const MAX_SCHEMA_MEMBERS = 6_500;

/** A subgraph's schema as composition reads it. */
interface SubgraphTypeDefs {
  name: string;
  typeDefs: DocumentNode;
}

/**
 * How many definitions, and members, a schema declares: fields, arguments and enum values, each
 * union's members, each interface a type implements, each directive applied, wherever it is
 * (a type's `@key`s, a field's `@tag`s or `@requiresScopes`, whatever name the schema's `@link`
 * gives them), and each entry of a list written in it (a directive's argument, a default value).
 * The last four cost nothing in definitions or fields but are what composition and
 * the swap work over: 250 types named by each of 250 unions (62,500 members, 638 definitions and
 * 898 fields) took 21 s to compose and held the gateway 10 s at the swap; 450 types of 29 `@key`s
 * each held it 4.4 s; 4,000 fields of 60 `@tag`s each (240,000 directives, 3.4 MB, 139
 * definitions and 4,650 fields) composed in 31 s and held it 11.9 s; one `@requiresScopes` of
 * 350,000 scopes (3.4 MB) took 7 s and a 1 GB heap to compose and held it 1.7 to 2.6 s (audit,
 * 2026-12-07).
 */
export function schemaSize(typeDefs: DocumentNode): { definitions: number; members: number } {
  let members = 0;
  const count = () => void (members += 1);
  const countEach = (node: { readonly types?: readonly NamedTypeNode[] | undefined; readonly interfaces?: readonly NamedTypeNode[] | undefined }) =>
    void (members += (node.types?.length ?? 0) + (node.interfaces?.length ?? 0));
  visit(typeDefs, {
    Directive: count,
    ListValue: (node) => void (members += node.values.length),
    FieldDefinition: count,
    InputValueDefinition: count,
    EnumValueDefinition: count,
    UnionTypeDefinition: countEach,
    UnionTypeExtension: countEach,
    ObjectTypeDefinition: countEach,
    ObjectTypeExtension: countEach,
    InterfaceTypeDefinition: countEach,
    InterfaceTypeExtension: countEach,
  });
  return { definitions: typeDefs.definitions.length, members };
}

/** One error (SUBGRAPH_SCHEMA_TOO_LARGE) for each subgraph whose schema declares more than the limits. */
export function oversizedSchemas(subgraphs: readonly SubgraphTypeDefs[]): GraphQLError[] {
  return subgraphs.flatMap(({ name, typeDefs }) => {
    const { definitions, members } = schemaSize(typeDefs);
    if (definitions <= MAX_SCHEMA_DEFINITIONS && members <= MAX_SCHEMA_MEMBERS) return [];
    return [
      new GraphQLError(
        `subgraph ${name} declares ${definitions} definitions and ${members} fields, arguments, enum values, union members, implemented interfaces, applied directives (@key, @tag...) and list entries, more than a subgraph may ` +
          `(${MAX_SCHEMA_DEFINITIONS} and ${MAX_SCHEMA_MEMBERS}; the largest registry declares about a fifth of that): split the schema or remove what it does not serve`,
        { extensions: { code: 'SUBGRAPH_SCHEMA_TOO_LARGE' } },
      ),
    ];
  });
}
