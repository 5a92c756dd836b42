import { DefinitionNode, DocumentNode, FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, valueFromASTUntyped, visit } from 'graphql';

/**
 * The operation that runs and the fragments it reaches, spread in spread: the parts of `document`
 * whose `@skip` and `@include` its variables decide. Another operation of the same document, and the
 * fragments only it spreads, read that operation's variables, which may share a name with this one's
 * and be of any type, or not be given at all (audit, 2026-12-07).
 */
function definitionsRunBy(document: DocumentNode, operation: OperationDefinitionNode): DefinitionNode[] {
  const fragments = new Map(
    document.definitions.flatMap((definition): Array<[string, FragmentDefinitionNode]> =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [],
    ),
  );
  const reached: DefinitionNode[] = [operation];
  for (let i = 0; i < reached.length; i++) {
    visit(reached[i]!, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !reached.includes(fragment)) reached.push(fragment);
      },
    });
  }
  return reached;
}

/**
 * Refuses an operation whose `@skip` or `@include` would be decided by a variable that is not true
 * or false: a nullable variable with a default may be sent `null` (the variable's type allows it,
 * and validation lets it stand where `if: Boolean!` is), which the planner, the executor and the
 * reference check then could not read, and the gateway answered INTERNAL_SERVER_ERROR (audit,
 * 2026-12-07). Refused before anything is planned or sent, with BAD_USER_INPUT. Only the conditions
 * `operation` runs are read (definitionsRunBy).
 */
export function checkConditionVariables(document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | undefined): void {
  const defaults = new Map((operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition.defaultValue]));
  const run: DocumentNode = { ...document, definitions: definitionsRunBy(document, operation) };
  visit(run, {
    Directive(directive) {
      if (directive.name.value !== 'skip' && directive.name.value !== 'include') return;
      const condition = directive.arguments?.find((argument) => argument.name.value === 'if')?.value;
      if (condition?.kind !== Kind.VARIABLE || !defaults.has(condition.name.value)) return;
      const name = condition.name.value;
      const given = variables && Object.hasOwn(variables, name) ? variables[name] : undefined;
      const defaultValue = defaults.get(name);
      const value = given !== undefined ? given : defaultValue ? valueFromASTUntyped(defaultValue) : undefined;
      if (typeof value === 'boolean') return;
      throw new GraphQLError(
        `Variable "$${name}" is ${value === undefined ? 'not given' : JSON.stringify(value)}, but it decides a @${directive.name.value}, which needs true or false`,
        {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        },
      );
    },
  });
}
