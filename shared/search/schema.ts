import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResolverMap } from '../graphql/merge-resolvers';
import { fillRegistryTemplate, RegistryKey } from '../registry/keys';
import { SearchIndex } from './index';
import { EMPTY_SEARCH_SLICE, parseSearchQuery } from './query';

const SEARCH_TEMPLATE_FILE = join(__dirname, 'search.graphql');

/** search.graphql for one registry: `SearchList.<key>`. */
export const searchTypeDefs = (key: RegistryKey): string => fillRegistryTemplate(readFileSync(SEARCH_TEMPLATE_FILE, 'utf8'), key);

/** What a registry's request context holds for search: its repository's index. */
export interface SearchContext {
  repository: { searchIndex: SearchIndex };
}

/** A registry's slice of a search: empty when the search names other registries only. */
export function searchResolvers(key: RegistryKey): ResolverMap {
  return {
    SearchList: {
      [key]: ({ filter }: { filter: string }, _: unknown, { repository }: SearchContext) => {
        const query = parseSearchQuery(filter);
        return query.registries && !query.registries.includes(key) ? EMPTY_SEARCH_SLICE : repository.searchIndex.search(query, key);
      },
    },
  };
}
