import {
  DocumentNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLInputType,
  GraphQLSchema,
  GraphQLSkipDirective,
  isInputObjectType,
  isListType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { ReferenceKind } from './reference-fields';

/** One value an operation gives an input marked `@reference`, and where (`input.cooperatingIds[1]`). */
export interface GivenReference {
  /** The root field it goes to, by its name in the schema. */
  rootField: string;
  path: string;
  kind: ReferenceKind;
  value: string;
}

/**
 * The references a mutation's root fields are given, with the operation's (coerced) variables:
 * every value of an argument or input field marked `@reference`, however deep in input objects and
 * lists. Fields that `@skip` or `@include` leave out are left out here too.
 */
export function collectReferences(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  fields: ReadonlyMap<string, ReferenceKind>,
): GivenReference[] {
  const root = schema.getRootType(operation.operation);
  if (!root || fields.size === 0) return [];
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const found: GivenReference[] = [];
  const included = (node: { directives?: readonly import('graphql').DirectiveNode[] }) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;

  const visitValue = (rootField: string, type: GraphQLInputType, value: unknown, path: string) => {
    if (value === null || value === undefined) return;
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (Array.isArray(value)) value.forEach((item, i) => visitValue(rootField, nullable.ofType, item, `${path}[${i}]`));
      return;
    }
    if (!isInputObjectType(nullable) || typeof value !== 'object') return;
    for (const [name, field] of Object.entries(nullable.getFields())) {
      const given = (value as Record<string, unknown>)[name];
      const at = path ? `${path}.${name}` : name;
      const kind = fields.get(`${nullable.name}.${name}`);
      if (kind) addValues(rootField, kind, given, at);
      else visitValue(rootField, field.type, given, at);
    }
  };
  const addValues = (rootField: string, kind: ReferenceKind, value: unknown, path: string) => {
    if (typeof value === 'string') found.push({ rootField, path, kind, value });
    else if (Array.isArray(value)) value.forEach((item, i) => addValues(rootField, kind, item, `${path}[${i}]`));
  };

  const visitSelections = (selections: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selections.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.INLINE_FRAGMENT) visitSelections(selection.selectionSet, seen);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) visitSelections(fragment.selectionSet, new Set([...seen, fragment.name.value]));
      } else {
        const definition = root.getFields()[selection.name.value];
        if (!definition) continue;
        const args = getArgumentValues(definition, selection, variables);
        for (const argument of definition.args) {
          const kind = fields.get(`${root.name}.${definition.name}(${argument.name}:)`);
          // The one argument most mutations take is left out of the path: `cooperatingIds[1]`, as the subgraphs name input fields.
          const path = argument.name === 'input' ? '' : argument.name;
          if (kind) addValues(definition.name, kind, args[argument.name], argument.name);
          else if (isInputObjectType(getNamedType(argument.type))) visitValue(definition.name, argument.type, args[argument.name], path);
        }
      }
    }
  };
  visitSelections(operation.selectionSet, new Set());
  return found;
}
