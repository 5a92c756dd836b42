import { Kind, parse, TypeNode } from 'graphql';

const isNonNullList = (type: TypeNode): boolean => type.kind === Kind.NON_NULL_TYPE && type.type.kind === Kind.LIST_TYPE;

/** `Type.field` of every field of `typeNames` in `sdl` whose type is a non-null list. */
function listFieldsOf(sdl: string, typeNames: readonly string[]): Set<string> {
  const lists = new Set<string>();
  for (const definition of parse(sdl, { noLocation: true }).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (!typeNames.includes(definition.name.value)) continue;
    for (const field of definition.fields ?? []) if (isNonNullList(field.type)) lists.add(`${definition.name.value}.${field.name.value}`);
  }
  return lists;
}

/**
 * What a registry answers, field by field, for a person it keeps nothing of (registry contract
 * CODES-3): an empty list where the field is a non-null list (`Me.guildElections`), null
 * elsewhere. Read from the supergraph served, once per composition.
 */
export class EmptyAnswers {
  private cached: { sdl: string; lists: Set<string> } | undefined;

  constructor(
    private readonly supergraphSdl: () => string,
    private readonly typeNames: readonly string[],
  ) {}

  of(typeName: string, fieldName: string): [] | null {
    const sdl = this.supergraphSdl();
    if (this.cached?.sdl !== sdl) this.cached = { sdl, lists: sdl ? listFieldsOf(sdl, this.typeNames) : new Set() };
    return this.cached.lists.has(`${typeName}.${fieldName}`) ? [] : null;
  }
}
