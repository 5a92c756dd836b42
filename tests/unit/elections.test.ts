import { GraphQLError } from 'graphql';
import { InputChecker } from '../../shared/errors';
import { MemoryStore } from '../../shared/store/memory-store';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { GuildsRegistryData, GuildUnitDocument } from '../../subgraphs/guilds/documents';
import { calendarDateOf } from '../../shared/text/calendar';
import { ElectionsContext, ElectionsRepository } from '../../subgraphs/guilds/elections';
import { castBallot } from '../../subgraphs/guilds/elections/cast-ballot';
import { closeElection, publishResult } from '../../subgraphs/guilds/elections/close-publish';
import { withdrawCandidate } from '../../subgraphs/guilds/elections/candidate-status';
import { createGuildElection } from '../../subgraphs/guilds/elections/create-election';
import { BoardSeatDocument, boardTermIdOf, CandidateDocument, ElectionDocument, VoterDocument } from '../../subgraphs/guilds/elections/documents';
import { checkMoment } from '../../subgraphs/guilds/elections/moments';
import { electionStatus } from '../../subgraphs/guilds/elections/status';
import { electedCodes, seatsLeftToTieBreak, tally } from '../../subgraphs/guilds/elections/tally';
import { GuildsRepository } from '../../subgraphs/guilds/repository';
import { electionsRequest, eligibleMembersAt } from '../support/election-requests';

const demoCollection = <T>(demo: GuildsRegistryData, name: string): T[] => demo.extra!.find((c) => c.collection === name)!.documents as unknown as T[];

describe('voting-window moments', () => {
  const read = (value: string) => {
    const checker = new InputChecker();
    const moment = checkMoment(checker, 'opensAt', value);
    return { moment: moment?.toISOString(), ok: checker.ok };
  };

  it('reads Gregorian and Solar Hijri days with their offsets, and Persian digits', () => {
    expect(read('2025-09-13T08:00+03:30').moment).toBe('2025-09-13T04:30:00.000Z');
    expect(read('1404-06-22T08:00:00+03:30').moment).toBe('2025-09-13T04:30:00.000Z');
    expect(read('۱۴۰۴/۰۶/۲۲ ۰۸:۰۰+03:30').moment).toBe('2025-09-13T04:30:00.000Z');
    expect(read('2025-09-13T04:30:00.000Z').moment).toBe('2025-09-13T04:30:00.000Z');
  });

  it('refuses an offset no clock keeps, which would move the moment to another day', () => {
    for (const bad of ['2026-12-22T08:00+23:59', '2026-12-22T08:00-13:00', '2026-12-22T08:00+14:01', '2026-12-22T08:00+03:60']) {
      expect({ bad, ok: read(bad).ok }).toEqual({ bad, ok: false });
    }
    expect(read('2026-12-22T08:00+14:00').moment).toBe('2026-12-21T18:00:00.000Z');
    expect(read('2026-12-22T08:00-12:00').moment).toBe('2026-12-22T20:00:00.000Z');
    expect(read('2026-12-22T08:00+00:00').moment).toBe('2026-12-22T08:00:00.000Z');
  });

  it('refuses a moment without an offset, or with a day or time that does not exist', () => {
    for (const bad of ['2025-09-13T08:00', '1404-13-01T08:00+03:30', '2025-02-30T08:00Z', '2025-09-13T24:00Z', '2025-09-13T08:00+99:00', 'tomorrow']) {
      expect({ bad, ok: read(bad).ok }).toEqual({ bad, ok: false });
    }
  });

  it("refuses a day outside the calendars' range, naming it", () => {
    for (const outside of ['9999-12-31T08:00Z', '0001-01-01T08:00+03:30', '1601-01-01T08:00+03:30']) {
      const checker = new InputChecker();
      expect(checkMoment(checker, 'opensAt', outside)).toBeUndefined();
      expect(() => checker.throwIfAny()).toThrow(/opensAt: .*is outside the days the registries take: 1821-03-21 to 2222-03-20/);
    }
  });
});

describe('the count', () => {
  const count = (seats: number, votes: [string, number][], excluded?: string[]) =>
    tally({ seats, votes: new Map(votes), ballots: 9, voters: 9, eligibleVoters: 12, publishedAt: new Date(0), ...(excluded ? { excluded: new Set(excluded) } : {}) });

  it('elects the first seats by votes, and leaves a tied last seat to the supervisors instead of picking by national code', () => {
    const result = count(2, [
      ['3', 5],
      ['1', 7],
      ['2', 5],
    ]);
    expect(result.tallies).toEqual([
      { nationalCode: '1', votes: 7, elected: true },
      { nationalCode: '2', votes: 5, elected: false },
      { nationalCode: '3', votes: 5, elected: false },
    ]);
    expect(result).toMatchObject({ tieForLastSeat: true, tied: ['2', '3'] });
    expect(electedCodes(result)).toEqual(['1']);
    expect(seatsLeftToTieBreak(2, result)).toBe(1);
    // Once the supervisors' decision is recorded, the result names the elected.
    const broken = { ...result, tieBreak: { method: 'LOT' as const, chosen: ['3'], decidedBy: [], decidedAt: new Date(0), recordedBy: 'x', recordedAt: new Date(0) } };
    expect(electedCodes(broken)).toEqual(['1', '3']);
    expect(seatsLeftToTieBreak(2, broken)).toBe(0);
    const clear = count(1, [
      ['1', 2],
      ['2', 1],
    ]);
    expect(clear).toMatchObject({ tieForLastSeat: false });
    expect(clear.tied).toBeUndefined();
    expect(electedCodes(clear)).toEqual(['1']);
  });

  it('leaves several seats to a tie when more candidates share the votes of the last one', () => {
    const result = count(3, [
      ['1', 9],
      ['2', 4],
      ['3', 4],
      ['4', 4],
      ['5', 1],
    ]);
    expect(result.tied).toEqual(['2', '3', '4']);
    expect(electedCodes(result)).toEqual(['1']);
    expect(seatsLeftToTieBreak(3, result)).toBe(2);
    // Equal votes below the last seat are no tie.
    expect(
      count(2, [
        ['1', 9],
        ['2', 5],
        ['3', 4],
        ['4', 4],
      ]).tieForLastSeat,
    ).toBe(false);
  });

  it('shows the votes of withdrawn and disqualified candidates, after the others, and elects none of them', () => {
    const result = count(
      2,
      [
        ['1', 3],
        ['2', 9],
        ['3', 1],
        ['4', 2],
      ],
      ['2'],
    );
    expect(result.tallies).toEqual([
      { nationalCode: '1', votes: 3, elected: true },
      { nationalCode: '4', votes: 2, elected: true },
      { nationalCode: '3', votes: 1, elected: false },
      { nationalCode: '2', votes: 9, elected: false, excluded: true },
    ]);
    // Their votes create no tie either.
    expect(
      count(
        1,
        [
          ['1', 3],
          ['2', 3],
        ],
        ['2'],
      ).tieForLastSeat,
    ).toBe(false);
  });

  it('elects, in every demo election of 1399, the union board its term seats', () => {
    const demo = guildsDemoData();
    const elections = demoCollection<ElectionDocument>(demo, 'elections');
    const seats = demoCollection<BoardSeatDocument>(demo, 'union_board_seats');
    const published = elections.filter((e) => e.result);
    expect(published).toHaveLength(5);
    for (const election of published) {
      const board = seats
        .filter((s) => s.termId === boardTermIdOf(election._id))
        .map((s) => s.nationalCode)
        .sort();
      expect(board).toHaveLength(5);
      expect(
        election
          .result!.tallies.filter((t) => t.elected)
          .map((t) => t.nationalCode)
          .sort(),
      ).toEqual(board);
      expect(election.result!.tieForLastSeat).toBe(false);
      expect(election.result!.ballots).toBe(election.result!.voters);
    }
  });
});

describe("the demo's 1399 elections and the licences held then", () => {
  const demo = guildsDemoData();
  const elections = demoCollection<ElectionDocument>(demo, 'elections').filter((e) => e.result);
  /** Whether the unit's owner held a licence of it valid on `day`, read from its recorded days alone. */
  const heldOn = (unit: GuildUnitDocument, day: string) => {
    const within = (from: Date, until: Date) => from.toISOString().slice(0, 10) <= day && day <= until.toISOString().slice(0, 10);
    const suspendedOrRevoked = [unit.suspendedOn, unit.revokedOn].some((on) => on && on.toISOString().slice(0, 10) <= day);
    return (within(unit.issuedOn, unit.validUntil) && !suspendedOrRevoked) || (unit.earlierLicences ?? []).some((l) => within(l.issuedOn, l.validUntil));
  };
  const holders = (unionId: string, day: string) => new Set(demo.guildUnits.filter((u) => u.unionId === unionId && heldOn(u, day)).map((u) => u.ownerNationalCode));

  it('has every voter and candidate of a 1399 election holding a valid licence of that union on the day', () => {
    expect(elections.map((e) => calendarDateOf(e.opensAt).jalali.slice(0, 4))).toEqual(['1399', '1399', '1399', '1399', '1399']);
    for (const election of elections) {
      const day = election.opensAt.toISOString().slice(0, 10);
      const members = holders(election.unionId, day);
      const voters = demoCollection<VoterDocument>(demo, 'election_voters').filter((v) => v.electionId === election._id);
      expect(voters.length).toBeGreaterThan(0);
      for (const voter of voters) expect({ election: election._id, voter: voter.nationalCode, member: members.has(voter.nationalCode) }).toMatchObject({ member: true });
      const candidates = demoCollection<CandidateDocument>(demo, 'election_candidates').filter((c) => c.electionId === election._id);
      for (const candidate of candidates) {
        const unit = demo.guildUnits.find((u) => u._id === candidate.licenceNumber)!;
        expect({ candidate: candidate.nationalCode, unit: unit.unionId, held: heldOn(unit, day) && heldOn(unit, candidate.addedAt.toISOString().slice(0, 10)) }).toEqual({
          candidate: candidate.nationalCode,
          unit: election.unionId,
          held: true,
        });
      }
      // The count of eligible voters kept with the election is the members of that day.
      expect(election.eligibleVotersAtClose).toBe(members.size);
      expect(election.result!.eligibleVoters).toBe(members.size);
    }
  });
});

describe('the voting window, on an injected clock', () => {
  const demo = guildsDemoData();
  const unionId = 'guilds:fars-union-007';
  const opensAt = new Date('2026-03-01T04:30:00Z');
  const closesAt = new Date('2026-03-01T14:30:00Z');
  const unitsOfUnion = demo.guildUnits.filter((u) => u.unionId === unionId);
  const eligibleAt = (at: Date) => eligibleMembersAt(demo, unionId, at);
  const eligible = eligibleAt(opensAt);
  let now = new Date('2026-01-01T00:00:00Z');
  let store: MemoryStore;
  let guilds: GuildsRepository;
  let elections: ElectionsRepository;

  const contextFor = (subject = 'admin'): ElectionsContext => electionsRequest(guilds, elections, () => now, subject);
  const codeOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 'accepted';
    } catch (error) {
      return (error as GraphQLError).extensions?.code;
    }
  };

  beforeAll(async () => {
    store = new MemoryStore();
    guilds = new GuildsRepository(store);
    elections = new ElectionsRepository(store);
    await guilds.ensureIndexes();
    await elections.ensureIndexes();
    await guilds.loadDemoData(demo);
  });

  it('follows the clock from scheduled to open to closed to published', async () => {
    const election = await createGuildElection(
      { unionId, seats: 1, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), candidateNationalCodes: eligible.slice(0, 2) },
      contextFor(),
    );
    const id = election._id;
    const ballot = (voter: string) => castBallot({ electionId: id, choices: [eligible[0]!] }, contextFor(voter));

    now = new Date(opensAt.getTime() - 1);
    expect(electionStatus(election, now)).toBe('SCHEDULED');
    expect(await codeOf(ballot(eligible[2]!))).toBe('ELECTION_NOT_OPEN_YET');
    expect(await codeOf(publishResult(id, contextFor()))).toBe('ELECTION_NOT_CLOSED');

    now = opensAt;
    expect(await codeOf(ballot(eligible[2]!))).toBe('accepted');
    expect(await codeOf(ballot(eligible[2]!))).toBe('ALREADY_VOTED');
    expect(await codeOf(publishResult(id, contextFor()))).toBe('ELECTION_NOT_CLOSED');

    now = new Date(closesAt.getTime() - 1);
    for (const voter of eligible.slice(3, 7)) expect(await codeOf(ballot(voter))).toBe('accepted');

    now = closesAt;
    expect(await codeOf(ballot(eligible[7]!))).toBe('ELECTION_CLOSED');
    expect(await codeOf(closeElection(id, contextFor()))).toBe('ELECTION_CLOSED');
    const published = await publishResult(id, contextFor());
    expect(published.result).toMatchObject({
      ballots: 5,
      voters: 5,
      tallies: [
        { nationalCode: eligible[0], votes: 5, elected: true },
        { nationalCode: eligible[1], votes: 0, elected: false },
      ],
    });
    expect(await codeOf(publishResult(id, contextFor()))).toBe('RESULT_ALREADY_PUBLISHED');
    expect(await codeOf(ballot(eligible[8]!))).toBe('ELECTION_CLOSED');
  });

  it('ends voting early when closed, and counts nothing cast after', async () => {
    now = new Date('2026-04-01T00:00:00Z');
    const election = await createGuildElection(
      { unionId, seats: 1, opensAt: '2026-04-02T08:00+03:30', closesAt: '2026-04-05T08:00+03:30', candidateNationalCodes: [eligible[0]!] },
      contextFor(),
    );
    now = new Date('2026-04-03T00:00:00Z');
    // Early, voting ends only with five ballots (or everyone's): fewer would show how the few chose.
    expect(await codeOf(closeElection(election._id, contextFor()))).toBe('TOO_FEW_BALLOTS_TO_CLOSE');
    for (const voter of eligible.slice(2, 7)) expect(await codeOf(castBallot({ electionId: election._id, choices: [eligible[0]!] }, contextFor(voter)))).toBe('accepted');
    expect(await codeOf(closeElection(election._id, contextFor()))).toBe('accepted');
    now = new Date('2026-04-03T00:00:01Z');
    expect(await codeOf(castBallot({ electionId: election._id, choices: [eligible[0]!] }, contextFor(eligible[1])))).toBe('ELECTION_CLOSED');
    expect((await publishResult(election._id, contextFor())).result).toMatchObject({ ballots: 5, voters: 5 });
  });

  it('closes and publishes in one request (one context), the second change replacing what the first wrote', async () => {
    now = new Date('2026-05-01T00:00:00Z');
    const request = contextFor();
    const election = await createGuildElection({ unionId, seats: 1, opensAt: '2026-04-30T08:00Z', closesAt: '2026-05-03T08:00Z', candidateNationalCodes: [eligible[0]!] }, request);
    const voters = eligibleAt(now)
      .filter((code) => code !== eligible[0])
      .slice(0, 5);
    for (const voter of voters) expect(await codeOf(castBallot({ electionId: election._id, choices: [eligible[0]!] }, contextFor(voter)))).toBe('accepted');
    expect(await codeOf(closeElection(election._id, request))).toBe('accepted');
    expect((await publishResult(election._id, request)).result).toMatchObject({ ballots: 5, voters: 5 });
  });

  it('refuses a withdrawal while voting is open with a ballot cast, and counts every ballot for one recorded once voting ends', async () => {
    const opens = new Date('2026-03-02T04:30:00Z');
    const members = eligibleAt(opens);
    const [kept, early, late] = members as [string, string, string];
    const voters = members.slice(3, 9);
    expect(voters).toHaveLength(6);
    now = new Date('2026-02-25T00:00:00Z');
    const election = await createGuildElection(
      { unionId, seats: 2, opensAt: opens.toISOString(), closesAt: '2026-03-02T14:30:00Z', candidateNationalCodes: [kept, early, late] },
      contextFor(),
    );
    const vote = (voter: string, choices: string[]) => codeOf(castBallot({ electionId: election._id, choices }, contextFor(voter)));
    const withdraw = (nationalCode: string) => withdrawCandidate({ electionId: election._id, nationalCode, reason: 'انصراف کتبی داوطلب' }, contextFor());
    now = opens;
    // The first voter chooses `early`, who would withdraw right after: their votes would be a count of
    // that one ballot, withheld, yet told by the result (its ballots less the others' votes, at least).
    expect(await vote(voters[0]!, [early, late])).toBe('accepted');
    expect(await codeOf(withdraw(early))).toBe('CANDIDATE_CHANGE_WHILE_VOTING');
    for (const voter of voters.slice(1, 5)) expect(await vote(voter, [kept, late])).toBe('accepted');
    // Nor after five: the first five would be a group picked by the moment (four of them in league with the officer).
    expect(await codeOf(withdraw(late))).toBe('CANDIDATE_CHANGE_WHILE_VOTING');
    expect(await vote(voters[5]!, [kept])).toBe('accepted');
    // Once voting ends, the withdrawal is recorded, and its votes count every ballot.
    now = new Date('2026-03-02T14:30:00Z');
    expect(await codeOf(withdraw(late))).toBe('accepted');
    const { result } = await publishResult(election._id, contextFor());
    expect(result!.tallies).toEqual([
      { nationalCode: kept, votes: 5, elected: true },
      { nationalCode: early, votes: 1, elected: true },
      { nationalCode: late, votes: 5, elected: false, excluded: true },
    ]);
  });

  it('counts a member only while a licence is valid: one recorded ACTIVE but lapsed by date may neither vote nor stand', async () => {
    const later = new Date('2026-09-01T04:30:00Z');
    const stillEligible = eligibleAt(later);
    const lapsed = eligible.filter((code) => !stillEligible.includes(code));
    expect(lapsed.length).toBeGreaterThan(0);
    expect(stillEligible.length).toBeGreaterThan(2);
    const lapsedUnits = unitsOfUnion.filter((u) => u.ownerNationalCode === lapsed[0]);
    expect(lapsedUnits.every((u) => u.status !== 'ACTIVE' || u.validUntil < later)).toBe(true);
    expect(lapsedUnits.some((u) => u.status === 'ACTIVE')).toBe(true);

    now = new Date('2026-09-01T00:00:00Z');
    expect(
      await codeOf(createGuildElection({ unionId, seats: 1, opensAt: later.toISOString(), closesAt: '2026-09-01T14:30:00Z', candidateNationalCodes: [lapsed[0]!] }, contextFor())),
    ).toBe('BAD_USER_INPUT');
    const election = await createGuildElection(
      { unionId, seats: 1, opensAt: later.toISOString(), closesAt: '2026-09-01T14:30:00Z', candidateNationalCodes: stillEligible.slice(0, 1) },
      contextFor(),
    );
    now = later;
    expect(await codeOf(castBallot({ electionId: election._id, choices: [stillEligible[0]!] }, contextFor(lapsed[0])))).toBe('NOT_ELIGIBLE_TO_VOTE');
    expect(await codeOf(castBallot({ electionId: election._id, choices: [stillEligible[0]!] }, contextFor(stillEligible[1])))).toBe('accepted');
  });
});
