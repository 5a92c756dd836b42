import type { FetchNode } from '@apollo/query-planner';
import {
  DirectiveNode,
  getDirectiveValues,
  GraphQLFormattedError,
  GraphQLIncludeDirective,
  GraphQLSchema,
  GraphQLSkipDirective,
  isNonNullType,
  Kind,
  SelectionSetNode,
} from 'graphql';
import { FetchSelections, fetchSelectionsOf } from './answer-shape';
import { applyShape, CompiledShape, ShapeSelection } from './shape';

/**
 * A mutation's root fields run one after another, and a root field left null where the schema says
 * it cannot be (its change refused, or its subgraph not answering) nulls the whole answer's `data`.
 * Inside one subgraph graphql-js then runs none of the fields after it; across subgraphs the plan
 * would still send the next ones, whose changes the client would never see answered: it is told
 * only that one field failed, under `data: null`. So once a root field of a mutation is so left
 * null, the gateway sends none of the root fetches after it (execute-plan.ts), and says of each
 * change already made that it was made, its answer lost with the rest of `data`, and of each
 * change the subgraph did not run after the failed one, that it was not made. A root field its
 * subgraph answered can still be nulled by a field under it that a later fetch fills (another
 * subgraph's entity, the directory's lists): before each root fetch the gateway shapes the changes
 * made so far as the client would get them, and one shaped null fails as the others do.
 */

/** A root field a mutation's fetch was for: its response name and its field's name on the mutation type. */
interface RootField {
  responseName: string;
  fieldName: string;
}

/**
 * The root fields a fetch's operation selects, fragments followed, leaving out those its `@skip` or
 * `@include` leave out for `variables`: the subgraph neither runs nor answers them, so their absence
 * from the answer is no failed change.
 */
function rootFieldsOf({ selectionSet, fragments }: FetchSelections, variables: Record<string, unknown>): RootField[] {
  const fields: RootField[] = [];
  const included = (node: { directives?: readonly DirectiveNode[] }): boolean =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') fields.push({ responseName: selection.alias?.value ?? selection.name.value, fieldName: selection.name.value });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && included(fragment)) visit(fragment.selectionSet);
      }
    }
  };
  if (selectionSet) visit(selectionSet);
  return fields;
}

/** What became of the changes of one root fetch of a mutation, by response name. */
export interface ChangesOfFetch {
  /** Made: answered with a value (or, in a fetch whose answer was nulled, before the field that failed, without an error of their own). */
  made: string[];
  /** The first root field left null though it cannot be: the answer's `data` is null. */
  failed: string | undefined;
  /** After `failed` in the same fetch, without an error of their own: graphql-js ran none of them. */
  notRun: string[];
}

/**
 * What became of the changes `fetch` (a root fetch of a mutation) was for, once it is done: `root`
 * is the answer's data, `answered` whether the subgraph answered, `errors` what it said, and
 * `variables` the values (defaults included) its `@skip` and `@include` are read with.
 */
export function changesOfFetch(
  schema: GraphQLSchema,
  fetch: FetchNode,
  root: Record<string, unknown>,
  answered: boolean,
  errors: readonly GraphQLFormattedError[] = [],
  variables: Record<string, unknown> = {},
): ChangesOfFetch {
  const mutationFields = schema.getMutationType()?.getFields() ?? {};
  const fields = rootFieldsOf(fetchSelectionsOf(fetch), variables);
  const withError = new Set(errors.map((error) => error.path?.[0]).filter((name) => typeof name === 'string'));
  const isNull = (responseName: string) => root[responseName] === null || root[responseName] === undefined;
  const nulled = ({ responseName, fieldName }: RootField): boolean => {
    const field = mutationFields[fieldName];
    return field !== undefined && isNonNullType(field.type) && isNull(responseName);
  };
  // In an answer whose data the subgraph nulled, every field is absent: the failed one is the first that says why.
  const failedWithError = answered ? fields.findIndex((field) => nulled(field) && withError.has(field.responseName)) : -1;
  const failedAt = failedWithError >= 0 ? failedWithError : fields.findIndex(nulled);
  const failed = failedAt < 0 ? undefined : fields[failedAt]!.responseName;
  const before = failedAt < 0 ? fields : fields.slice(0, failedAt);
  // A subgraph that answered with its data nulled made each change before the failed one that says nothing of its own.
  const made = before.filter(({ responseName }) => !isNull(responseName) || (answered && failed !== undefined && !withError.has(responseName))).map((field) => field.responseName);
  const notRun = answered && failedAt >= 0 ? fields.slice(failedAt + 1).filter(({ responseName }) => !withError.has(responseName) && isNull(responseName)) : [];
  return { made, failed, notRun: notRun.map((field) => field.responseName) };
}

/** The selections of a shape's root that give the root field `responseName`, and no other. */
function rootSelectionsOf(selections: readonly ShapeSelection[], responseName: string): ShapeSelection[] {
  return selections.flatMap((selection): ShapeSelection[] => {
    if (selection.kind === 'field') return selection.responseName === responseName ? [selection] : [];
    return [{ ...selection, selections: rootSelectionsOf(selection.selections, responseName) }];
  });
}

/**
 * The first change of `made` (root fields of a mutation its subgraph answered) whose answer, shaped
 * as the client gets it from `root` (the data fetched so far), is null though its root field cannot
 * be: a non-null field under it that a later fetch was to fill failed, and the null rose to the
 * root field, so to the whole answer's `data`. Undefined when every one keeps its answer.
 * `schema` is the API schema `shape` was compiled on: the fragments' type conditions are its types,
 * and what the shaping learns of them is kept in the shape for the client's answer.
 */
export function changeNulledBelow(
  schema: GraphQLSchema,
  shape: CompiledShape,
  root: Record<string, unknown>,
  made: readonly string[],
  variables: Record<string, unknown> | undefined,
): string | undefined {
  return made.find((responseName) => {
    const alone: CompiledShape = { ...shape, selections: rootSelectionsOf(shape.selections, responseName) };
    try {
      return applyShape(schema, alone, root, variables).data === null;
    } catch {
      // Data the shaping cannot read fails the whole answer as well.
      return true;
    }
  });
}
