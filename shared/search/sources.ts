import { GOVERNANCE_COLLECTIONS, MeetingDocument, ResolutionDocument } from '../governance/documents';
import { OrganisationDocument, PersonDocument, ProjectDocument } from '../registry/documents';
import { StoredDocument } from '../store/port';
import { SearchEntryDocument, SearchKind } from './documents';
import { indexTerms } from './terms';

/** A record's searchable texts: the title a hit shows, then the others it is found by. */
export interface Searchable {
  title: string;
  texts: string[];
}

/** Where the index reads one kind of record from, and what of it is searchable. */
export interface SearchSource<T extends StoredDocument = StoredDocument> {
  kind: SearchKind;
  collection: string;
  searchable: (document: T) => Searchable;
}

const present = (texts: readonly (string | undefined | null)[]): string[] => texts.filter((text): text is string => Boolean(text && text.trim()));

/** The records every registry keeps, each with what it is searched by; never a national code, phone or e-mail. */
export const SEARCH_SOURCES: readonly SearchSource[] = [
  { kind: 'PERSON', collection: 'people', searchable: (person) => ({ title: (person as PersonDocument).fullName, texts: [] }) },
  {
    kind: 'ORGANISATION',
    collection: 'organisations',
    searchable: (document) => {
      const organisation = document as OrganisationDocument;
      return { title: organisation.name, texts: present([organisation.city, organisation.province]) };
    },
  },
  {
    kind: 'PROJECT',
    collection: 'projects',
    searchable: (document) => {
      const project = document as ProjectDocument;
      return { title: project.title, texts: present([project.mandate]) };
    },
  },
  {
    kind: 'MEETING',
    collection: GOVERNANCE_COLLECTIONS.meetings,
    searchable: (document) => {
      const meeting = document as MeetingDocument;
      const [first, ...rest] = meeting.agenda.map((item) => (typeof item === 'string' ? item : item.title));
      return {
        title: first ?? meeting._id,
        texts: present([...rest, meeting.place, ...meeting.attendees.flatMap((attendee) => [attendee.name, attendee.title])]),
      };
    },
  },
  { kind: 'RESOLUTION', collection: GOVERNANCE_COLLECTIONS.resolutions, searchable: (document) => ({ title: (document as ResolutionDocument).text, texts: [] }) },
];

/** The `_id` of the entry of a record of `kind`. */
export const entryId = (kind: SearchKind, ref: string): string => `${kind}|${ref}`;

/** A record's entry in the search index. */
export function searchEntry(source: SearchSource, document: StoredDocument): SearchEntryDocument {
  const { title, texts } = source.searchable(document);
  return { _id: entryId(source.kind, document._id), kind: source.kind, ref: document._id, title, texts, terms: indexTerms([title, ...texts]) };
}
