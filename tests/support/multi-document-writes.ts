import { MeetingDocument, ResolutionDocument } from '../../shared/governance/documents';
import { ParticipationDocument, ProjectDocument } from '../../shared/registry/documents';
import { INTENTS_COLLECTION } from '../../shared/store/write-journal';
import { Store, StoredDocument, WriteOutcomeUnknownError } from '../../shared/store/port';
import { ElectionsRepository } from '../../subgraphs/guilds/elections';
import { NO_CHOICE } from '../../subgraphs/guilds/elections/ballot-slots';
import { BallotDocument, CandidateDocument, candidateId, ElectionDocument, VoterDocument, voterId } from '../../subgraphs/guilds/elections/documents';
import { GuildsPersonDocument, GuildUnitDocument } from '../../subgraphs/guilds/documents';
import { GuildsRepository } from '../../subgraphs/guilds/repository';
import { EngineeringPersonDocument } from '../../subgraphs/engineering/documents';
import { LICENCE_NUMBERS_COLLECTION } from '../../subgraphs/engineering/licence-numbers';
import { EngineeringRepository } from '../../subgraphs/engineering/repository';
import { OUTBOX_COLLECTIONS, OutboxEventDocument } from '../../shared/outbox/events';

/** The product's writes of several documents, each of which must be kept whole or not at all. */
export const WRITE_KINDS = ['createElection', 'recordBallot', 'registerUnit', 'createProject', 'recordMeeting', 'licenceEngineer'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

/** The open election the ballots go to; with few slots, ballots also add batches (a replacement and inserts). */
const BALLOT_ELECTION = 'guilds:election-ballots';
const CANDIDATES = ['1000000001', '1000000002', '1000000003', '1000000004'];
const SEATS = 2;
const DAY = new Date('2026-03-01T00:00:00Z');

const election = (id: string, ballotSlots: number): ElectionDocument & { ballotSlots: number } => ({
  _id: id,
  unionId: 'guilds:fars-union-007',
  chamberId: 'guilds:fars-chamber',
  title: 'interrupted',
  seats: SEATS,
  opensAt: DAY,
  closesAt: DAY,
  endsAt: DAY,
  supervisorNationalCodes: [],
  electronic: true,
  createdAt: DAY,
  ballotSlots,
});
const candidates = (electionId: string): CandidateDocument[] =>
  CANDIDATES.slice(0, 3).map((nationalCode) => ({ _id: candidateId(electionId, nationalCode), electionId, nationalCode, licenceNumber: `L-${nationalCode}`, addedAt: DAY }));
/** The choices of the n-th ballot: one or two of the candidates, so that lost or extra ballots show in the tally. */
const choicesOf = (n: number): string[] => (n % 3 === 0 ? [CANDIDATES[n % 4]!] : [CANDIDATES[n % 4]!, CANDIDATES[(n + 1) % 4]!]);
const codeOf = (prefix: string, n: number) => `${prefix}${String(n).padStart(9, '0')}`;
/** The licence number the n-th engineer is recorded with (and claims). */
const licenceOf = (n: number) => `6-00-${n}`;

/** The documents one write of a kind makes, by collection, from its number. */
function documentsOf(kind: WriteKind, n: number): { collection: string; id: string }[] {
  switch (kind) {
    case 'createElection': {
      const id = `guilds:election-${n}`;
      return [{ collection: 'elections', id }, ...candidates(id).map((c) => ({ collection: 'election_candidates', id: c._id }))];
    }
    case 'recordBallot':
      return [{ collection: 'election_voters', id: voterId(BALLOT_ELECTION, codeOf('8', n)) }];
    case 'registerUnit':
      return [
        { collection: 'people', id: codeOf('7', n) },
        { collection: 'guildUnits', id: `71-007-${n}` },
      ];
    case 'createProject':
      return [{ collection: 'projects', id: `guilds:project-${n}` }, ...[1, 2, 3].map((i) => ({ collection: 'participations', id: `guilds:project-${n}|guilds:org-${i}` }))];
    case 'recordMeeting': {
      const meeting = `guilds:series/${n}`;
      return [{ collection: 'meetings', id: meeting }, ...[1, 2, 3].map((i) => ({ collection: 'resolutions', id: `${meeting}/r0${i}` }))];
    }
    case 'licenceEngineer':
      return [
        { collection: 'people', id: codeOf('6', n) },
        { collection: LICENCE_NUMBERS_COLLECTION, id: licenceOf(n) },
      ];
  }
}

/** What a caller was told about one write. */
export interface Outcome {
  kind: WriteKind;
  n: number;
  ok: boolean;
  error?: unknown;
}

/**
 * Runs the six multi-document writes through the repositories on one store (createElection,
 * recordBallot, registerUnit, createProject, recordMeeting, licenceEngineer: an engineer with the
 * claim of their licence number and its event), remembers what each caller was told,
 * and checks every invariant afterwards: see `violations`.
 */
/** A write reported of unknown outcome: its commit went unanswered (shared/store/write-journal.ts). */
const isUnknown = (outcome: Outcome): boolean => !outcome.ok && outcome.error instanceof WriteOutcomeUnknownError;
const describe = (outcome: Outcome): string => (outcome.ok ? 'succeeded' : isUnknown(outcome) ? 'of unknown outcome' : 'failed');

export class MultiDocumentWrites {
  readonly outcomes: Outcome[] = [];
  private readonly guilds: GuildsRepository;
  private readonly elections: ElectionsRepository;
  private readonly engineering: EngineeringRepository;
  private next = 0;

  constructor(
    private readonly store: Store,
    /** The ballot election's slots to begin with. */
    private readonly ballotSlots = 24,
  ) {
    this.guilds = new GuildsRepository(store);
    this.elections = new ElectionsRepository(store);
    this.engineering = new EngineeringRepository(store);
  }

  /** The open election the ballots go to; on a store that answers. */
  async prepare(): Promise<void> {
    await this.elections.createElection(election(BALLOT_ELECTION, this.ballotSlots), []);
  }

  /** One write of `kind` with fresh ids; what the caller was told is recorded, and returned. */
  async perform(kind: WriteKind): Promise<Outcome> {
    const outcome: Outcome = { kind, n: (this.next += 1), ok: false };
    this.outcomes.push(outcome);
    return this.retry(outcome);
  }

  /** The same write again (the caller trying once more after a failure); the outcome records the latest answer. */
  async retry(outcome: Outcome): Promise<Outcome> {
    try {
      await this.write(outcome.kind, outcome.n);
      outcome.ok = true;
      delete outcome.error;
    } catch (error) {
      outcome.ok = false;
      outcome.error = error;
    }
    return outcome;
  }

  private async write(kind: WriteKind, n: number): Promise<void> {
    switch (kind) {
      case 'createElection': {
        const id = `guilds:election-${n}`;
        return this.elections.createElection(election(id, 5), candidates(id));
      }
      case 'recordBallot': {
        const nationalCode = codeOf('8', n);
        const voter: VoterDocument = { _id: voterId(BALLOT_ELECTION, nationalCode), electionId: BALLOT_ELECTION, nationalCode, votedAt: DAY };
        return this.elections.recordBallot(election(BALLOT_ELECTION, this.ballotSlots), voter, choicesOf(n));
      }
      case 'registerUnit': {
        const owner = codeOf('7', n);
        const person: GuildsPersonDocument = { _id: owner, fullName: `owner ${n}`, nameKey: `owner ${n}`, sortKey: `owner ${n}`, updatedAt: DAY, standing: 'MEMBER' };
        const unit: GuildUnitDocument = {
          _id: `71-007-${n}`,
          ownerNationalCode: owner,
          name: `unit ${n}`,
          activity: 'bakery',
          unionId: 'guilds:fars-union-007',
          chamberId: 'guilds:fars-chamber',
          status: 'ACTIVE',
          issuedOn: DAY,
          validUntil: DAY,
        };
        return this.guilds.registerUnit(unit, person);
      }
      case 'createProject': {
        const project: ProjectDocument = { _id: `guilds:project-${n}`, title: `project ${n}`, mandate: 'm', dueDate: DAY, status: 'ACTIVE' };
        const participations: ParticipationDocument[] = [1, 2, 3].map((i) => ({
          _id: `${project._id}|guilds:org-${i}`,
          projectId: project._id,
          organisationId: `guilds:org-${i}`,
          role: 'COOPERATING',
        }));
        return this.guilds.governance.createProject(project, participations);
      }
      case 'recordMeeting': {
        const meetingId = `guilds:series/${n}`;
        const meeting: MeetingDocument = { _id: meetingId, seriesId: 'guilds:series', number: n, hostId: 'guilds:org-1', startsOn: DAY, endsOn: DAY, attendees: [], agenda: ['a'] };
        const resolutions: ResolutionDocument[] = [1, 2, 3].map((i) => ({
          _id: `${meetingId}/r0${i}`,
          meetingId,
          seriesId: 'guilds:series',
          number: i,
          text: 'r',
          responsibleId: 'guilds:org-1',
          cooperatingIds: [],
          dueDate: DAY,
          dueKey: `2026-03-01|${meetingId}/r0${i}`,
          status: 'OPEN',
        }));
        return this.guilds.governance.recordMeeting(meeting, resolutions);
      }
      case 'licenceEngineer': {
        const code = codeOf('6', n);
        const engineer: EngineeringPersonDocument = {
          _id: code,
          fullName: `engineer ${n}`,
          nameKey: `engineer ${n}`,
          sortKey: `engineer ${n}`,
          updatedAt: DAY,
          licence: { number: licenceOf(n), discipline: 'CIVIL', grade: 'GRADE_3', provincialOrganisationId: 'engineering:tehran', validUntil: DAY },
        };
        return this.engineering.writeEngineer({ kind: 'created', next: engineer });
      }
    }
  }

  private async all<T extends StoredDocument>(collection: string): Promise<T[]> {
    return this.store.collection<T>(collection).find({});
  }

  /**
   * Every broken invariant, in words; none after a recovery:
   * - no intent is left;
   * - a write the caller was told succeeded is there whole, one it was told failed is not there at all;
   * - each election has exactly the slots it counts (`ballotSlots`), its voters equal its filled slots,
   *   and the filled slots' choices are those of the ballots accepted;
   * - no owner without a unit, no candidates, slots, participations or resolutions without their
   *   election, project or meeting, no voter without a ballot.
   */
  async violations(): Promise<string[]> {
    const problems: string[] = [];
    const intents = await this.all(INTENTS_COLLECTION);
    if (intents.length > 0) problems.push(`${intents.length} intents left`);

    const collections = [
      'elections',
      'election_candidates',
      'election_voters',
      'election_ballots',
      'people',
      'guildUnits',
      'projects',
      'participations',
      'meetings',
      'resolutions',
      LICENCE_NUMBERS_COLLECTION,
    ];
    const stored = new Map<string, StoredDocument[]>();
    for (const name of collections) stored.set(name, await this.all(name));
    const ids = new Map([...stored].map(([name, documents]) => [name, new Set(documents.map((d) => d._id))]));
    const has = (collection: string, id: string) => ids.get(collection)!.has(id);

    for (const outcome of this.outcomes) {
      const documents = documentsOf(outcome.kind, outcome.n);
      const present = documents.filter((d) => has(d.collection, d.id)).length;
      // A write of unknown outcome (its commit unanswered) is whole or absent; any other, as it was told.
      const expected = outcome.ok ? [documents.length] : isUnknown(outcome) ? [0, documents.length] : [0];
      if (!expected.includes(present)) problems.push(`${outcome.kind} #${outcome.n} (${describe(outcome)}): ${present} of its ${documents.length} documents stored`);
    }

    const elections = stored.get('elections') as ElectionDocument[];
    const slots = stored.get('election_ballots') as BallotDocument[];
    const voters = stored.get('election_voters') as VoterDocument[];
    for (const { _id, ballotSlots } of elections) {
      const own = slots.filter((slot) => slot.electionId === _id);
      if (own.length !== ballotSlots) problems.push(`${_id}: ${own.length} slots, counts ${ballotSlots}`);
      const filled = own.filter((slot) => slot.filled === 1);
      const votersOf = voters.filter((voter) => voter.electionId === _id);
      if (filled.length !== votersOf.length) problems.push(`${_id}: ${votersOf.length} voters, ${filled.length} ballots`);
    }
    const tally = (ballots: string[][]) =>
      ballots
        .map((choices) =>
          choices
            .filter((c) => c !== NO_CHOICE)
            .sort()
            .join('+'),
        )
        .sort()
        .join(' ');
    // The ballots stored are those accepted, and those of unknown outcome whose voter record was kept.
    const keptVoters = new Set(voters.map((voter) => voter._id));
    const accepted = this.outcomes
      .filter((o) => o.kind === 'recordBallot' && (o.ok || (isUnknown(o) && keptVoters.has(voterId(BALLOT_ELECTION, codeOf('8', o.n))))))
      .map((o) => choicesOf(o.n));
    const kept = tally(slots.filter((s) => s.electionId === BALLOT_ELECTION && s.filled === 1).map((s) => s.choices));
    if (kept !== tally(accepted)) problems.push(`the ballots stored (${kept}) are not the ${accepted.length} accepted (${tally(accepted)})`);
    for (const [collection, parent, field] of [
      ['election_candidates', 'elections', 'electionId'],
      ['election_ballots', 'elections', 'electionId'],
      ['election_voters', 'elections', 'electionId'],
      ['participations', 'projects', 'projectId'],
      ['resolutions', 'meetings', 'meetingId'],
    ] as const) {
      const strays = stored.get(collection)!.filter((d) => !has(parent, (d as unknown as Record<string, string>)[field]!));
      if (strays.length > 0) problems.push(`${strays.length} ${collection} without their ${parent}`);
    }
    const owners = new Set((stored.get('guildUnits') as GuildUnitDocument[]).map((unit) => unit.ownerNationalCode));
    const engineers = stored.get('people')!.filter((person) => 'licence' in person) as EngineeringPersonDocument[];
    const alone = stored.get('people')!.filter((person) => !owners.has(person._id) && !('licence' in person));
    if (alone.length > 0) problems.push(`${alone.length} owners without a unit`);
    // Every claim held by an engineer who holds its number, every engineer's number claimed, one issued event per engineer kept.
    const claims = stored.get(LICENCE_NUMBERS_COLLECTION) as (StoredDocument & { nationalCode?: string })[];
    const holders = new Map(engineers.map((engineer) => [engineer.licence!.number, engineer._id]));
    const strayClaims = claims.filter((claim) => holders.get(claim._id) !== claim.nationalCode);
    const unclaimed = engineers.filter((engineer) => !claims.some((claim) => claim._id === engineer.licence!.number));
    if (strayClaims.length + unclaimed.length > 0) problems.push(`${strayClaims.length} licence claims without their engineer, ${unclaimed.length} engineers without their claim`);
    const events = (await this.all<OutboxEventDocument>(OUTBOX_COLLECTIONS.events)).filter((event) => event.record.type === 'ENGINEERING_LICENCE');
    const numbers = events.map((event) => (event.data as { number?: string }).number ?? '');
    const strayEvents = numbers.filter((number) => !holders.has(number)).length;
    const missing = engineers.filter((engineer) => numbers.filter((number) => number === engineer.licence!.number).length !== 1).length;
    if (strayEvents + missing > 0) problems.push(`${strayEvents} licence events without their engineer, ${missing} engineers without exactly one`);
    return problems;
  }
}
