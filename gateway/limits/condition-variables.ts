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

/** A condition of an operation: the variable that decides it, and its directive (`skip`, `include`). */
interface Condition {
  variable: string;
  directive: string;
}

/** Apollo Server hands the same parsed document for the same text: each operation's conditions are found once. */
const conditionsOfOperation = new WeakMap<OperationDefinitionNode, readonly Condition[]>();

/** The `@skip` and `@include` of the operation and the fragments it reaches whose `if` is one of its variables. */
function conditionsOf(document: DocumentNode, operation: OperationDefinitionNode): readonly Condition[] {
  const known = conditionsOfOperation.get(operation);
  if (known) return known;
  const declared = new Set((operation.variableDefinitions ?? []).map((definition) => definition.variable.name.value));
  const conditions: Condition[] = [];
  visit(
    { ...document, definitions: definitionsRunBy(document, operation) },
    {
      Directive(directive) {
        if (directive.name.value !== 'skip' && directive.name.value !== 'include') return;
        const condition = directive.arguments?.find((argument) => argument.name.value === 'if')?.value;
        if (condition?.kind === Kind.VARIABLE && declared.has(condition.name.value)) conditions.push({ variable: condition.name.value, directive: directive.name.value });
      },
    },
  );
  conditionsOfOperation.set(operation, conditions);
  return conditions;
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
  const conditions = conditionsOf(document, operation);
  if (conditions.length === 0) return;
  const defaults = new Map((operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition.defaultValue]));
  for (const { variable, directive } of conditions) {
    const given = variables && Object.hasOwn(variables, variable) ? variables[variable] : undefined;
    const defaultValue = defaults.get(variable);
    const value = given !== undefined ? given : defaultValue ? valueFromASTUntyped(defaultValue) : undefined;
    if (typeof value === 'boolean') continue;
    throw new GraphQLError(`Variable "$${variable}" is ${value === undefined ? 'not given' : JSON.stringify(value)}, but it decides a @${directive}, which needs true or false`, {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
    });
  }
}
