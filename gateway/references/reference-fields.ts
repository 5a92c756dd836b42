import { ConstDirectiveNode, DocumentNode, Kind, parse } from 'graphql';
import { directiveArgument, linkedDirectiveNames } from '../supergraph-links';

/** What a `@reference` input names (shared/graphql/references.graphql). */
export type ReferenceKind = 'ORGANISATION' | 'PERSON' | 'PROJECT';

const KINDS = new Set<string>(['ORGANISATION', 'PERSON', 'PROJECT']);

/**
 * The inputs a supergraph marks `@reference`, by coordinate: `AddCommitteeMemberInput.nationalCode`
 * for an input object's field, `Mutation.seat(code:)` for an argument. The directive is found under
 * the name its `@link` gives it (linkedDirectiveNames).
 */
function referenceFields(document: DocumentNode): Map<string, ReferenceKind> {
  const names = linkedDirectiveNames(document, 'reference', 'reference');
  const fields = new Map<string, ReferenceKind>();
  if (names.size === 0) return fields;
  const kindOf = (directives: readonly ConstDirectiveNode[] | undefined): ReferenceKind | undefined => {
    const directive = directives?.find((d) => names.has(d.name.value));
    const kind = directive ? directiveArgument(directive, 'to') : undefined;
    return typeof kind === 'string' && KINDS.has(kind) ? (kind as ReferenceKind) : undefined;
  };
  for (const definition of document.definitions) {
    if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || definition.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) {
      for (const field of definition.fields ?? []) {
        const kind = kindOf(field.directives);
        if (kind) fields.set(`${definition.name.value}.${field.name.value}`, kind);
      }
    } else if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) {
      for (const field of definition.fields ?? []) {
        for (const argument of field.arguments ?? []) {
          const kind = kindOf(argument.directives);
          if (kind) fields.set(`${definition.name.value}.${field.name.value}(${argument.name.value}:)`, kind);
        }
      }
    }
  }
  return fields;
}

/**
 * The subgraph that serves each mutation, by field name, from the supergraph's
 * `@join__field(graph:)` and its `join__Graph` enum's `@join__graph(name:)`.
 */
function mutationSubgraphs(document: DocumentNode): Map<string, string> {
  const graphNames = new Map<string, string>();
  const served = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const name = directiveArgument(
          value.directives?.find((d) => d.name.value === 'join__graph'),
          'name',
        );
        if (typeof name === 'string') graphNames.set(value.name.value, name);
      }
    }
  }
  for (const definition of document.definitions) {
    if ((definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) || definition.name.value !== 'Mutation') continue;
    for (const field of definition.fields ?? []) {
      const graphs = (field.directives ?? []).filter((d) => d.name.value === 'join__field').map((d) => directiveArgument(d, 'graph'));
      const [graph] = graphs;
      if (graphs.length === 1 && typeof graph === 'string' && graphNames.has(graph)) served.set(field.name.value, graphNames.get(graph)!);
    }
  }
  return served;
}

/** What the reference check reads of a supergraph: the `@reference` inputs, and which subgraph serves each mutation. */
export interface ReferenceSchema {
  fields: ReadonlyMap<string, ReferenceKind>;
  servedBy: ReadonlyMap<string, string>;
}

/** What the reference check reads of a supergraph, parsed once. */
export function referenceSchemaOf(supergraphSdl: string): ReferenceSchema {
  if (!supergraphSdl) return { fields: new Map(), servedBy: new Map() };
  const document = parse(supergraphSdl);
  return { fields: referenceFields(document), servedBy: mutationSubgraphs(document) };
}

/** The reference schema of the supergraph `supergraphSdl()` gives now, read once per composition. */
export function currentReferenceSchema(supergraphSdl: () => string): () => ReferenceSchema {
  let cached: { sdl: string; schema: ReferenceSchema } | undefined;
  return () => {
    const sdl = supergraphSdl();
    if (cached?.sdl !== sdl) cached = { sdl, schema: referenceSchemaOf(sdl) };
    return cached.schema;
  };
}
