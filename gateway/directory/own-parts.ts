import { GraphQLError, GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import { RegistryKey } from '../../shared/registry/keys';
import { addError } from '../execution/added-errors';

/** The lists already told of their strays: a list's totalCount, pageInfo and nodes come from one merge, told once. */
const toldLists = new WeakSet<object>();

/**
 * One error per registry in `strays` at the list's path (once per list): its part named records that
 * are not its own, and they were left out.
 */
export function reportStrays(list: object, info: GraphQLResolveInfo, strays: readonly RegistryKey[]): void {
  if (strays.length === 0 || toldLists.has(list)) return;
  toldLists.add(list);
  const path = responsePathAsArray(info.path).slice(0, -1);
  for (const registry of strays)
    addError(
      info,
      new GraphQLError(`The ${registry} registry's part of this list named records that are not the ${registry} registry's; they were left out.`, {
        path,
        extensions: { code: 'SUBGRAPH_NAMED_ANOTHERS_RECORD', subgraph: registry },
      }),
    );
}
