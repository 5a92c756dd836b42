import { DirectiveNode, DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode, valueFromASTUntyped } from 'graphql';

/** Whether `@skip`/`@include` leave the selection out, with the request's variables. */
function excluded(directives: readonly DirectiveNode[] | undefined, variables: Record<string, unknown>): boolean {
  for (const directive of directives ?? []) {
    const argument = directive.arguments?.find((a) => a.name.value === 'if');
    if (!argument) continue;
    const value = valueFromASTUntyped(argument.value, variables) === true;
    if (directive.name.value === 'skip' && value) return true;
    if (directive.name.value === 'include' && !value) return true;
  }
  return false;
}

/**
 * Whether the client's operation asks for the field at response path `path` (list indices
 * skipped), its `@skip`/`@include` applied: the test of "a field the client asked for".
 */
export function operationSelects(document: DocumentNode, variables: Record<string, unknown>, path: readonly (string | number)[]): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operation = definition;
  }
  if (!operation) return false;
  let level: SelectionSetNode[] = [operation.selectionSet];
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    const next: SelectionSetNode[] = [];
    let found = false;
    const visit = (set: SelectionSetNode): void => {
      for (const selection of set.selections) {
        if (excluded(selection.directives, variables)) continue;
        if (selection.kind === Kind.FIELD) {
          if ((selection.alias?.value ?? selection.name.value) !== segment) continue;
          found = true;
          if (selection.selectionSet) next.push(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          visit(selection.selectionSet);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment) visit(fragment.selectionSet);
        }
      }
    };
    level.forEach(visit);
    if (!found) return false;
    level = next;
  }
  return true;
}
