import type { FetchNode } from '@apollo/query-planner';
import { GraphQLSchema, isNonNullType, Kind, SelectionSetNode } from 'graphql';
import { FetchSelections, fetchSelectionsOf } from './answer-shape';

/**
 * A mutation's root fields run one after another, and a root field left null where the schema says
 * it cannot be (its change refused, or its subgraph not answering) nulls the whole answer's `data`.
 * Inside one subgraph graphql-js then runs none of the fields after it; across subgraphs the plan
 * would still send the next ones, whose changes the client would never see answered: it is told
 * only that one field failed, under `data: null`. So once a root field of a mutation is so left
 * null, the gateway sends none of the root fetches after it (execute-plan.ts).
 */

/** A root field a mutation's fetch was for: its response name and its field's name on the mutation type. */
interface RootField {
  responseName: string;
  fieldName: string;
}

/** The root fields a fetch's operation selects, fragments followed. */
function rootFieldsOf({ selectionSet, fragments }: FetchSelections): RootField[] {
  const fields: RootField[] = [];
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') fields.push({ responseName: selection.alias?.value ?? selection.name.value, fieldName: selection.name.value });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  if (selectionSet) visit(selectionSet);
  return fields;
}

/**
 * The response name of the first root field of `fetch` (a root fetch of a mutation) that `root`, the
 * answer's data once the fetch is done, holds null or lacks though the mutation type says it cannot
 * be null; undefined when there is none.
 */
export function nulledNonNullRootField(schema: GraphQLSchema, fetch: FetchNode, root: Record<string, unknown>): string | undefined {
  const mutationFields = schema.getMutationType()?.getFields();
  if (!mutationFields) return undefined;
  for (const { responseName, fieldName } of rootFieldsOf(fetchSelectionsOf(fetch))) {
    const field = mutationFields[fieldName];
    if (field && isNonNullType(field.type) && (root[responseName] === null || root[responseName] === undefined)) return responseName;
  }
  return undefined;
}
