import { searchKey } from '../text/normalize';
import { DuplicateKeyError, Filter, Store, StoreCollection, StoredDocument } from '../store/port';
import { badUserInputField } from '../errors';
import { decodeCursor, Page, PageRequest, pageSize, toPage } from '../graphql/pagination';
import {
  OrganisationDocument,
  ParticipationDocument,
  PersonDocument,
  ProjectDocument,
  ProjectStatus,
  RegistryData,
  RoleDocument,
} from './documents';

export interface ListRequest extends PageRequest {
  /** Matches any spelling of a name: see `searchKey`. */
  search?: string | null;
}

export interface CatalogFilter {
  status?: ProjectStatus | null;
}

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

  constructor(protected readonly store: Store) {
    this.people = store.collection<P>('people');
    this.organisations = store.collection<O>('organisations');
    this.roles = store.collection<RoleDocument>('roles');
    this.projects = store.collection<ProjectDocument>('projects');
    this.participations = store.collection<ParticipationDocument>('participations');
    this.meta = store.collection<MetaDocument>('_meta');
  }

  /** Idempotent: every lookup and sort this class does has its index. */
  async ensureIndexes(): Promise<void> {
    await this.people.ensureIndex({ name: 'people_nameKey', keys: { nameKey: 1 } });
    await this.organisations.ensureIndex({ name: 'organisations_nameKey', keys: { nameKey: 1 } });
    await this.roles.ensureIndex({ name: 'roles_by_person', keys: { nationalCode: 1 } });
    await this.roles.ensureIndex({ name: 'roles_by_organisation', keys: { organisationId: 1 } });
    await this.participations.ensureIndex({ name: 'participations_by_project', keys: { projectId: 1 } });
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
   * when it matches the filter) and the ones its organisations cooperate in (status unknown here).
   */
  async catalog(filter: CatalogFilter): Promise<{ projectId: string; leadStatus: ProjectStatus | null }[]> {
    const [ownProjects, participations] = await Promise.all([this.projects.find({}), this.participations.find({})]);
    const entries = new Map<string, ProjectStatus | null>();
    const filteredOut = new Set<string>();
    for (const project of ownProjects) {
      if (filter.status && project.status !== filter.status) filteredOut.add(project._id);
      else entries.set(project._id, project.status);
    }
    for (const participation of participations) {
      const projectId = participation.projectId;
      if (!entries.has(projectId) && !filteredOut.has(projectId)) entries.set(projectId, null);
    }
    return [...entries].map(([projectId, leadStatus]) => ({ projectId, leadStatus }));
  }

  pagePeople(request: ListRequest): Promise<Page<P>> {
    return this.page(this.people, this.nameFilter(request.search), request);
  }

  pageOrganisations(request: ListRequest): Promise<Page<O>> {
    return this.page(this.organisations, this.nameFilter(request.search), request);
  }

  async savePerson(person: P): Promise<void> {
    await this.rejectingDuplicates(() => this.people.upsertOne(person));
  }

  async saveRole(role: RoleDocument): Promise<void> {
    await this.rejectingDuplicates(() => this.roles.upsertOne(role));
  }

  protected nameFilter(search: string | null | undefined): Filter {
    if (!search) return {};
    // Names have at most 120 characters; a longer search matches nothing, and a huge one would make a huge pattern.
    if (search.length > MAX_SEARCH_LENGTH) throw badUserInputField('search', `must have at most ${MAX_SEARCH_LENGTH} characters`);
    const key = searchKey(search);
    if (key.length === 0) throw badUserInputField('search', 'must contain at least one letter or digit');
    return { nameKey: { $regex: escapeRegex(key) } };
  }

  /** Keyset pagination on `_id`: stable under inserts, one indexed range scan per page. */
  protected async page<T extends { _id: string }>(
    collection: StoreCollection<T>,
    filter: Filter,
    request: PageRequest,
  ): Promise<Page<T>> {
    const size = pageSize(request.first);
    const after = request.after ? decodeCursor(request.after) : undefined;
    const pageFilter = after === undefined ? filter : { $and: [filter, { _id: { $gt: after } }] };
    const [rows, totalCount] = await Promise.all([
      collection.find(pageFilter, { sort: { _id: 1 }, limit: size + 1 }),
      collection.count(filter),
    ]);
    return toPage(rows, size, totalCount, (row) => row._id);
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
