import { DocumentNode, GraphQLError, Kind, OperationDefinitionNode, valueFromASTUntyped, visit } from 'graphql';

/**
 * Refuses an operation whose `@skip` or `@include` would be decided by a variable that is not true
 * or false: a nullable variable with a default may be sent `null` (the variable's type allows it,
 * and validation lets it stand where `if: Boolean!` is), which the planner, the executor and the
 * reference check then could not read, and the gateway answered INTERNAL_SERVER_ERROR (audit,
 * 2026-12-07). Refused before anything is planned or sent, with BAD_USER_INPUT.
 */
export function checkConditionVariables(document: DocumentNode, operation: OperationDefinitionNode, variables: Readonly<Record<string, unknown>> | undefined): void {
  const defaults = new Map((operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition.defaultValue]));
  visit(document, {
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
