import { DirectiveNode, DocumentNode, Kind, parse, print, TypeNode } from 'graphql';

/** One field of a type in a subgraph's SDL: its type as written (`String!`), its directives. */
export interface IndexedField {
  type: string;
  directives: string[];
  /** Its arguments' names. */
  arguments: string[];
}

/** One type of a subgraph's SDL, its definition and extensions together. */
export interface IndexedType {
  kind: 'object' | 'interface' | 'enum' | 'other';
  fields: Map<string, IndexedField>;
  /** Enum values, with whether each has a description. */
  values: Map<string, { described: boolean }>;
  interfaces: string[];
  /** Applied directives, printed (`@key(fields: "id")`). */
  directives: string[];
}

const printType = (type: TypeNode): string => print(type);
const printDirectives = (directives: readonly DirectiveNode[] | undefined): string[] => (directives ?? []).map((directive) => print(directive));

/** A subgraph's SDL as the conformance checks read it: every type by name, definitions and extensions merged. */
export class SchemaIndex {
  readonly types = new Map<string, IndexedType>();

  constructor(readonly document: DocumentNode) {
    for (const definition of document.definitions) {
      if (!('name' in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION) continue;
      const name = definition.name.value;
      const kind =
        definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION
          ? 'object'
          : definition.kind === Kind.INTERFACE_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_EXTENSION
            ? 'interface'
            : definition.kind === Kind.ENUM_TYPE_DEFINITION || definition.kind === Kind.ENUM_TYPE_EXTENSION
              ? 'enum'
              : 'other';
      const type: IndexedType = this.types.get(name) ?? { kind, fields: new Map(), values: new Map(), interfaces: [], directives: [] };
      if ('directives' in definition) type.directives.push(...printDirectives(definition.directives));
      if ('interfaces' in definition) type.interfaces.push(...(definition.interfaces ?? []).map((i) => i.name.value));
      if ('fields' in definition) {
        for (const field of definition.fields ?? []) {
          if (field.kind !== Kind.FIELD_DEFINITION) continue;
          type.fields.set(field.name.value, {
            type: printType(field.type),
            directives: printDirectives(field.directives),
            arguments: (field.arguments ?? []).map((argument) => argument.name.value),
          });
        }
      }
      if ('values' in definition) {
        for (const value of definition.values ?? []) type.values.set(value.name.value, { described: Boolean(value.description?.value.trim()) });
      }
      this.types.set(name, type);
    }
  }

  static of(sdl: string): SchemaIndex {
    return new SchemaIndex(parse(sdl));
  }

  type(name: string): IndexedType | undefined {
    return this.types.get(name);
  }

  field(typeName: string, fieldName: string): IndexedField | undefined {
    return this.types.get(typeName)?.fields.get(fieldName);
  }
}

/** The problems of a field against what a clause expects of it: missing, another type, a directive missing. */
export function fieldProblems(index: SchemaIndex, typeName: string, fieldName: string, expected: { type: string; directive?: string }): string[] {
  const type = index.type(typeName);
  if (!type) return [`no type ${typeName}`];
  const field = type.fields.get(fieldName);
  if (!field) return [`no field ${typeName}.${fieldName}`];
  const problems: string[] = [];
  if (field.type !== expected.type) problems.push(`${typeName}.${fieldName} is ${field.type}, not ${expected.type}`);
  if (expected.directive && !field.directives.some((directive) => directive.startsWith(expected.directive!)))
    problems.push(`${typeName}.${fieldName} is not ${expected.directive}`);
  return problems;
}

/** The problem of an entity type's key: missing, or not `@key(fields: "<fields>")`. */
export function keyProblems(index: SchemaIndex, typeName: string, fields: string): string[] {
  const type = index.type(typeName);
  if (!type) return [`no type ${typeName}`];
  const keyed = type.directives.some((directive) => directive.startsWith('@key(') && directive.includes(`fields: ${JSON.stringify(fields)}`));
  return keyed ? [] : [`${typeName} has no @key(fields: ${JSON.stringify(fields)})`];
}
