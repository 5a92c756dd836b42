import { keysetRows } from '../graphql/keyset-page';
import { DocumentWrite, Filter, Store, StoreCollection } from '../store/port';
import { ParticipationDocument, ProjectDocument } from '../registry/documents';
import {
  GOVERNANCE_COLLECTIONS,
  MeetingDocument,
  MeetingSeriesDocument,
  ProjectMemberDocument,
  ResolutionDocument,
  ResolutionStatus,
} from './documents';
import { GovernanceSlice, MeetingQuery, ResolutionQuery } from './filters';

/**
 * The store access of committees' members, meeting series, meetings and resolutions, the same in
 * every registry. No GraphQL in here.
 */
export class GovernanceRepository {
  private readonly members: StoreCollection<ProjectMemberDocument>;
  private readonly series: StoreCollection<MeetingSeriesDocument>;
  private readonly meetings: StoreCollection<MeetingDocument>;
  private readonly resolutions: StoreCollection<ResolutionDocument>;

  constructor(private readonly store: Store) {
    this.members = store.collection(GOVERNANCE_COLLECTIONS.members);
    this.series = store.collection(GOVERNANCE_COLLECTIONS.series);
    this.meetings = store.collection(GOVERNANCE_COLLECTIONS.meetings);
    this.resolutions = store.collection(GOVERNANCE_COLLECTIONS.resolutions);
  }

  /** Idempotent: every lookup and sort below has its index; `seat` is unique (one chair per committee). */
  async ensureIndexes(): Promise<void> {
    await this.members.ensureIndex({ name: 'projectMembers_by_project', keys: { projectId: 1 } });
    await this.members.ensureIndex({ name: 'projectMembers_seat', keys: { seat: 1 }, unique: true });
    await this.meetings.ensureIndex({ name: 'meetings_by_series', keys: { seriesId: 1 } });
    await this.resolutions.ensureIndex({ name: 'resolutions_by_due', keys: { dueKey: 1 } });
    await this.resolutions.ensureIndex({ name: 'resolutions_by_responsible', keys: { responsibleId: 1, dueKey: 1 } });
    await this.resolutions.ensureIndex({ name: 'resolutions_by_meeting', keys: { meetingId: 1 } });
    await this.resolutions.ensureIndex({ name: 'resolutions_by_status_due', keys: { status: 1, dueDate: 1 } });
  }

  findMembers(projectIds: readonly string[]): Promise<ProjectMemberDocument[]> {
    return this.members.find({ projectId: { $in: [...projectIds] } }, { sort: { _id: 1 } });
  }

  findSeries(ids: readonly string[]): Promise<MeetingSeriesDocument[]> {
    return this.series.find({ _id: { $in: [...ids] } });
  }

  findMeetings(ids: readonly string[]): Promise<MeetingDocument[]> {
    return this.meetings.find({ _id: { $in: [...ids] } });
  }

  findResolutions(ids: readonly string[]): Promise<ResolutionDocument[]> {
    return this.resolutions.find({ _id: { $in: [...ids] } });
  }

  findResolutionsOfMeetings(meetingIds: readonly string[]): Promise<ResolutionDocument[]> {
    return this.resolutions.find({ meetingId: { $in: [...meetingIds] } }, { sort: { _id: 1 } });
  }

  /** One keyset page of this registry's meetings (in id order: series, then number) and how many match. */
  pageMeetings(query: MeetingQuery): Promise<GovernanceSlice> {
    const filter: Filter = {};
    if (query.seriesId) filter.seriesId = query.seriesId;
    if (query.hostId) filter.hostId = query.hostId;
    return this.slice(this.meetings, filter, '_id', query);
  }

  /** One keyset page of this registry's resolutions, earliest due first, and how many match. */
  pageResolutions(query: ResolutionQuery): Promise<GovernanceSlice> {
    const filter: Filter = {};
    if (query.status === 'OVERDUE') {
      filter.status = 'OPEN';
      filter.dueDate = { $lt: new Date(`${query.asOf}T00:00:00Z`) };
    } else if (query.status) {
      filter.status = query.status;
    }
    if (query.responsibleId) filter.responsibleId = query.responsibleId;
    else if (query.responsibleIds) filter.responsibleId = { $in: query.responsibleIds };
    return this.slice(this.resolutions, filter, 'dueKey', query);
  }

  /** A project and its participations, all written or none; an id taken meanwhile fails as a DuplicateKeyError. */
  async createProject(project: ProjectDocument, participations: ParticipationDocument[]): Promise<void> {
    await this.store.writeAll([
      { collection: 'projects', kind: 'insert', document: project },
      ...participations.map((document): DocumentWrite => ({ collection: 'participations', kind: 'insert', document })),
    ]);
  }

  /** Fails as a DuplicateKeyError on `_id` (already a member) or `seat` (the seat is taken). */
  addMember(member: ProjectMemberDocument): Promise<void> {
    return this.members.insertOne(member);
  }

  createSeries(series: MeetingSeriesDocument): Promise<void> {
    return this.series.insertOne(series);
  }

  /** A meeting and its resolutions, all written or none; a number already recorded fails as a DuplicateKeyError. */
  async recordMeeting(meeting: MeetingDocument, resolutions: ResolutionDocument[]): Promise<void> {
    await this.store.writeAll([
      { collection: GOVERNANCE_COLLECTIONS.meetings, kind: 'insert', document: meeting },
      ...resolutions.map((document): DocumentWrite => ({ collection: GOVERNANCE_COLLECTIONS.resolutions, kind: 'insert', document })),
    ]);
  }

  async setResolutionStatus(resolution: ResolutionDocument, status: ResolutionStatus, on: Date): Promise<ResolutionDocument> {
    const updated = { ...resolution, status, statusChangedOn: on };
    await this.resolutions.upsertOne(updated);
    return updated;
  }

  private async slice<T extends { _id: string }>(
    collection: StoreCollection<T>,
    filter: Filter,
    sortField: '_id' | 'dueKey',
    query: { size: number; afterKey?: string | null },
  ): Promise<GovernanceSlice> {
    const { rows, totalCount } = await keysetRows(collection, filter, { size: query.size, after: query.afterKey ?? undefined, keyField: sortField });
    const keyOf = (row: T): string => (row as unknown as Record<string, string>)[sortField]!;
    return { totalCount, keys: rows.map((row) => ({ id: row._id, sortKey: keyOf(row) })) };
  }
}
