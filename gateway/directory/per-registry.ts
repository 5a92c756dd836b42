import { ConstDirectiveNode, DefinitionNode, DocumentNode, FieldDefinitionNode, Kind, parse, print, StringValueNode } from 'graphql';
import { fillRegistryTemplate } from '../../shared/registry/keys';

/**
 * The directory's schema is written once, as a template, and built for the registries of the
 * gateway's configuration by `perRegistry`, the one place that writes out what each registry adds:
 *
 * - a type whose name holds `__Key__` (`__Key__Member`) is written once per registry (`LabsMember`...);
 * - a field whose name holds `__key__` (`Person.__key__: __Key__Member @external`) once per
 *   registry (`labs: LabsMember @external`...);
 * - a `@requires` selection holding `__key__` (`"__key__ { fullName }"`) becomes that selection
 *   for every registry, one after another (`"labs { fullName } auditors { fullName } ..."`).
 */
const PLACEHOLDER = /__key__|__Key__/;

const holdsPlaceholder = (name: string): boolean => PLACEHOLDER.test(name);

/** `template` (a printed node) for each key, parsed back by `reparse`. */
function copies<T>(template: string, keys: readonly string[], reparse: (text: string) => T): T[] {
  return keys.map((key) => reparse(fillRegistryTemplate(template, key)));
}

/** A field definition from its printed form. */
function parseField(text: string): FieldDefinitionNode {
  const document = parse(`type Copy {\n${text}\n}`);
  const [definition] = document.definitions;
  if (definition?.kind !== Kind.OBJECT_TYPE_DEFINITION || definition.fields?.length !== 1) throw new Error(`not one field definition: ${text}`);
  return definition.fields[0]!;
}

/** A `@requires(fields:)` whose selection holds `__key__`: the selection once per registry. */
function expandRequires(directive: ConstDirectiveNode, keys: readonly string[]): ConstDirectiveNode {
  if (directive.name.value !== 'requires') return directive;
  if (!directive.arguments) return directive;
  return {
    ...directive,
    arguments: directive.arguments.map((argument) => {
      if (argument.name.value !== 'fields' || argument.value.kind !== Kind.STRING || !holdsPlaceholder(argument.value.value)) return argument;
      const template = argument.value.value;
      const value: StringValueNode = { kind: Kind.STRING, value: keys.map((key) => fillRegistryTemplate(template, key)).join(' ') };
      return { ...argument, value };
    }),
  };
}

function expandFields(fields: readonly FieldDefinitionNode[] | undefined, keys: readonly string[]): FieldDefinitionNode[] | undefined {
  return fields?.flatMap((field) =>
    holdsPlaceholder(field.name.value)
      ? copies(print(field), keys, parseField)
      : [field.directives ? { ...field, directives: field.directives.map((directive) => expandRequires(directive, keys)) } : field],
  );
}

function expandDefinition(definition: DefinitionNode, keys: readonly string[]): DefinitionNode[] {
  if ('name' in definition && definition.name && holdsPlaceholder(definition.name.value)) {
    return copies(print(definition), keys, (text) => parse(text).definitions[0]!);
  }
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
    case Kind.INTERFACE_TYPE_DEFINITION:
    case Kind.INTERFACE_TYPE_EXTENSION: {
      const fields = expandFields(definition.fields, keys);
      return [fields ? { ...definition, fields } : definition];
    }
    default:
      return [definition];
  }
}

/** The template `document` built for the registries `keys` (in their order); at least one. */
export function perRegistry(document: DocumentNode, keys: readonly string[]): DocumentNode {
  if (keys.length === 0) throw new Error('the directory needs at least one registry');
  return { kind: Kind.DOCUMENT, definitions: document.definitions.flatMap((definition) => expandDefinition(definition, keys)) };
}
