import { ERRORS } from '@apollo/federation-internals';
import {
  DirectiveNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLNamedType,
  GraphQLOutputType,
  GraphQLSchema,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import { textOf } from '../../shared/text/text-of';

/**
 * The final result-shaping pass, compiled once per operation: Apollo Gateway's `computeResponse`
 * (@apollo/gateway/src/resultShaping.ts) step for step, with everything that only depends on the
 * operation (field types, response names, skip/include conditions, type-condition checks) worked
 * out ahead of time. It keeps the requested fields in the requested order, drops what the plan
 * fetched only for itself (keys, requires), sets `__typename` of root types, checks leaf values,
 * and bubbles null up to the nearest nullable parent, with the same errors and paths.
 */

/** A `@skip(if:)` or `@include(if:)`: a literal, or a variable read at run time. */
interface Condition {
  literal?: boolean;
  variable?: string;
}

interface ShapeField {
  kind: 'field';
  responseName: string;
  isTypename: boolean;
  type: GraphQLOutputType;
  skip?: Condition;
  include?: Condition;
  selections?: ShapeSelection[];
}

interface ShapeFragment {
  kind: 'fragment';
  typeCondition?: GraphQLCompositeType;
  /** Whether the condition applies to an object of a given `__typename` (memoised). */
  applies: Map<string, boolean>;
  skip?: Condition;
  include?: Condition;
  selections: ShapeSelection[];
}

export type ShapeSelection = ShapeField | ShapeFragment;

/** The operation's result shape, ready to apply to the data a plan fetched. */
export interface CompiledShape {
  rootType: GraphQLCompositeType;
  selections: ShapeSelection[];
  /** Variable defaults, applied under the request's values (for skip/include). */
  defaults: Record<string, unknown>;
}

/** Thrown at compile time for what this executor leaves to Apollo Gateway's (schema introspection). */
export class UnsupportedOperation extends Error {}

function conditionOf(directives: readonly DirectiveNode[] | undefined, name: 'skip' | 'include'): Condition | undefined {
  const directive = directives?.find((d) => d.name.value === name);
  const argument = directive?.arguments?.find((a) => a.name.value === 'if');
  if (!argument) return undefined;
  if (argument.value.kind === Kind.BOOLEAN) return { literal: argument.value.value };
  if (argument.value.kind === Kind.VARIABLE) return { variable: argument.value.name.value };
  throw new UnsupportedOperation(`@${name}(if:) with a ${argument.value.kind}`);
}

/** Compiles the shape of `operation` against the API schema (the one clients query). */
export function compileShape(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): CompiledShape {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) throw new UnsupportedOperation(`no ${operation.operation} root type`);
  const defaults = Object.create(null) as Record<string, unknown>;
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }

  const compileSet = (set: SelectionSetNode, parent: GraphQLCompositeType): ShapeSelection[] =>
    set.selections.map((selection): ShapeSelection => {
      const skip = conditionOf(selection.directives, 'skip');
      const include = conditionOf(selection.directives, 'include');
      const conditions = { ...(skip ? { skip } : {}), ...(include ? { include } : {}) };
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const responseName = selection.alias?.value ?? name;
        if (name === '__schema' || name === '__type') throw new UnsupportedOperation('schema introspection');
        if (name === '__typename') return { kind: 'field', responseName, isTypename: true, type: schema.getType('String') as GraphQLOutputType, ...conditions };
        if (!('getFields' in parent)) throw new UnsupportedOperation(`field ${name} on union ${parent.name}`);
        const definition = parent.getFields()[name];
        if (!definition) throw new UnsupportedOperation(`unknown field ${parent.name}.${name}`);
        let named: GraphQLOutputType = definition.type;
        while (isNonNullType(named) || isListType(named)) named = named.ofType;
        return {
          kind: 'field',
          responseName,
          isTypename: false,
          type: definition.type,
          ...conditions,
          ...(selection.selectionSet && isCompositeType(named) ? { selections: compileSet(selection.selectionSet, named) } : {}),
        };
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
      if (!fragment) throw new UnsupportedOperation(`unknown fragment ${selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : ''}`);
      const conditionName = fragment.typeCondition?.name.value;
      const typeCondition = conditionName ? schema.getType(conditionName) : undefined;
      if (conditionName && (!typeCondition || !isCompositeType(typeCondition))) throw new UnsupportedOperation(`unknown type ${conditionName}`);
      const condition = typeCondition as GraphQLCompositeType | undefined;
      return {
        kind: 'fragment',
        ...(condition ? { typeCondition: condition } : {}),
        applies: new Map(),
        ...conditions,
        selections: compileSet(fragment.selectionSet, condition ?? parent),
      };
    });

  return { rootType, selections: compileSet(operation.selectionSet, rootType), defaults };
}

/** The variables the shape's skip/include conditions read, in a fixed order (memoised per shape). */
const conditionVariables = new WeakMap<CompiledShape, string[]>();
export function conditionVariablesOf(shape: CompiledShape): string[] {
  let names = conditionVariables.get(shape);
  if (!names) {
    const found = new Set<string>();
    const walk = (selections: ShapeSelection[] | undefined): void => {
      for (const selection of selections ?? []) {
        if (selection.skip?.variable) found.add(selection.skip.variable);
        if (selection.include?.variable) found.add(selection.include.variable);
        walk(selection.selections);
      }
    };
    walk(shape.selections);
    names = [...found];
    conditionVariables.set(shape, names);
  }
  return names;
}

interface Run {
  schema: GraphQLSchema;
  variables: Record<string, unknown>;
  defaults: Record<string, unknown>;
  errors: GraphQLError[];
}

/** What skip/include conditions read: the request's variables over the operation's defaults. */
type ConditionValues = Pick<Run, 'variables' | 'defaults'>;

function conditionValue(condition: Condition, run: ConditionValues): boolean {
  if (condition.literal !== undefined) return condition.literal;
  const name = condition.variable!;
  const value = Object.prototype.hasOwnProperty.call(run.variables, name) ? run.variables[name] : run.defaults[name];
  if (typeof value !== 'boolean') throw new Error(`Unexpected value ${String(value)} for variable $${name}`);
  return value;
}

export function skipped(selection: ShapeSelection, run: ConditionValues): boolean {
  return (selection.skip !== undefined && conditionValue(selection.skip, run)) || (selection.include !== undefined && !conditionValue(selection.include, run));
}

/**
 * Whether the client's operation selects the field at response path `path` (list indices are
 * skipped; fragments count whatever their type condition, skipped and excluded selections do not).
 */
export function selectsPath(shape: CompiledShape, path: readonly (string | number)[], values: ConditionValues): boolean {
  let level: ShapeSelection[] = shape.selections;
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    const next: ShapeSelection[] = [];
    let found = false;
    const visit = (selections: ShapeSelection[]): void => {
      for (const selection of selections) {
        if ((selection.skip || selection.include) && skippedOrUnknown(selection, values)) continue;
        if (selection.kind === 'fragment') visit(selection.selections);
        else if (selection.responseName === segment && !selection.isTypename) {
          found = true;
          if (selection.selections) next.push(...selection.selections);
        }
      }
    };
    visit(level);
    if (!found) return false;
    level = next;
  }
  return true;
}

/**
 * The root fields (response names, `__typename` aside) the operation selects, its skip/include
 * conditions applied, and each asking for something within: a field whose every subselection is
 * skipped asks nothing a subgraph must answer (the planner may leave it out, and Apollo Gateway then
 * answers it null).
 */
export function selectedRootFields(shape: CompiledShape, values: ConditionValues): string[] {
  const names: string[] = [];
  const visit = (selections: ShapeSelection[]): void => {
    for (const selection of selections) {
      if (isSkipped(selection, values)) continue;
      if (selection.kind === 'fragment') visit(selection.selections);
      else if (!selection.isTypename && (!selection.selections || selectsAnything(selection.selections, values))) names.push(selection.responseName);
    }
  };
  visit(shape.selections);
  return names;
}

const isSkipped = (selection: ShapeSelection, values: ConditionValues): boolean => !!(selection.skip || selection.include) && skippedOrUnknown(selection, values);

/** Whether any field (`__typename` included) of `selections` is left once their skip/include conditions are applied. */
function selectsAnything(selections: readonly ShapeSelection[], values: ConditionValues): boolean {
  return selections.some((selection) => !isSkipped(selection, values) && (selection.kind === 'field' || selectsAnything(selection.selections, values)));
}

/** `skipped`, with a condition whose variable is not a boolean counted as skipped (the operation did not run to it). */
function skippedOrUnknown(selection: ShapeSelection, values: ConditionValues): boolean {
  try {
    return skipped(selection, values);
  } catch {
    return true;
  }
}

/** federation-internals' `isSubtype(condition, type)` for named types. */
function isSubtypeOf(schema: GraphQLSchema, condition: GraphQLCompositeType, type: GraphQLNamedType): boolean {
  if (condition === type) return true;
  return isAbstractType(condition) && (isObjectType(type) || 'getInterfaces' in type) && schema.isSubType(condition, type as never);
}

export function fragmentApplies(run: Pick<Run, 'schema'>, fragment: ShapeFragment, typename: string | undefined, parentType: GraphQLCompositeType): boolean {
  const condition = fragment.typeCondition;
  if (!condition) return true;
  if (typename) {
    let applies = fragment.applies.get(typename);
    if (applies === undefined) {
      const type = run.schema.getType(typename);
      applies = !!type && isSubtypeOf(run.schema, condition, type);
      fragment.applies.set(typename, applies);
    }
    return applies;
  }
  return isSubtypeOf(run.schema, condition, parentType);
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** federation-internals' `isValidLeafValue`, on graphql-js types. */
export function isValidLeafValue(value: unknown, type: GraphQLNamedType): boolean {
  if (!isSpecifiedScalarType(type) && !isEnumType(type)) return true;
  const name = type.name;
  if (typeof value === 'boolean') return name === 'Boolean';
  if (typeof value === 'number' && isFinite(value)) {
    if (name === 'Int' || name === 'ID') return INTEGER.test(String(value));
    return name === 'Float';
  }
  if (typeof value === 'string') {
    if (isEnumType(type)) return type.getValue(value) !== undefined;
    return name !== 'Boolean' && name !== 'Int' && name !== 'Float';
  }
  return false;
}

const NULL_BUBBLE_UP = 1;
const OK = 0;

function describeLast(path: (string | number)[], currentType: GraphQLOutputType, parentType: GraphQLCompositeType): string {
  const element = path[path.length - 1]!;
  return typeof element === 'string' ? `field ${parentType.name}.${element}` : `array element of type ${String(currentType)} at index ${element}`;
}

function applySelections(
  run: Run,
  input: Record<string, unknown>,
  selections: ShapeSelection[],
  output: Record<string, unknown>,
  path: (string | number)[],
  parentType: GraphQLCompositeType,
): number {
  for (let i = 0; i < selections.length; i++) {
    const selection = selections[i]!;
    if ((selection.skip || selection.include) && skipped(selection, run)) continue;
    if (selection.kind === 'field') {
      const responseName = selection.responseName;
      const outputValue = output[responseName];
      let inputValue = Object.prototype.hasOwnProperty.call(input, responseName) ? (input[responseName] ?? null) : null;
      if (selection.isTypename) {
        if (outputValue === undefined) {
          if (inputValue === null && responseName !== '__typename') inputValue = input.__typename ?? null;
          const type = inputValue !== null && typeof inputValue === 'string' ? (run.schema.getType(inputValue) ?? parentType) : parentType;
          if (!isObjectType(type)) return NULL_BUBBLE_UP;
          output[responseName] = type.name;
        }
        continue;
      }
      path.push(responseName);
      const result = updateValue(run, outputValue, selection.type, inputValue, selection.selections, path, parentType);
      output[responseName] = result.updated;
      path.pop();
      if (result.isInvalid) return NULL_BUBBLE_UP;
    } else {
      const typename = input.__typename;
      if (typename !== undefined && typename !== null && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${textOf(typename)}`);
      if (fragmentApplies(run, selection, typename || undefined, parentType)) {
        const result = applySelections(run, input, selection.selections, output, path, selection.typeCondition ?? parentType);
        if (result === NULL_BUBBLE_UP) return NULL_BUBBLE_UP;
      }
    }
  }
  return OK;
}

interface Updated {
  updated: unknown;
  isInvalid?: boolean;
  hasErrors?: boolean;
}

function updateValue(
  run: Run,
  outputValue: unknown,
  type: GraphQLOutputType,
  inputValue: unknown,
  selections: ShapeSelection[] | undefined,
  path: (string | number)[],
  parentType: GraphQLCompositeType,
): Updated {
  if (outputValue === null || (outputValue !== undefined && !selections)) return { updated: outputValue };

  if (isNonNullType(type)) {
    const inner = updateValue(run, outputValue, type.ofType, inputValue, selections, path, parentType);
    if (inner.updated === null) {
      if (!inner.hasErrors) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describeLast(path, type.ofType, parentType)}.`, { path: Array.from(path) }));
      }
      return { updated: null, isInvalid: true, hasErrors: true };
    }
    return { updated: inner.updated };
  }

  if (inputValue === null) return { updated: null };

  if (isListType(type)) {
    if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${textOf(inputValue)} returned by subgraph for list type ${String(type)}`);
    if (outputValue !== undefined && !Array.isArray(outputValue))
      throw new Error(`Invalid non-list value ${textOf(outputValue)} returned by subgraph for list type ${String(type)}`);
    const previous = outputValue as unknown[] | undefined;
    if (previous && previous.length !== inputValue.length) throw new Error(`list lengths differ (${inputValue.length} !== ${previous.length})`);
    const itemType = type.ofType;
    let shouldNullify = false;
    let hasErrors = false;
    const updated = new Array<unknown>(inputValue.length);
    for (let index = 0; index < inputValue.length; index++) {
      path.push(index);
      const element = updateValue(run, previous ? previous[index] : undefined, itemType, inputValue[index], selections, path, parentType);
      path.pop();
      if (element.isInvalid) shouldNullify = true;
      if (element.hasErrors) hasErrors = true;
      updated[index] = element.updated;
    }
    return { updated: shouldNullify ? null : updated, hasErrors };
  }

  if (isCompositeType(type)) {
    if (!selections) throw new Error(`Invalid empty selection set for composite type ${type.name}`);
    if (typeof inputValue !== 'object') throw new Error(`Invalid non-object value ${textOf(inputValue)} returned by subgraph for composite type ${type.name}`);
    const input = inputValue as Record<string, unknown>;
    const inputTypename = input.__typename;
    if (inputTypename !== undefined && typeof inputTypename !== 'string') throw new Error(`Invalid non-string value ${textOf(inputTypename)} for __typename at ${path.join(',')}`);
    let objectType: GraphQLCompositeType = type;
    if (inputTypename) {
      const named = run.schema.getType(inputTypename);
      if (!named || !isCompositeType(named)) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describeLast(path, type, parentType)}.`, { path: Array.from(path) }));
        return { updated: null, hasErrors: true };
      }
      objectType = named;
    }
    const outputObject = (outputValue === undefined ? Object.create(null) : outputValue) as Record<string, unknown>;
    const bubbled = applySelections(run, input, selections, outputObject, path, objectType) === NULL_BUBBLE_UP;
    return { updated: bubbled ? null : outputObject, hasErrors: bubbled };
  }

  if (outputValue !== undefined) throw new Error(`Expected output to be undefined for type ${String(type)}`);
  const valid = isValidLeafValue(inputValue, type);
  if (!valid) run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describeLast(path, type, parentType)}.`, { path: Array.from(path) }));
  return { updated: valid ? inputValue : null, hasErrors: !valid };
}

/** Applies a compiled shape to the data the plan fetched: the client's `data` and the value-completion errors. */
export function applyShape(
  schema: GraphQLSchema,
  shape: CompiledShape,
  input: Record<string, unknown>,
  variables: Record<string, unknown> | undefined,
): { data: Record<string, unknown> | null; errors: GraphQLError[] } {
  const run: Run = { schema, variables: variables ?? {}, defaults: shape.defaults, errors: [] };
  const data = Object.create(null) as Record<string, unknown>;
  const result = applySelections(run, input, shape.selections, data, [], shape.rootType);
  return { data: result === NULL_BUBBLE_UP ? null : data, errors: run.errors };
}
