import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoredDocument } from '../../shared/store/port';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { ELECTION_COLLECTIONS, ElectionDocument, voterId } from '../../subgraphs/guilds/elections/documents';
import { ElectionsRepository } from '../../subgraphs/guilds/elections/repository';
import { GuildsPersonDocument, GuildUnitDocument } from '../../subgraphs/guilds/documents';
import { GuildsRepository } from '../../subgraphs/guilds/repository';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { testToken } from '../support/auth';
import { KilledBeforeCommit, KilledWriter } from '../support/killed-writer';
import { FaultyStore } from '../support/faulty-store';
import { startTestGraph, TestGraph } from '../support/graph';
import { openDemoElection } from '../support/open-election';

/**
 * Found by the integrity audit of 2026-12-07: the guilds subgraph killed while it created a
 * committee left the committee stored and its participations not, under a write intent that
 * recovery rolls back once its lease is over. Meanwhile the committee could be read, and a seat
 * added to it was kept when recovery removed the committee: a chair beside nothing, the client told
 * it was made. Now a seat (and any record written under a committee, series, programme or
 * indicator) is refused with WRITE_CONFLICT while its parent's write is not committed. And a voter
 * whose ballot was cut off so was told ALREADY_VOTED until recovery removed the voter record; now
 * they are told to cast it again once it is settled.
 */

const OWNER = guildsDemoData().guildUnits[0]!.ownerNationalCode;
const CREATE = 'mutation M($input: CreateCommitteeInput!) { createGuildsCommittee(input: $input) { id } }';
const SEAT = 'mutation M($input: AddCommitteeMemberInput!) { addGuildsCommitteeMember(input: $input) { id } }';

describe('a record written under a committee whose own write a killed process left uncommitted', () => {
  let graph: TestGraph;
  let admin: string;
  const backing = new MemoryStore();

  beforeAll(async () => {
    // Guilds writes as on a server without transactions (the write journal, as on FerretDB), over a store the test can read.
    graph = await startTestGraph(async (key) => (key === 'guilds' ? new FaultyStore(backing, Math.random, { leaseMs: 30_000, clock: () => new Date() }) : new MemoryStore()));
    admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
  });
  afterAll(async () => {
    await graph?.stop();
  });

  /** An election open now in the demo's `unionId` (its licences renewed), two of its members standing; every member who may vote in it, sorted. */
  const openElectionIn = async (unionId: string): Promise<{ electionId: string; eligible: string[] }> => {
    const election = await openDemoElection((query, variables) => graph.query(query, variables, admin), unionId);
    return { electionId: election.electionId, eligible: election.eligibleNationalCodes };
  };

  it('is refused with WRITE_CONFLICT and writes nothing; once the committee is committed, it is written', async () => {
    const created = await graph.query(
      CREATE,
      { input: { id: 'guilds:committee-cut', kind: 'COMMITTEE', title: 'کمیته آزمایشی', mandate: 'بررسی', leadOrganisationId: 'guilds:fars-chamber' } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    // The same committee as a killed process leaves it: written again by a journal whose participations never come.
    const projects = backing.collection<StoredDocument>('projects');
    const participations = backing.collection<StoredDocument>('participations');
    const [project] = await projects.find({ _id: 'guilds:committee-cut' });
    const parts = await participations.find({ projectId: 'guilds:committee-cut' });
    await projects.deleteMany({ _id: 'guilds:committee-cut' });
    await participations.deleteMany({ projectId: 'guilds:committee-cut' });
    void new KilledWriter(backing, 'participations').writeAll([
      { collection: 'projects', kind: 'insert', document: project! },
      ...parts.map((document) => ({ collection: 'participations', kind: 'insert' as const, document })),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await projects.count({ _id: 'guilds:committee-cut' })).toBe(1);

    const seat = await graph.query(SEAT, { input: { projectId: 'guilds:committee-cut', nationalCode: OWNER, position: 'CHAIR' } }, admin);
    expect(seat.errors?.[0]?.extensions?.code).toBe('WRITE_CONFLICT');
    expect(seat.errors?.[0]?.message).toMatch(/^The committee guilds:committee-cut was changed by another request/);
    expect(await backing.collection('projectMembers').count({ projectId: 'guilds:committee-cut' })).toBe(0);

    // Committed (here: its intent settled as the write's commit would), the seat goes in.
    await backing.collection('_write_intents').deleteMany({});
    await participations.insertMany(parts);
    const again = await graph.query(SEAT, { input: { projectId: 'guilds:committee-cut', nationalCode: OWNER, position: 'CHAIR' } }, admin);
    expect(again.errors).toBeUndefined();
    expect(await backing.collection('projectMembers').count({ projectId: 'guilds:committee-cut' })).toBe(1);
  });

  it('refuses with WRITE_CONFLICT a partnership agreement naming a programme whose write is not committed, and writes nothing', async () => {
    const PROGRAMME = 'guilds:programme-fars-2029';
    const created = await graph.query(
      'mutation P($input: CreateChamberProgrammeInput!) { createChamberProgramme(input: $input) { id } }',
      { input: { chamberId: 'guilds:fars-chamber', year: 2029, title: 'برنامه آزمایشی ۱۴۰۸' } },
      admin,
    );
    expect(created.data).toEqual({ createChamberProgramme: { id: PROGRAMME } });
    // The programme as a killed process leaves it: written under an intent never deleted (a step after it never comes).
    const programmes = backing.collection<StoredDocument>('chamber_programmes');
    const [programme] = await programmes.find({ _id: PROGRAMME });
    await programmes.deleteMany({ _id: PROGRAMME });
    void new KilledWriter(backing, 'killed').writeAll([
      { collection: 'chamber_programmes', kind: 'insert', document: programme! },
      { collection: 'killed', kind: 'insert', document: { _id: 'never' } },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await programmes.count({ _id: PROGRAMME })).toBe(1);

    const input = {
      chamberId: 'guilds:fars-chamber',
      programmeId: PROGRAMME,
      title: 'تفاهم‌نامه همکاری آزمایشی',
      kind: 'COOPERATION_PROTOCOL',
      scope: 'NATIONAL',
      parties: [{ name: 'دانشگاه شیراز', country: 'IR' }],
      signedOn: '2025-02-01',
    };
    const ADD = 'mutation A($input: AddPartnershipAgreementInput!) { addPartnershipAgreement(input: $input) { id } }';
    const agreement = await graph.query(ADD, { input }, admin);
    expect(agreement.errors?.[0]?.extensions?.code).toBe('WRITE_CONFLICT');
    expect(agreement.errors?.[0]?.message).toMatch(/^The programme guilds:programme-fars-2029 was changed by another request/);
    expect(await backing.collection('partnership_agreements').count({ programmeId: PROGRAMME })).toBe(0);

    // Committed (its intent settled as the write's commit would), the agreement goes in.
    await backing.collection('_write_intents').deleteMany({});
    const again = await graph.query(ADD, { input }, admin);
    expect(again.errors).toBeUndefined();
    expect(await backing.collection('partnership_agreements').count({ programmeId: PROGRAMME })).toBe(1);
  });

  it('tells a voter whose ballot was cut off to cast it again once it is settled, not that they voted', async () => {
    const { electionId, eligible } = await openElectionIn('guilds:fars-union-007');
    const voter = eligible.find((code) => !eligible.slice(0, 2).includes(code))!;
    const [election] = await backing.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections).find({ _id: electionId });
    // The ballot as a killed process leaves it: the voter record written, the slot never filled.
    void new ElectionsRepository(new KilledWriter(backing, ELECTION_COLLECTIONS.ballots)).recordBallot(
      election!,
      { _id: voterId(electionId, voter), electionId, nationalCode: voter, votedAt: new Date() },
      [eligible[0]!],
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await backing.collection(ELECTION_COLLECTIONS.voters).count({ _id: voterId(electionId, voter) })).toBe(1);

    const cast = await graph.query(
      'mutation B($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt } }',
      { input: { electionId, choices: [eligible[0]] } },
      await testToken([], { subject: voter }),
    );
    expect(cast.errors?.[0]?.extensions).toMatchObject({ code: 'BALLOT_BEING_SETTLED', messageId: 'BALLOT_BEING_SETTLED' });
    expect(cast.errors?.[0]?.message).toMatch(/or was cut off when the registry stopped, and it is not yet known whether it was kept; it is settled within 90 seconds/);
  });
  it('does not publish a result counting a ballot a killed process left unsettled, and publishes it once the ballot is settled', async () => {
    const { electionId, eligible } = await openElectionIn('guilds:fars-union-008');
    const CAST = 'mutation B($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt } }';
    const voters = eligible.slice(2, 8);
    for (const voter of voters.slice(0, 5)) {
      const cast = await graph.query(CAST, { input: { electionId, choices: [eligible[0]] } }, await testToken([], { subject: voter }));
      expect(cast.errors).toBeUndefined();
    }
    const closed = await graph.query('mutation C($input: GuildElectionRefInput!) { closeGuildElection(input: $input) { id } }', { input: { electionId } }, admin);
    expect(closed.errors).toBeUndefined();
    // A sixth ballot, checked while voting was open, as a killed process leaves it: the voter record written, the slot never filled; recovery will roll it back.
    const [election] = await backing.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections).find({ _id: electionId });
    const late = voters[5]!;
    void new ElectionsRepository(new KilledWriter(backing, ELECTION_COLLECTIONS.ballots)).recordBallot(
      election!,
      { _id: voterId(electionId, late), electionId, nationalCode: late, votedAt: new Date() },
      [eligible[1]!],
    );
    await new Promise((resolve) => setTimeout(resolve, 20));

    const PUBLISH = 'mutation P($input: GuildElectionRefInput!) { publishGuildElectionResult(input: $input) { result { ballots voters } } }';
    const early = await graph.query<{ publishGuildElectionResult: { result: { ballots: number; voters: number } } }>(PUBLISH, { input: { electionId } }, admin);
    expect({ code: early.errors?.[0]?.extensions?.code, data: early.data?.publishGuildElectionResult ?? null }).toEqual({ code: 'WRITE_CONFLICT', data: null });
    expect(early.errors?.[0]?.message).toMatch(/^The ballots of guilds:/);

    // Settled (here: rolled back, as recovery does once the lease is over), the result counts the five ballots kept.
    await backing.collection('_write_intents').deleteMany({});
    await backing.collection(ELECTION_COLLECTIONS.voters).deleteMany({ _id: voterId(electionId, late) });
    const published = await graph.query<{ publishGuildElectionResult: { result: { ballots: number; voters: number } } }>(PUBLISH, { input: { electionId } }, admin);
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishGuildElectionResult.result).toEqual({ ballots: 5, voters: 5 });
  });

  it('does not close an election early on the strength of a ballot a killed process left unsettled', async () => {
    const { electionId, eligible } = await openElectionIn('guilds:fars-union-012');
    const voters = eligible.slice(2, 7);
    for (const voter of voters.slice(0, 4)) {
      const cast = await graph.query(
        'mutation B($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt } }',
        { input: { electionId, choices: [eligible[0]] } },
        await testToken([], { subject: voter }),
      );
      expect(cast.errors).toBeUndefined();
    }
    // The fifth ballot, the one that would let voting end early, as a killed process leaves it: in the box, its write never committed.
    const [election] = await backing.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections).find({ _id: electionId });
    const late = voters[4]!;
    void new ElectionsRepository(new KilledBeforeCommit(backing)).recordBallot(election!, { _id: voterId(electionId, late), electionId, nationalCode: late, votedAt: new Date() }, [
      eligible[1]!,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await backing.collection(ELECTION_COLLECTIONS.ballots).count({ electionId, filled: 1 })).toBe(5);
    const CLOSE = 'mutation C($input: GuildElectionRefInput!) { closeGuildElection(input: $input) { id } }';
    const closed = await graph.query(CLOSE, { input: { electionId } }, admin);
    expect(closed.errors?.[0]?.extensions?.code).toBe('WRITE_CONFLICT');
    const [stored] = await backing.collection<ElectionDocument>(ELECTION_COLLECTIONS.elections).find({ _id: electionId });
    expect(stored!.endsAt.getTime()).toBe(election!.endsAt.getTime());
  });

  it('refuses the ballot of a voter whose only licence a killed process left uncommitted, and keeps none', async () => {
    const unionId = 'guilds:fars-union-010';
    const { electionId, eligible } = await openElectionIn(unionId);
    // A new owner's registration as a killed process leaves it: the owner and the unit in, the write never committed (recovery will roll both back).
    const owner = withIranianCheckDigit('009900777');
    const [model] = await backing.collection<GuildUnitDocument>('guildUnits').find({ unionId, status: 'ACTIVE' }, { limit: 1 });
    const unit: GuildUnitDocument = { ...model!, _id: '71-010-77777', ownerNationalCode: owner };
    delete (unit as unknown as Record<string, unknown>)._rev;
    const person: GuildsPersonDocument = { _id: owner, fullName: 'مالک تازه', nameKey: 'مالک تازه', sortKey: 'مالک تازه', updatedAt: new Date(), standing: 'MEMBER' };
    void new GuildsRepository(new KilledBeforeCommit(backing)).registerUnit(unit, person);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await backing.collection('guildUnits').count({ _id: unit._id })).toBe(1);

    const cast = await graph.query(
      'mutation B($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt } }',
      { input: { electionId, choices: [eligible[0]] } },
      await testToken([], { subject: owner }),
    );
    expect(cast.errors?.[0]?.extensions?.code).toBe('WRITE_CONFLICT');
    expect({
      voters: await backing.collection(ELECTION_COLLECTIONS.voters).count({ electionId }),
      ballots: await backing.collection(ELECTION_COLLECTIONS.ballots).count({ electionId, filled: 1 }),
    }).toEqual({ voters: 0, ballots: 0 });
  });
});
