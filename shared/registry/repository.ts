import { nameSortKey } from '../text/collation';
import { searchKey } from '../text/normalize';
import { nameOrderText, nameSearchText } from '../text/person-name';
import { DocumentWrite, DuplicateKeyError, Filter, GroupCount, Store, StoreCollection, StoredDocument, WriteConflictError } from '../store/port';
import { EventDraft } from '../outbox/events';
import { Outbox } from '../outbox/outbox';
import { WebhookRepository } from '../outbox/repository';
import { badUserInputField, writeConflict } from '../errors';
import { keysetRows } from '../graphql/keyset-page';
import { Page, PageRequest, pageSize, toPage } from '../graphql/pagination';
import { GovernanceRepository } from '../governance/repository';
import type { PersonNamingField } from './record-holders';
import { SearchIndex } from '../search/index';
import { StoredKey, upgradeSearchKeys } from './search-key-upgrade';
import { ONE_GROUP } from '../aggregate/measures';
import type { CatalogSource } from '../credentials/catalog';
import type { CredentialEventSubject } from '../credentials/events';
import type { CredentialKind, CredentialKinds } from '../credentials/kinds';
import { RegistryKey, registryKeyOfId } from './keys';
import {
  ORGANISATIONS_COLLECTION,
  OrganisationDocument,
  OrganisationStatus,
  ParticipationDocument,
  PEOPLE_COLLECTION,
  PersonDocument,
  ProjectDocument,
  PROJECTS_COLLECTION,
  ProjectKind,
  ProjectStatus,
  RegistryData,
  RoleDocument,
} from './documents';

/** The orders a list of people or organisations comes in: by key (national code, id) or by name (Persian collation). */
export type ListOrder = 'NAME' | 'NATIONAL_CODE' | 'ID';

export interface ListRequest extends PageRequest {
  /** Matches any spelling of a name: see `searchKey`. */
  search?: string | null;
  /** `NAME` pages on `sortKey` (see `nameSortKey`); anything else on `_id`. */
  orderBy?: ListOrder | null;
}

/** What a list of organisations narrows to: all of them when none is given. */
export interface OrganisationListRequest extends ListRequest {
  kind?: string | null;
  /** The parent's id: the organisations directly under it. */
  parent?: string | null;
  province?: string | null;
  status?: OrganisationStatus | null;
}

/** Organisations stored before they could close have no `status`: they are open (a missing field matches `null`, and indexes hold it as null). */
export const OPEN_ORGANISATION: Filter = { status: { $in: ['OPEN', null] } };

export interface CatalogFilter {
  status?: ProjectStatus | null;
  kind?: ProjectKind | null;
}

/** One registry's entry in the joint-project catalog. */
export interface CatalogEntry {
  projectId: string;
  /** The status, when this registry leads the project and it passes the filter; else null. */
  leadStatus: ProjectStatus | null;
  /** The keys of the registries of the participants this registry records (its own, and those a lead records), by their ids. */
  registryKeys: RegistryKey[];
  /** The ids of the cooperating organisations this registry records in the project (its own, and those it names as lead). */
  cooperatingIds: string[];
}

/**
 * The unique stored key a list pages on: `_id`, or `sortKey` in name order (the Persian collation
 * key, then the `_id`, so ties page correctly). A cursor is sealed with its list's order, so a
 * cursor of one order is refused in the other before it reaches here (list-cursors.ts).
 */
export type PageKeyField = '_id' | 'sortKey';

export const pageKeyOf = (order: ListOrder | null | undefined): PageKeyField => (order === 'NAME' ? 'sortKey' : '_id');

const DEMO_DATA_MARKER = 'demo-data';

interface MetaDocument extends StoredDocument {
  state: 'started' | 'complete';
  at: Date;
}

const MAX_SEARCH_LENGTH = 200;

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The store access every registry shares: people, organisations, roles, joint projects. A
 * subgraph's own repository extends it with its registry's records. No GraphQL in here.
 */
export class RegistryRepository<P extends PersonDocument, O extends OrganisationDocument> {
  protected readonly people: StoreCollection<P>;
  protected readonly organisations: StoreCollection<O>;
  protected readonly roles: StoreCollection<RoleDocument>;
  protected readonly projects: StoreCollection<ProjectDocument>;
  protected readonly participations: StoreCollection<ParticipationDocument>;
  private readonly meta: StoreCollection<MetaDocument>;
  /** Committees' members, meeting series, meetings and resolutions. */
  readonly governance: GovernanceRepository;
  /** Where changes write the events they cause (shared/outbox). */
  readonly outbox: Outbox;
  /** Webhook subscriptions and dead letters. */
  readonly webhooks: WebhookRepository;
  /** The index `Query.search` reads this registry's slice from. */
  readonly searchIndex: SearchIndex;

  constructor(protected readonly store: Store) {
    this.searchIndex = new SearchIndex(store);
    this.governance = new GovernanceRepository(store, this.searchIndex);
    this.outbox = new Outbox(store);
    this.webhooks = new WebhookRepository(store);
    this.people = store.collection<P>('people');
    this.organisations = store.collection<O>(ORGANISATIONS_COLLECTION);
    this.roles = store.collection<RoleDocument>('roles');
    this.projects = store.collection<ProjectDocument>(PROJECTS_COLLECTION);
    this.participations = store.collection<ParticipationDocument>('participations');
    this.meta = store.collection<MetaDocument>('_meta');
  }

  /** Idempotent: every lookup and sort this class does has its index. */
  async ensureIndexes(): Promise<void> {
    await this.people.ensureIndex({ name: 'people_nameKey', keys: { nameKey: 1 } });
    await this.organisations.ensureIndex({ name: 'organisations_nameKey', keys: { nameKey: 1 } });
    await this.people.ensureIndex({ name: 'people_sortKey', keys: { sortKey: 1 } });
    await this.organisations.ensureIndex({ name: 'organisations_sortKey', keys: { sortKey: 1 } });
    // The filters of the organisation lists, each in id order (the default order) for its pages.
    await this.organisations.ensureIndex({ name: 'organisations_by_kind', keys: { kind: 1, _id: 1 } });
    await this.organisations.ensureIndex({ name: 'organisations_by_parent', keys: { parentId: 1, _id: 1 } });
    await this.organisations.ensureIndex({ name: 'organisations_by_province', keys: { province: 1, _id: 1 } });
    await this.organisations.ensureIndex({ name: 'organisations_by_status', keys: { status: 1, _id: 1 } });
    await this.addMissingSortKeys();
    await this.roles.ensureIndex({ name: 'roles_by_person', keys: { nationalCode: 1 } });
    await this.roles.ensureIndex({ name: 'roles_by_organisation', keys: { organisationId: 1 } });
    await this.participations.ensureIndex({ name: 'participations_by_project', keys: { projectId: 1 } });
    await this.governance.ensureIndexes();
    await this.searchIndex.ensureIndexes();
    await this.searchIndex.sync();
    await upgradeSearchKeys(this.store, this.storedSearchKeys(), this.searchIndex);
  }

  /** The keys this registry stores made by `searchKey`, re-derived at start when its rules changed (see `upgradeSearchKeys`); a subgraph adds its own. */
  protected storedSearchKeys(): StoredKey[] {
    return [
      { collection: PEOPLE_COLLECTION, field: 'nameKey', derive: (person) => ((person as P).fullName ? searchKey(nameSearchText(person as P)) : undefined) },
      { collection: ORGANISATIONS_COLLECTION, field: 'nameKey', derive: (organisation) => ((organisation as O).name ? searchKey((organisation as O).name) : undefined) },
    ];
  }

  /**
   * Gives the people and organisations stored before lists had a name order their `sortKey`, 500
   * at a time; idempotent, and one indexed read per collection when none lacks it (a missing field
   * matches `null`, and the `sortKey` index holds it as null).
   */
  async addMissingSortKeys(): Promise<number> {
    const fill = async <T extends { _id: string; sortKey: string }>(collection: StoreCollection<T>, nameOf: (document: T) => string) => {
      let added = 0;
      for (let round = 0; round < 100_000; round += 1) {
        const missing = await collection.find({ sortKey: null }, { limit: 500 });
        if (missing.length === 0) break;
        await collection.upsertMany(missing.map((document) => ({ ...document, sortKey: nameSortKey(nameOf(document), document._id) })));
        added += missing.length;
      }
      return added;
    };
    return (await fill(this.people, (person) => nameOrderText(person))) + (await fill(this.organisations, (organisation) => organisation.name));
  }

  /** The collections a registry's starting data fills, with their documents; subgraphs add their own. */
  protected startingData(data: RegistryData<P, O>): [StoreCollection<StoredDocument>, StoredDocument[]][] {
    return [
      [this.organisations, data.organisations],
      [this.people, data.people],
      [this.roles, data.roles],
      [this.projects, data.projects],
      [this.participations, data.participations],
      ...(data.extra ?? []).map(({ collection, documents }) => [this.store.collection(collection), documents]),
    ] as [StoreCollection<StoredDocument>, StoredDocument[]][];
  }

  /**
   * Loads the demo data by upserts, so a load cut short resumes and a repeated one changes nothing.
   * Without `force`, only a registry that is empty, or whose earlier load did not finish, is filled:
   * a database holding real members is left alone.
   */
  async loadDemoData(data: RegistryData<P, O>, options: { force?: boolean } = {}): Promise<boolean> {
    const [marker] = await this.meta.find({ _id: DEMO_DATA_MARKER });
    if (!options.force) {
      if (marker?.state === 'complete') return false;
      if (!marker && (await this.people.count({})) > 0) return false;
    }
    await this.meta.upsertOne({ _id: DEMO_DATA_MARKER, state: 'started', at: new Date() });
    for (const [collection, documents] of this.startingData(data)) await collection.upsertMany(documents);
    await this.meta.upsertOne({ _id: DEMO_DATA_MARKER, state: 'complete', at: new Date() });
    await this.searchIndex.sync();
    return true;
  }

  findPeople(nationalCodes: readonly string[]): Promise<P[]> {
    return this.people.find({ _id: { $in: [...nationalCodes] } });
  }

  findOrganisations(ids: readonly string[]): Promise<O[]> {
    return this.organisations.find({ _id: { $in: [...ids] } });
  }

  findRolesOfPeople(nationalCodes: readonly string[]): Promise<RoleDocument[]> {
    return this.roles.find({ nationalCode: { $in: [...nationalCodes] } }, { sort: { _id: 1 } });
  }

  findRolesInOrganisations(ids: readonly string[]): Promise<RoleDocument[]> {
    return this.roles.find({ organisationId: { $in: [...ids] } }, { sort: { _id: 1 } });
  }

  findProjects(ids: readonly string[]): Promise<ProjectDocument[]> {
    return this.projects.find({ _id: { $in: [...ids] } });
  }

  findParticipations(projectIds: readonly string[]): Promise<ParticipationDocument[]> {
    return this.participations.find({ projectId: { $in: [...projectIds] } }, { sort: { _id: 1 } });
  }

  /**
   * This registry's part of the joint-project catalog: the projects it leads (with their status,
   * when they match the filter) and the ones its organisations cooperate in (status unknown here),
   * each with the registries of the participants it records.
   */
  async catalog(filter: CatalogFilter): Promise<CatalogEntry[]> {
    const [ownProjects, participations] = await Promise.all([this.projects.find({}), this.participations.find({})]);
    const entries = new Map<string, CatalogEntry>();
    const filteredOut = new Set<string>();
    for (const project of ownProjects) {
      const kind = project.kind ?? 'PROJECT';
      if ((filter.status && project.status !== filter.status) || (filter.kind && kind !== filter.kind)) filteredOut.add(project._id);
      else entries.set(project._id, { projectId: project._id, leadStatus: project.status, registryKeys: [], cooperatingIds: [] });
    }
    for (const participation of participations) {
      const projectId = participation.projectId;
      if (filteredOut.has(projectId)) continue;
      const entry = entries.get(projectId) ?? { projectId, leadStatus: null, registryKeys: [], cooperatingIds: [] };
      const registry = registryKeyOfId(participation.organisationId);
      if (registry && !entry.registryKeys.includes(registry)) entry.registryKeys.push(registry);
      if (participation.role === 'COOPERATING') entry.cooperatingIds.push(participation.organisationId);
      entries.set(projectId, entry);
    }
    return [...entries.values()];
  }

  pagePeople(request: ListRequest): Promise<Page<P>> {
    return this.page(this.people, this.nameFilter(request.search), request, pageKeyOf(request.orderBy));
  }

  pageOrganisations(request: OrganisationListRequest): Promise<Page<O>> {
    const filter: Filter = {
      ...this.nameFilter(request.search),
      ...(request.kind ? { kind: request.kind } : {}),
      ...(request.parent ? { parentId: request.parent } : {}),
      ...(request.province ? { province: request.province } : {}),
      ...(request.status === 'CLOSED' ? { status: 'CLOSED' } : request.status === 'OPEN' ? OPEN_ORGANISATION : {}),
    };
    return this.page(this.organisations, filter, request, pageKeyOf(request.orderBy));
  }

  /** Up to `limit` open organisations directly under `parentId`, in id order. */
  openOrganisationsUnder(parentId: string, limit: number): Promise<O[]> {
    return this.organisations.find({ parentId, ...OPEN_ORGANISATION }, { sort: { _id: 1 }, limit });
  }

  /** The organisations directly under `parentId` (null: at the top) whose name reads as `nameKey` (`searchKey`). */
  organisationsNamed(nameKey: string, parentId: string | null): Promise<O[]> {
    return this.organisations.find({ nameKey, parentId }, { sort: { _id: 1 }, limit: 100 });
  }

  /**
   * Writes a new organisation, or a change to one read before (`previous`), with the events it
   * causes, all or nothing. `guards` are organisations the change depends on as read (its parent):
   * each is written back as it is, so a change to one of them since (closing the parent) makes
   * this write, or that one, fail with WRITE_CONFLICT instead of both passing their checks.
   * `following` are the registry's other writes the change brings (see OrganisationHooks), made with it.
   */
  async writeOrganisation(change: { previous?: O; next: O; guards?: readonly O[]; following?: readonly DocumentWrite[] }, events: readonly EventDraft[]): Promise<void> {
    const { previous, next, guards = [], following = [] } = change;
    const writes: DocumentWrite[] = [
      previous ? { collection: 'organisations', kind: 'replace', previous, document: next } : { collection: 'organisations', kind: 'insert', document: next },
      ...guards.map((guard): DocumentWrite => ({ collection: 'organisations', kind: 'replace', previous: guard, document: guard })),
      ...following,
    ];
    // Through the search index's marker, as every indexed change: an entry the write's process could not
    // write after the commit (the database gone, the process stopped) is written at the next start.
    await this.searchIndex.indexedWrite([{ collection: 'organisations', document: next }], async () => {
      try {
        await this.outbox.writeWith(writes, events);
      } catch (error) {
        if (error instanceof DuplicateKeyError && !previous) throw badUserInputField('id', `"${next._id}" is already taken in this registry`);
        if (error instanceof WriteConflictError) throw writeConflict(error.collection === 'organisations' ? `The organisation ${error.id}` : `The record ${error.id}`);
        throw error;
      }
    });
  }

  /** Up to `first` national codes of this registry's people after `after`, in code order: one indexed range read. */
  async memberCodes(after: string | null, first: number): Promise<string[]> {
    const filter = after === null ? {} : { _id: { $gt: after } };
    return (await this.people.find(filter, { sort: { _id: 1 }, limit: first, fields: [] })).map((person) => person._id);
  }

  /** Which of `codes` are people of this registry, in code order: one `$in` read by `_id`. */
  async membersAmong(codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    return (await this.people.find({ _id: { $in: [...codes] } }, { sort: { _id: 1 }, fields: [] })).map((person) => person._id);
  }

  /**
   * The fields that name people by national code in records a non-member may have (record-holders.ts):
   * roles, committee seats, meeting attendance, and the credentials not kept on the people themselves.
   */
  personNamingFields(): PersonNamingField[] {
    const credentials = this.credentialCatalogSources().flatMap((source) =>
      source.holderField && source.collection !== (this.people as StoreCollection<StoredDocument>) ? [{ collection: source.collection, path: source.holderField }] : [],
    );
    return [{ collection: this.roles, path: 'nationalCode' }, ...this.governance.personNamingFields(), ...credentials];
  }

  /**
   * Where each kind of credential the registry keeps is stored, for its part of the cross-registry
   * credential list (shared/credentials/catalog.ts); none by default.
   */
  credentialCatalogSources(): CatalogSource[] {
    return [];
  }

  /** What names the credentials of `kind` in the events of their changes: the registry, its kinds, the kind's catalog source. */
  credentialSubject(registry: RegistryKey, kinds: CredentialKinds, kind: CredentialKind): CredentialEventSubject {
    const source = this.credentialCatalogSources().find((candidate) => candidate.kind === kind);
    if (!source) throw new Error(`the ${registry} registry keeps no credentials of kind ${kind}`);
    return { registry, kinds, source };
  }

  /**
   * How many documents of `collection` matching `filter` hold each value of `field`, counted by
   * the store (an aggregation pipeline on MongoDB).
   */
  async countBy(collection: string, field: string, filter: Filter): Promise<GroupCount[]> {
    const records = this.store.collection(collection);
    // One group of every record: the collection's count (from its metadata on MongoDB when unfiltered).
    if (field === ONE_GROUP) return [{ key: null, count: await records.count(filter) }];
    if (!records.countBy) throw new Error(`this store cannot count ${collection} in groups`);
    return records.countBy(field, filter);
  }

  /** How many people this registry holds. */
  memberCount(): Promise<number> {
    return this.people.count({});
  }

  async savePerson(person: P): Promise<void> {
    await this.searchIndex.indexedWrite([{ collection: 'people', document: person }], () => this.rejectingDuplicates(() => this.people.upsertOne(person)));
  }

  /** Writes a new person, with the events it causes; WRITE_CONFLICT when another request added a person with this national code since it was found missing. */
  async insertPerson(person: P, events: readonly EventDraft[] = []): Promise<void> {
    await this.searchIndex.indexedWrite([{ collection: 'people', document: person }], async () => {
      try {
        await this.insertWithEvents('people', person, events);
      } catch (error) {
        // People have no unique key but the national code (a clash's fields are not named on FerretDB).
        if (error instanceof DuplicateKeyError) throw writeConflict(`The member ${person._id}`);
        throw error;
      }
    });
  }

  /** Writes a change to a person read before (`previous`), with the events it causes; WRITE_CONFLICT when another request changed them since. */
  async replacePerson(previous: P, next: P, events: readonly EventDraft[] = []): Promise<void> {
    await this.searchIndex.indexedWrite([{ collection: 'people', document: next }], async () => {
      if (events.length > 0) await this.replaceWithEvents('people', previous, next, `The member ${previous._id}`, events);
      else await this.replaceUnlessChanged(this.people, previous, next, `The member ${previous._id}`);
    });
  }

  /** Writes a change to an organisation read before (`previous`), with the events it causes; WRITE_CONFLICT when another request changed it since. */
  async replaceOrganisation(previous: O, next: O, events: readonly EventDraft[] = []): Promise<void> {
    await this.searchIndex.indexedWrite([{ collection: 'organisations', document: next }], async () => {
      if (events.length > 0) await this.replaceWithEvents('organisations', previous, next, `The organisation ${previous._id}`, events);
      else await this.replaceUnlessChanged(this.organisations, previous, next, `The organisation ${previous._id}`);
    });
  }

  /**
   * `replaceUnlessChanged` of a document of `collection` together with the events the change
   * causes, all or nothing (shared/outbox/outbox.ts): WRITE_CONFLICT when another request changed
   * the document since it was read.
   */
  protected async replaceWithEvents<T extends StoredDocument>(collection: string, previous: T, next: T, what: string, events: readonly EventDraft[]): Promise<void> {
    try {
      await this.rejectingDuplicates(async () => {
        await this.outbox.writeWith([{ collection, kind: 'replace', previous, document: next }], events);
      });
    } catch (error) {
      if (error instanceof WriteConflictError) throw writeConflict(what);
      throw error;
    }
  }

  /** A new document of `collection` and the events it causes, all or nothing; a DuplicateKeyError when its key is taken. */
  protected async insertWithEvents<T extends StoredDocument>(collection: string, document: T, events: readonly EventDraft[]): Promise<void> {
    await this.outbox.writeWith([{ collection, kind: 'insert', document }], events);
  }

  /**
   * The write of a read-modify-write change: `next` replaces `previous` only if the stored document is
   * still the one read, so two simultaneous changes cannot silently undo each other.
   */
  protected async replaceUnlessChanged<T extends StoredDocument>(collection: StoreCollection<T>, previous: T, next: T, what: string): Promise<void> {
    let replaced = false;
    await this.rejectingDuplicates(async () => {
      replaced = await collection.replaceIfUnchanged(previous, next);
    });
    if (!replaced) throw writeConflict(what);
  }

  /**
   * Writes a role (inserts it, or replaces the one with its key); WRITE_CONFLICT when others kept
   * writing the same role meanwhile through every attempt (the upsert reads it again each time), named
   * without the member's national code.
   */
  async saveRole(role: RoleDocument): Promise<void> {
    try {
      await this.rejectingDuplicates(() => this.roles.upsertOne(role));
    } catch (error) {
      if (error instanceof WriteConflictError) throw writeConflict(`The member's role in ${role.body} of ${role.organisationId}`);
      throw error;
    }
  }

  protected nameFilter(search: string | null | undefined): Filter {
    if (!search) return {};
    // Names have at most 120 characters; a longer search matches nothing, and a huge one would make a huge pattern.
    if (search.length > MAX_SEARCH_LENGTH) throw badUserInputField('search', `must have at most ${MAX_SEARCH_LENGTH} characters`);
    const key = searchKey(search);
    if (key.length === 0) throw badUserInputField('search', 'must contain at least one letter or digit');
    return { nameKey: { $regex: escapeRegex(key) } };
  }

  /**
   * Keyset pagination on a unique key, `_id` or `sortKey` (name order): stable under inserts, one
   * indexed range scan per page, ending at the last row's key.
   */
  protected async page<T extends { _id: string }>(collection: StoreCollection<T>, filter: Filter, request: PageRequest, keyField: PageKeyField = '_id'): Promise<Page<T>> {
    const size = pageSize(request.first);
    const { rows, totalCount } = await keysetRows(collection, filter, { size, after: request.after ?? undefined, keyField });
    return toPage(rows, size, totalCount, (row) => String((row as unknown as Record<string, unknown>)[keyField]));
  }

  protected async rejectingDuplicates(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (error instanceof DuplicateKeyError) {
        const value = error.value === undefined ? 'this value' : JSON.stringify(error.value);
        throw badUserInputField(error.fields.join(', '), `${value} is already taken in this registry`);
      }
      throw error;
    }
  }
}
