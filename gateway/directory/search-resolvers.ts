import { personNamedBy, PeopleLookup } from './named-person';
import type { RegistryLinks } from './registry-helpers';
import { GraphQLResolveInfo } from 'graphql';
import { badUserInputField } from '../../shared/errors';
import { listOf } from '../../shared/graphql/list-cursors';
import { mergeKeyedParts, ownParts } from '../../shared/graphql/keyset-page';
import { ResolverMap } from '../../shared/graphql/merge-resolvers';
import { Page, pageSize } from '../../shared/graphql/pagination';
import { ownsId, RegistryKey, typePrefixOf } from '../../shared/registry/keys';
import { SearchKind } from '../../shared/search/documents';
import { parseSearchQuery, SearchHit, SearchQuery, SearchSlice } from '../../shared/search/query';
import { queryWords } from '../../shared/search/terms';
import { RegistryList } from './registries';
import { Unanswered } from './unanswered';

/** The longest search text (a resolution's text, pasted, fits). */
export const MAX_SEARCH_TEXT = 1_000;
/** The most words of a search text looked up: the first ones. */
export const MAX_SEARCH_WORDS = 12;

interface SearchArgs {
  text: string;
  kinds?: SearchKind[] | null;
  /** `Registry` values (checked by GraphQL). */
  registries?: string[] | null;
  first?: number | null;
  /** The position the client's cursor was opened into (list-cursors.ts). */
  after?: string | null;
}

/** A search list as the directory receives it: its key, and each registry's slice (by its key). */
type SearchList = { filter: string; [registry: RegistryKey]: SearchSlice | string | null | undefined };

/** The checked search key every registry receives. */
function searchFilter(registries: RegistryList, args: SearchArgs, list: string): { filter: string } {
  const text = args.text.trim();
  if (text.length === 0 || text.length > MAX_SEARCH_TEXT) throw badUserInputField('text', `must have 1 to ${MAX_SEARCH_TEXT} characters`);
  const words = queryWords(text);
  if (words.length === 0) throw badUserInputField('text', 'must hold at least one word of two letters or digits or more');
  const keys = args.registries?.length ? [...new Set(args.registries.map((value) => registries.keyOf(value)!))] : null;
  const query: SearchQuery = {
    text:
      words.length > MAX_SEARCH_WORDS
        ? words
            .slice(0, MAX_SEARCH_WORDS)
            .map((word) => word.key)
            .join(' ')
        : text,
    kinds: args.kinds?.length ? [...new Set(args.kinds)] : null,
    registries: keys,
    size: pageSize(args.first),
    afterKey: args.after ?? null,
    list,
  };
  return { filter: JSON.stringify(query) };
}

const pages = new WeakMap<SearchList, Page<SearchHit> & { strays: RegistryKey[] }>();

/** The registry a hit's `sortKey` (`<rank>|<registry>|<kind>|<position>`) names: the one the hit is shown as found in. */
const registryOfHit = (hit: SearchHit): string | undefined => hit.sortKey.split('|')[1];

/**
 * Whether `registry` may give `hit`: one it names as its own, of a record it keeps (an id with its
 * prefix; a person is named by national code, and the people a registry names are screened apart).
 * Another's would be shown as found in that registry, with the title this one chose.
 */
const ownHit = (registry: RegistryKey, hit: SearchHit): boolean => registryOfHit(hit) === registry && (hit.kind === 'PERSON' || ownsId(registry, hit.ref));

/**
 * The registries' slices (in the configuration's order, `keys`) merged: each holds its best
 * `size + 1` after the cursor, so the best `size + 1` of their union are the page's. A slice keeps
 * only its own hits (`ownHit`); `strays` names the registries that gave others.
 */
export function mergeSearchSlices(list: SearchList, keys: readonly RegistryKey[]): Page<SearchHit> & { strays: RegistryKey[] } {
  let page = pages.get(list);
  if (!page) {
    const { size } = parseSearchQuery(list.filter);
    const own = ownParts(
      keys.map((key) => {
        const slice = list[key];
        return [key, typeof slice === 'string' ? undefined : slice && { totalCount: slice.totalCount, items: slice.hits }] as const;
      }),
      ownHit,
    );
    page = { ...mergeKeyedParts(own.parts, size, (hit) => hit.sortKey), strays: own.strays };
    pages.set(list, page);
  }
  return page;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `title` with the matched words marked; everything else escaped. */
export function highlight(title: string, matchedWords: readonly string[]): string {
  if (matchedWords.length === 0) return escapeHtml(title);
  const wanted = new Set(matchedWords);
  return title
    .normalize('NFC')
    .split(/([\p{L}\p{M}\p{N}\u200c\u200d]+)/u)
    .map((part) => (wanted.has(part) ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
    .join('');
}

/** A merged hit as the client sees it: the record it found as an entity of the graph. */
function hitNode(registries: RegistryList, hit: SearchHit, people: PeopleLookup | undefined) {
  const registry = registryOfHit(hit)!;
  const entity = (kind: SearchKind) => (hit.kind === kind ? { id: hit.ref } : null);
  const governance = (kind: 'MEETING' | 'RESOLUTION', type: 'Meeting' | 'Resolution') =>
    hit.kind === kind ? { __typename: `${typePrefixOf(registry)}${type}`, id: hit.ref } : null;
  return {
    kind: hit.kind,
    registry: registries.enumValueOf(registry),
    title: hit.title,
    highlighted: highlight(hit.title, hit.matchedWords),
    matchedWords: hit.matchedWords,
    score: hit.score,
    // A person only the registry that found them may name (named-person.ts), asked only when selected.
    person: hit.kind === 'PERSON' ? () => personNamedBy(people, registry, hit.ref) : null,
    organisation: entity('ORGANISATION'),
    project: entity('PROJECT'),
    meeting: governance('MEETING', 'Meeting'),
    resolution: governance('RESOLUTION', 'Resolution'),
  };
}

/** `Query.search` over the graph's registries. */
export function searchDirectoryResolvers(registries: RegistryList, links?: RegistryLinks): ResolverMap {
  const { mergedListResolvers, unansweredRegistries } = new Unanswered(registries);
  const missingSlices = (list: SearchList, context: unknown): RegistryKey[] => {
    const asked = parseSearchQuery(list.filter).registries;
    return unansweredRegistries(list, context).filter((key) => !asked || asked.includes(key));
  };
  return {
    Query: {
      search: (_: unknown, args: SearchArgs, __: unknown, info: GraphQLResolveInfo) => searchFilter(registries, args, listOf(info, args)),
    },
    SearchList: mergedListResolvers(
      (list: SearchList) => mergeSearchSlices(list, registries.keys),
      (hit: SearchHit) => hitNode(registries, hit, links?.people),
      (list) => parseSearchQuery(list.filter).list,
      missingSlices,
      (list) => mergeSearchSlices(list, registries.keys).strays,
    ),
  };
}
