import { writeConflict } from '../errors';
import { keysetRows } from '../graphql/keyset-page';
import { inBatches } from '../outbox/date-scan';
import { Outbox } from '../outbox/outbox';
import { DocumentWrite, Filter, Store, StoreCollection, WriteConflictError } from '../store/port';
import { ParticipationDocument, ProjectDocument } from '../registry/documents';
import { RegistryKey } from '../registry/keys';
import {
  CommitteeRecord,
  GOVERNANCE_COLLECTIONS,
  GRANT_IDS_COLLECTION,
  GrantIdDocument,
  MeetingDocument,
  MeetingSeriesDocument,
  ProjectMemberDocument,
  ResolutionDocument,
} from './documents';
import { resolutionEvent, RESOLUTION_EVENTS } from './events';
import { GovernanceSlice, MeetingQuery, ParticipationQuery, ParticipationSlice, ResolutionQuery } from './filters';
import type { IndexedRecord, SearchIndex } from '../search/index';
import type { PersonNamingField } from '../registry/record-holders';

/**
 * The store access of committees' members, meeting series, meetings and resolutions, the same in
 * every registry. No GraphQL in here.
 */
export class GovernanceRepository {
  private readonly members: StoreCollection<ProjectMemberDocument>;
  private readonly series: StoreCollection<MeetingSeriesDocument>;
  private readonly meetings: StoreCollection<MeetingDocument>;
  private readonly resolutions: StoreCollection<ResolutionDocument>;
  /** The registry's joint projects and participations: committees' deadlines, statuses and who takes part. */
  private readonly projects: StoreCollection<CommitteeRecord>;
  private readonly participations: StoreCollection<ParticipationDocument>;

  /** Where resolutions' changes write their events. */
  private readonly outbox: Outbox;

  /** `searchIndex`: kept current with the projects, meetings and resolutions written here. */
  constructor(
    private readonly store: Store,
    private readonly searchIndex?: SearchIndex,
  ) {
    this.outbox = new Outbox(store);
    this.members = store.collection(GOVERNANCE_COLLECTIONS.members);
    this.series = store.collection(GOVERNANCE_COLLECTIONS.series);
    this.meetings = store.collection(GOVERNANCE_COLLECTIONS.meetings);
    this.resolutions = store.collection(GOVERNANCE_COLLECTIONS.resolutions);
    this.projects = store.collection('projects');
    this.participations = store.collection('participations');
  }
  /**
   * Its fields that name people by national code (shared/registry/record-holders.ts): committee
   * seats, and meeting attendance, counted and read through the attendees' index (a planned
   * meeting names no one until it is recorded as held).
   */
  personNamingFields(): PersonNamingField[] {
    return [
      { collection: this.members, path: 'nationalCode' },
      { collection: this.meetings, path: 'attendees.nationalCode', naming: { 'attendees.nationalCode': { $gt: '' } } },
    ];
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
    await this.meetings.ensureIndex({ name: 'meetings_by_status', keys: { status: 1, _id: 1 } });
    await this.participations.ensureIndex({ name: 'participations_by_organisation', keys: { organisationId: 1, projectId: 1 } });
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
    // Meetings recorded before meetings were planned have no status: they were held.
    if (query.status === 'PLANNED') filter.status = 'PLANNED';
    else if (query.status === 'HELD') filter.status = { $ne: 'PLANNED' };
    return this.slice(this.meetings, filter, '_id', query);
  }

  /** One keyset page of the participations this registry records for one organisation, in project id order. */
  async pageParticipations(query: ParticipationQuery): Promise<ParticipationSlice> {
    const filter: Filter = { organisationId: query.organisationId };
    if (query.role) filter.role = query.role;
    const { rows, totalCount } = await keysetRows(this.participations, filter, { size: query.size, after: query.afterKey ?? undefined, keyField: 'projectId' });
    return {
      totalCount,
      keys: rows.map((row) => ({ id: row._id, sortKey: row.projectId, projectId: row.projectId, role: row.role, contribution: row.contribution ?? null })),
    };
  }

  /**
   * One keyset page of this registry's resolutions, earliest due first, and how many match, each
   * with its responsible organisation; `registry` is this registry's key (for `responsibleElsewhere`).
   */
  async pageResolutions(query: ResolutionQuery, registry: RegistryKey): Promise<GovernanceSlice> {
    const filter: Filter = {};
    if (query.status === 'OVERDUE') {
      filter.status = 'OPEN';
      filter.dueDate = { $lt: new Date(`${query.asOf}T00:00:00Z`) };
    } else if (query.status) {
      filter.status = query.status;
    }
    if (query.responsibleId) filter.responsibleId = query.responsibleId;
    else if (query.responsibleIds) filter.responsibleId = { $in: query.responsibleIds };
    // Another registry's organisation: an id outside this registry's prefix (`<key>:`, and ';' is the character after ':').
    if (query.responsibleElsewhere) filter.$or = [{ responsibleId: { $lt: `${registry}:` } }, { responsibleId: { $gte: `${registry};` } }];
    const { rows, totalCount } = await keysetRows(this.resolutions, filter, { size: query.size, after: query.afterKey ?? undefined, keyField: 'dueKey' });
    return { totalCount, keys: rows.map((row) => ({ id: row._id, sortKey: row.dueKey, responsibleId: row.responsibleId })) };
  }

  /**
   * A project and its participations, with its id claimed, all written or none; an id taken meanwhile
   * (by a project or a meeting series) fails as a DuplicateKeyError.
   */
  async createProject(project: ProjectDocument, participations: ParticipationDocument[]): Promise<void> {
    await this.indexed([{ collection: 'projects', document: project }], () =>
      this.store.writeAll([
        grantIdClaim(project._id, 'project'),
        { collection: 'projects', kind: 'insert', document: project },
        ...participations.map((document): DocumentWrite => ({ collection: 'participations', kind: 'insert', document })),
      ]),
    );
  }

  /** Fails as a DuplicateKeyError when the registry records the organisation in the project already. */
  addParticipation(participation: ParticipationDocument): Promise<void> {
    return this.participations.insertOne(participation);
  }

  /** Removes a cooperating organisation's participation this registry records; whether there was one. */
  async removeCooperation(id: string): Promise<boolean> {
    return (await this.participations.deleteMany({ _id: id, role: 'COOPERATING' })) > 0;
  }

  /** Fails as a DuplicateKeyError on `_id` (already a member) or `seat` (the seat is taken). */
  addMember(member: ProjectMemberDocument): Promise<void> {
    return this.members.insertOne(member);
  }

  /** A meeting series, with its id claimed, both written or neither; an id taken meanwhile (by a series or a project) fails as a DuplicateKeyError. */
  createSeries(series: MeetingSeriesDocument): Promise<void> {
    return this.store.writeAll([grantIdClaim(series._id, 'meeting series'), { collection: GOVERNANCE_COLLECTIONS.series, kind: 'insert', document: series }]);
  }

  /** A meeting and its resolutions, all written or none; a number already recorded fails as a DuplicateKeyError. */
  async recordMeeting(meeting: MeetingDocument, resolutions: ResolutionDocument[]): Promise<void> {
    const writes: DocumentWrite[] = [
      { collection: GOVERNANCE_COLLECTIONS.meetings, kind: 'insert', document: meeting },
      ...resolutions.map((document): DocumentWrite => ({ collection: GOVERNANCE_COLLECTIONS.resolutions, kind: 'insert', document })),
    ];
    // Each resolution's event is written with the minutes (shared/outbox).
    await this.indexed(meetingRecords(meeting, resolutions), () =>
      this.outbox.writeWith(
        writes,
        resolutions.map((resolution) => resolutionEvent(resolution, RESOLUTION_EVENTS.created)),
      ),
    );
  }

  /** `write`, with the search index's entries of `records` (see SearchIndex.indexedWrite); just `write` without an index. */
  private indexed<R>(records: readonly IndexedRecord[], write: () => Promise<R>): Promise<R> {
    return this.searchIndex ? this.searchIndex.indexedWrite(records, write) : write();
  }

  /** A planned meeting, alone; a number or key already used in the series fails as a DuplicateKeyError. */
  async planMeeting(meeting: MeetingDocument): Promise<void> {
    await this.indexed(meetingRecords(meeting, []), () => this.meetings.insertOne(meeting));
  }

  /**
   * Records a planned meeting as held: the meeting replaces its plan and its resolutions are
   * written, all or none; WRITE_CONFLICT (nothing written) when another request changed the plan
   * since `planned` was read.
   */
  async recordPlannedMeeting(planned: MeetingDocument, held: MeetingDocument, resolutions: ResolutionDocument[]): Promise<void> {
    try {
      await this.indexed(meetingRecords(held, resolutions), () =>
        this.outbox.writeWith(
          [
            { collection: GOVERNANCE_COLLECTIONS.meetings, kind: 'replace', previous: planned, document: held },
            ...resolutions.map((document): DocumentWrite => ({ collection: GOVERNANCE_COLLECTIONS.resolutions, kind: 'insert', document })),
          ],
          resolutions.map((resolution) => resolutionEvent(resolution, RESOLUTION_EVENTS.created)),
        ),
      );
    } catch (error) {
      if (error instanceof WriteConflictError) throw writeConflict(`The planned meeting ${planned._id}`);
      throw error;
    }
  }

  /**
   * Writes a change to a resolution read before, with its status-changed event when the status
   * changed (shared/outbox); WRITE_CONFLICT (nothing written) when another request changed it since.
   */
  async replaceResolution(previous: ResolutionDocument, next: ResolutionDocument): Promise<void> {
    const events = previous.status === next.status ? [] : [resolutionEvent(next, RESOLUTION_EVENTS.statusChanged)];
    try {
      await this.indexed([{ collection: GOVERNANCE_COLLECTIONS.resolutions, document: next }], () =>
        this.outbox.writeWith([{ collection: GOVERNANCE_COLLECTIONS.resolutions, kind: 'replace', previous, document: next }], events),
      );
    } catch (error) {
      if (error instanceof WriteConflictError) throw writeConflict(`The resolution ${previous._id}`);
      throw error;
    }
  }

  /** Writes a change to a committee's record read before; WRITE_CONFLICT (nothing written) when another request changed it since. */
  async replaceCommittee(previous: ProjectDocument, next: CommitteeRecord): Promise<void> {
    if (!(await this.projects.replaceIfUnchanged(previous, next))) throw writeConflict(`The committee ${previous._id}`);
  }

  /** Open resolutions due in (from, to], batch by batch: what the scan for due dates reads. */
  openResolutionsDueIn(from: Date, to: Date): AsyncIterable<ResolutionDocument[]> {
    return inBatches(this.resolutions, { status: 'OPEN', dueDate: { $gt: from, $lte: to } });
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

/** A meeting and its resolutions, as the search index indexes them. */
const meetingRecords = (meeting: MeetingDocument, resolutions: readonly ResolutionDocument[]): IndexedRecord[] => [
  { collection: GOVERNANCE_COLLECTIONS.meetings, document: meeting },
  ...resolutions.map((document) => ({ collection: GOVERNANCE_COLLECTIONS.resolutions, document })),
];

function grantIdClaim(id: string, names: GrantIdDocument['names']): DocumentWrite {
  const claim: GrantIdDocument = { _id: id, names };
  return { collection: GRANT_IDS_COLLECTION, kind: 'insert', document: claim };
}
