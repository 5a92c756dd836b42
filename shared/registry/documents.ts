import { ProvenanceRecord } from '../provenance/provenance';
import { StoredDocument } from '../store/port';

export const POSITIONS = ['CHAIR', 'VICE_CHAIR', 'SECRETARY', 'TREASURER', 'BOARD_MEMBER', 'CHIEF_EXECUTIVE', 'TECHNICAL_MANAGER', 'SUPERVISOR', 'MEMBER'] as const;
export type Position = (typeof POSITIONS)[number];

export const BODY_KINDS = ['BOARD', 'WORKING_GROUP', 'COMMITTEE', 'MANAGEMENT', 'SUPERVISION', 'GENERAL_ASSEMBLY'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const PROJECT_STATUSES = ['PLANNED', 'ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** What a joint undertaking is: a project, a committee (کمیته) or a working group (کارگروه). */
export const PROJECT_KINDS = ['PROJECT', 'COMMITTEE', 'WORKING_GROUP'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const PARTICIPATION_ROLES = ['LEAD', 'COOPERATING'] as const;
export type ParticipationRole = (typeof PARTICIPATION_ROLES)[number];

/** How to reach a person (`ContactDetails`): personal data, read only with the `personal:read` scope. */
export interface ContactDocument {
  phone?: string;
  email?: string;
  address?: string;
}

/** A person in one registry, keyed by national code. Registries add their own record fields. */
export interface PersonDocument extends StoredDocument {
  /** Where the record came from (shared/provenance): a source text, invented for the demo, or entered by a caller. */
  provenance?: ProvenanceRecord;
  /** Titles before the name («مهندس», «سرکار خانم»), kept apart from it (shared/text/person-name.ts). */
  title?: string;
  /** The given name, where known. */
  givenName?: string;
  /** The family name, where known; «…زاده» compounds stored as «…‌زاده». */
  familyName?: string;
  /** The name as shown: given and family name where known, else the name as entered; never the titles. */
  fullName: string;
  /** `searchKey` of the title and the full name: what name search matches against. */
  nameKey: string;
  /** `nameSortKey` of the family then the given name (or the full name): what lists in name order (Persian collation) sort and page on. */
  sortKey: string;
  updatedAt: Date;
  /** Phone, email, postal address, where the registry keeps them (`contact`; the demo data's are synthetic). */
  contact?: ContactDocument;
  /** Every change made to the record through the API, oldest first; never rewritten (shared/registry/person-change.ts). */
  history?: PersonChangeRecord[];
}

/** One change to one field of a person's record: when, by whom, and the value before and after. */
export interface PersonChangeRecord {
  at: Date;
  /** The caller's token subject. */
  by?: string;
  /** The member type's field, e.g. `familyName`, `expertise`. */
  field: string;
  /** The value before, as text (`changeValueText`); absent when the field had none. */
  before?: string;
  /** The value after, as text; absent when the change cleared it. */
  after?: string;
}

/** Where a registry keeps its members (each under its national code). */
export const PEOPLE_COLLECTION = 'people';
/** Where a registry keeps its organisations. */
export const ORGANISATIONS_COLLECTION = 'organisations';
/** Where a registry keeps its committees, working groups and joint projects. */
export const PROJECTS_COLLECTION = 'projects';

/** An organisation of one registry; its `_id` starts with the registry's key (`labs:...`). */
export interface OrganisationDocument extends StoredDocument {
  /** Where the record came from (shared/provenance): a source text, invented for the demo, or entered by a caller. */
  provenance?: ProvenanceRecord;
  name: string;
  /** `searchKey(name)`: what name search matches against. */
  nameKey: string;
  /** `nameSortKey(name, _id)`: what lists in name order (Persian collation) sort and page on. */
  sortKey: string;
  kind: string;
  city?: string;
  province?: string;
  /** The organisation this one belongs to (a union's chamber...), of this registry; absent at the top. */
  parentId?: string;
  /** Absent on organisations stored before organisations could close: read as `OPEN`. */
  status?: OrganisationStatus;
  /** The day it closed (00:00 UTC), for a closed organisation. */
  closedOn?: Date;
  /** Why it closed, as the caller gave it. */
  closingReason?: string;
  /** Every change made through the API, oldest first; never rewritten. */
  history?: OrganisationChangeRecord[];
}

export const ORGANISATION_STATUSES = ['OPEN', 'CLOSED'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

export const ORGANISATION_CHANGES = ['CREATED', 'RENAMED', 'MOVED', 'CLOSED'] as const;
export type OrganisationChange = (typeof ORGANISATION_CHANGES)[number];

/** One change to an organisation, appended to its history: what, when, by whom, the value before and after. */
export interface OrganisationChangeRecord {
  change: OrganisationChange;
  at: Date;
  /** The caller's token subject. */
  by?: string;
  /** The name or parent id before (RENAMED, MOVED). */
  before?: string;
  /** The name or parent id after (CREATED: the name). */
  after?: string;
  /** The reason given (CLOSED). */
  note?: string;
}

/** A position a person holds in a body (board, working group, committee) of an organisation. */
export interface RoleDocument extends StoredDocument {
  /** Where the record came from (shared/provenance): a source text, invented for the demo, or entered by a caller. */
  provenance?: ProvenanceRecord;
  nationalCode: string;
  organisationId: string;
  body: string;
  bodyKind: BodyKind;
  position: Position;
  /** The day the position was taken, as 00:00 UTC of that day (`instantOfIsoDate`). */
  since?: Date;
}

/** A joint project, committee or working group led by one of this registry's organisations. */
export interface ProjectDocument extends StoredDocument {
  /** Where the record came from (shared/provenance): a source text, invented for the demo, or entered by a caller. */
  provenance?: ProvenanceRecord;
  /** Absent on records written before committees existed: read as `PROJECT`. */
  kind?: ProjectKind;
  title: string;
  mandate: string;
  /**
   * The deadline's last day, stored as 00:00 UTC (`instantOfIsoDate`); absent when none is set.
   * Governance keeps the deadline as precise as given beside it (shared/governance CommitteeRecord).
   */
  dueDate?: Date;
  status: ProjectStatus;
}

/** One organisation of this registry taking part in a joint project, led here or elsewhere. */
export interface ParticipationDocument extends StoredDocument {
  projectId: string;
  organisationId: string;
  role: ParticipationRole;
  contribution?: string;
}

export const roleId = (role: Pick<RoleDocument, 'nationalCode' | 'organisationId' | 'body'>): string => `${role.nationalCode}|${role.organisationId}|${role.body}`;

export const participationId = (p: Pick<ParticipationDocument, 'projectId' | 'organisationId'>): string => `${p.projectId}|${p.organisationId}`;

/** Everything one registry starts with: what `demo-data.ts` of a subgraph exports. */
export interface RegistryData<P extends PersonDocument, O extends OrganisationDocument> {
  people: P[];
  organisations: O[];
  roles: RoleDocument[];
  projects: ProjectDocument[];
  participations: ParticipationDocument[];
  /** The registry's other collections (committees, meetings, credentials...), loaded with the rest. */
  extra?: DemoCollection[];
}

/** The starting documents of one more collection of a registry. */
export interface DemoCollection {
  collection: string;
  documents: StoredDocument[];
}

/** A registry's starting data as documents by collection name, its `extra` collections included. */
export function documentsByCollection(data: RegistryData<PersonDocument, OrganisationDocument>): Record<string, StoredDocument[]> {
  const { extra, ...core } = data;
  const byCollection: Record<string, StoredDocument[]> = { ...core };
  for (const { collection, documents } of extra ?? []) byCollection[collection] = documents;
  return byCollection;
}
