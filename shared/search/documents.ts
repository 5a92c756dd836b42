import { StoredDocument } from '../store/port';

/** What a search hit can be: the kinds of record every registry keeps. */
export const SEARCH_KINDS = ['PERSON', 'ORGANISATION', 'PROJECT', 'MEETING', 'RESOLUTION'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The collection each registry keeps its search index in. */
export const SEARCH_COLLECTION = 'searchEntries';

/** Where a registry marks the records whose entries are about to be written (shared/search/index.ts). */
export const SEARCH_PENDING_COLLECTION = 'searchIndexPending';

/**
 * One record in a registry's search index: `_id` is `<kind>|<ref>`; `ref` the record's key (a
 * national code for a person, else its global id); `title` what a hit shows; `texts` every text it
 * is found by (name, city, mandate, agenda, attendees...); `terms` what the index looks up
 * (shared/search/terms.ts). No personal data: national codes are keys, never searched or shown.
 */
export interface SearchEntryDocument extends StoredDocument {
  kind: SearchKind;
  ref: string;
  title: string;
  texts: string[];
  terms: string[];
}
