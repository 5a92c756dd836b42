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

function argumentOf(directive: ConstDirectiveNode, name: string): unknown {
  const node = directive.arguments?.find((a) => a.name.value === name);
  return node ? valueFromASTUntyped(node.value) : undefined;
}

/** The `@reference` inputs of the supergraph `supergraphSdl()` gives now, read once per composition. */
export function currentReferenceFields(supergraphSdl: () => string): () => ReadonlyMap<string, ReferenceKind> {
  let cached: { sdl: string; fields: Map<string, ReferenceKind> } | undefined;
  return () => {
    const sdl = supergraphSdl();
    if (cached?.sdl !== sdl) cached = { sdl, fields: sdl ? referenceFields(sdl) : new Map<string, ReferenceKind>() };
    return cached.fields;
  };
}
