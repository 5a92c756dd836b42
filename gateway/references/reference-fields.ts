import { ConstDirectiveNode, Kind, parse, valueFromASTUntyped } from 'graphql';
import { textOf } from '../../shared/text/text-of';

/** What a `@reference` input names (shared/graphql/references.graphql). */
export type ReferenceKind = 'ORGANISATION' | 'PERSON' | 'PROJECT';

const KINDS = new Set<string>(['ORGANISATION', 'PERSON', 'PROJECT']);

/**
 * The inputs a supergraph marks `@reference`, by coordinate: `AddCommitteeMemberInput.nationalCode`
 * for an input object's field, `Mutation.seat(code:)` for an argument. The directive is found under
 * the name its `@link` gives it (imported, renamed with `as`, or `reference__reference`).
 */
export function referenceFields(supergraphSdl: string): Map<string, ReferenceKind> {
  const document = parse(supergraphSdl);
  const names = new Set<string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      const url = link.name.value === 'link' ? textOf(argumentOf(link, 'url') ?? '') : '';
      if (!/\/reference\/v\d/.test(url)) continue;
      names.add('reference__reference');
      for (const entry of (argumentOf(link, 'import') as unknown[] | undefined) ?? []) {
        if (entry === '@reference') names.add('reference');
        else if (typeof entry === 'object' && entry !== null && (entry as { name?: unknown }).name === '@reference') {
          const as = (entry as { as?: unknown }).as;
          names.add((typeof as === 'string' ? as : '@reference').replace(/^@/, ''));
        }
      }
    }
  }
  const fields = new Map<string, ReferenceKind>();
  if (names.size === 0) return fields;
  const kindOf = (directives: readonly ConstDirectiveNode[] | undefined): ReferenceKind | undefined => {
    const directive = directives?.find((d) => names.has(d.name.value));
    const kind = directive ? argumentOf(directive, 'to') : undefined;
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

function argumentOf(directive: ConstDirectiveNode | undefined, name: string): unknown {
  const node = directive?.arguments?.find((a) => a.name.value === name);
  return node ? valueFromASTUntyped(node.value) : undefined;
}

/**
 * The subgraph that serves each mutation, by field name, from the supergraph's
 * `@join__field(graph:)` and its `join__Graph` enum's `@join__graph(name:)`.
 */
export function mutationSubgraphs(supergraphSdl: string): Map<string, string> {
  const document = parse(supergraphSdl);
  const graphNames = new Map<string, string>();
  const served = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const name = argumentOf(
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
      const graphs = (field.directives ?? []).filter((d) => d.name.value === 'join__field').map((d) => argumentOf(d, 'graph'));
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

/** The reference schema of the supergraph `supergraphSdl()` gives now, read once per composition. */
export function currentReferenceSchema(supergraphSdl: () => string): () => ReferenceSchema {
  let cached: { sdl: string; schema: ReferenceSchema } | undefined;
  return () => {
    const sdl = supergraphSdl();
    if (cached?.sdl !== sdl) cached = { sdl, schema: sdl ? { fields: referenceFields(sdl), servedBy: mutationSubgraphs(sdl) } : { fields: new Map(), servedBy: new Map() } };
    return cached.schema;
  };
}
