import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { recordName, SEED_PEOPLE } from '../../shared/demo/people';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { ballotChoiceOf } from '../../subgraphs/guilds/elections/ballot-choice';
import { NO_CHOICE } from '../../subgraphs/guilds/elections/ballot-slots';
import { testToken } from '../support/auth';
import { renewDemoLicences } from '../support/guild-licences';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

const demo = guildsDemoData();
const unionOf = (n: number) => `guilds:fars-union-${String(n).padStart(3, '0')}`;
/**
 * Owners of active units of a union (eligible once the suite has renewed those licences, see
 * RENEWED_UNIONS), and owners of only suspended or expired ones there (not eligible).
 */
function membersOf(unionId: string) {
  const units = demo.guildUnits.filter((unit) => unit.unionId === unionId);
  const eligible = [...new Set(units.filter((u) => u.status === 'ACTIVE').map((u) => u.ownerNationalCode))].sort();
  const inactiveOnly = [...new Set(units.filter((u) => u.status !== 'ACTIVE').map((u) => u.ownerNationalCode))].filter((c) => !eligible.includes(c));
  return { eligible, inactiveOnly };
}
/** A candidate of a demo election. */
const demoCandidate = (electionId: string): string =>
  (demo.extra!.find((c) => c.collection === 'election_candidates')!.documents as unknown as { electionId: string; nationalCode: string }[]).find(
    (c) => c.electionId === electionId,
  )!.nationalCode;
/** The unions whose active units' licences the suite renews first (renewDemoLicences): a voter needs a licence valid on the day. */
const RENEWED_UNIONS = [2, 7, 8];
/** An instant `minutes` from now, as an ISO string the API reads (Z offset). */
const fromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateGuildElectionInput!) {
    createGuildElection(input: $input) { id status seats chamber { id } candidates { fullName licenceNumber } supervisors { nationalCode } }
  }
`;
const CAST = /* GraphQL */ `
  mutation Cast($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt election { id ballotsCast } } }
`;
const ELECTION = /* GraphQL */ `
  query Election($id: ID!) {
    guildElection(id: $id) {
      id status ballotsCast eligibleVoterCount
      result { ballots voters eligibleVoters tieForLastSeat seatsLeftToTieBreak tallies { votes elected candidate { person { nationalCode } } } elected { fullName } }
    }
  }
`;
const CLOSE = `mutation Close($id: ID!) { closeGuildElection(input: { electionId: $id }) { id status endsAt } }`;
const PUBLISH = `mutation Publish($id: ID!) { publishGuildElectionResult(input: { electionId: $id }) { id status result { ballots voters } } }`;

interface ElectionView {
  id: string;
  status: string;
  ballotsCast: number;
  eligibleVoterCount: number;
  result: null | {
    ballots: number;
    voters: number;
    eligibleVoters: number;
    tieForLastSeat: boolean;
    seatsLeftToTieBreak: number;
    tallies: { votes: number; elected: boolean; candidate: { person: { nationalCode: string } } }[];
    elected: { fullName: string }[];
  };
}

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`guild union elections through the gateway, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let admin: string;
    const databases = perAssociationDatabases(candidate);
    const voterToken = (nationalCode: string) => testToken([], { subject: nationalCode });
    const election = async (id: string, token = admin) => {
      const { data, errors } = await graph.query<{ guildElection: ElectionView }>(ELECTION, { id }, token);
      expect(errors).toBeUndefined();
      return data!.guildElection;
    };
    const stored = (collection: string, filter: Record<string, unknown>) => graph.stores.guilds.collection(collection).find(filter);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
      await renewDemoLicences(graph, admin, RENEWED_UNIONS.map(unionOf));
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('shows the five published elections of the provincial centre, supervised by officials, each tally equal to its ballots', async () => {
      const { data, errors } = await graph.query<{
        guildElections: {
          totalCount: number;
          nodes: {
            id: string;
            union: { id: string; guilds: { roles: { bodyKind: string; person: { nationalCode: string } }[] } };
            supervisors: { guilds: { fullName: string; standing: string } }[];
            eligibleVoterCount: number;
            eligibleVoterCountFixed: boolean;
            boardTerm: { id: string; current: boolean; seats: { person: { nationalCode: string } }[]; union: { guilds: { boardTerm: { id: string } } } };
            result: ElectionView['result'];
          }[];
        };
      }>(
        `{ guildElections(chamberId: "guilds:fars-chamber", status: PUBLISHED) { totalCount nodes { id union { id guilds { roles { bodyKind person { nationalCode } } } } supervisors { guilds { fullName standing } }
           eligibleVoterCount eligibleVoterCountFixed boardTerm { id current seats { person { nationalCode } } union { guilds { boardTerm { id } } } }
           result { ballots voters eligibleVoters tieForLastSeat tallies { votes elected candidate { person { nationalCode } } } elected { fullName } } } } }`,
        undefined,
        admin,
      );
      expect(errors).toBeUndefined();
      expect(data!.guildElections.totalCount).toBe(5);
      expect(data!.guildElections.nodes).toHaveLength(5);
      for (const node of data!.guildElections.nodes) {
        expect(node.supervisors.map((s) => s.guilds)).toEqual([
          { fullName: recordName(SEED_PEOPLE.mahmoudzadeh), standing: 'OFFICIAL' },
          { fullName: recordName(SEED_PEOPLE.golpour), standing: 'OFFICIAL' },
        ]);
        const result = node.result!;
        const ballots = await stored('election_ballots', { electionId: node.id, filled: 1 });
        expect(result.ballots).toBe(ballots.length);
        expect(result.voters).toBe((await stored('election_voters', { electionId: node.id })).length);
        expect(result.ballots).toBeLessThanOrEqual(result.eligibleVoters);
        // Each candidate's votes are the ballots naming them; the elected are the union's board in the roles.
        for (const tally of result.tallies) {
          const code = tally.candidate.person.nationalCode;
          expect(tally.votes).toBe(ballots.filter((b) => (b as unknown as { choices: string[] }).choices.includes(code)).length);
        }
        const board = node.boardTerm.seats.map((seat) => seat.person.nationalCode).sort();
        expect(board).toHaveLength(5);
        expect(
          result.tallies
            .filter((t) => t.elected)
            .map((t) => t.candidate.person.nationalCode)
            .sort(),
        ).toEqual(board);
        expect(result.elected).toHaveLength(5);
        // The board those elections installed is the union's board in office, and its roles list it.
        expect(node.boardTerm).toMatchObject({ current: true, union: { guilds: { boardTerm: { id: node.boardTerm.id } } } });
        const roles = node.union.guilds.roles
          .filter((role) => role.bodyKind === 'BOARD')
          .map((role) => role.person.nationalCode)
          .sort();
        expect(roles).toEqual(board);
        // Its eligible voters are those of its day, kept with it: not today's members.
        expect(node.eligibleVoterCount).toBe(result.eligibleVoters);
        expect(node.eligibleVoterCountFixed).toBe(true);
      }
    });

    it("keeps a past election's eligible-voter count, which today's members no longer match", async () => {
      const { data, errors } = await graph.query<{
        guildElection: { eligibleVoterCount: number; eligibleVoterCountAsOf: string; eligibleVoterCountFixed: boolean; endsAt: string };
      }>(`{ guildElection(id: "guilds:election-fars-union-001-2020-05-01") { eligibleVoterCount eligibleVoterCountAsOf eligibleVoterCountFixed endsAt } }`);
      expect(errors).toBeUndefined();
      const elections = demo.extra!.find((c) => c.collection === 'elections')!.documents as unknown as { _id: string; eligibleVotersAtClose: number }[];
      const kept = elections.find((e) => e._id === 'guilds:election-fars-union-001-2020-05-01')!.eligibleVotersAtClose;
      expect(data!.guildElection).toEqual({
        eligibleVoterCount: kept,
        eligibleVoterCountAsOf: data!.guildElection.endsAt,
        eligibleVoterCountFixed: true,
        endsAt: data!.guildElection.endsAt,
      });
      // Today the union counts the members whose licences are valid now (none renewed here): another figure.
      const today = new Date().toISOString().slice(0, 10);
      const validToday = demo.guildUnits.filter(
        (u) => u.unionId === unionOf(1) && u.issuedOn.toISOString().slice(0, 10) <= today && today <= u.validUntil.toISOString().slice(0, 10) && !u.suspendedOn && !u.revokedOn,
      );
      expect(new Set(validToday.map((u) => u.ownerNationalCode)).size).toBeLessThan(kept);
    });

    it('filters elections by year, in either calendar, and by province in any spelling', async () => {
      type Page = { guildElections: { totalCount: number; nodes: { id: string; votingDay: { jalali: string } }[] } };
      const ids = async (filters: string) => {
        const { data, errors } = await graph.query<Page>(`{ guildElections(first: 100, ${filters}) { totalCount nodes { id votingDay { jalali } } } }`);
        expect(errors).toBeUndefined();
        return data!.guildElections.nodes.map((n) => n.id);
      };
      const of1399 = await ids('year: 1399');
      expect(of1399).toHaveLength(5);
      expect(of1399.every((id) => /^guilds:election-fars-union-00[1-5]-2020-/.test(id))).toBe(true);
      expect(await ids('year: 2020')).toEqual(of1399);
      expect(await ids('year: 1406')).toEqual(['guilds:election-fars-union-006-2027-05-10']);
      expect(await ids('year: 2027, status: SCHEDULED')).toEqual(['guilds:election-fars-union-006-2027-05-10']);
      expect(await ids('year: 1398')).toEqual([]);
      const fars = await ids('province: "فارس"');
      expect(fars).toEqual(expect.arrayContaining([...of1399, 'guilds:election-fars-union-006-2027-05-10']));
      expect(await ids('province: " فارس ", year: 1399')).toEqual(of1399);
      expect(await ids('province: "تهران"')).toEqual([]);
      for (const bad of ['year: 99999', 'year: 1100', 'province: ""']) {
        const { errors } = await graph.query(`{ guildElections(${bad}) { totalCount } }`);
        expect({ bad, code: errors?.[0]?.extensions?.code }).toEqual({ bad, code: 'BAD_USER_INPUT' });
      }
    });

    it('pages elections by keyset with filters and a total count', async () => {
      type Page = { guildElections: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string; status: string }[] } };
      const query = `query P($after: String) { guildElections(first: 2, after: $after, chamberId: "guilds:fars-chamber") { totalCount pageInfo { hasNextPage endCursor } nodes { id status } } }`;
      const ids: string[] = [];
      let after: string | undefined;
      for (let page = 0; page < 20; page += 1) {
        const { data, errors } = await graph.query<Page>(query, { after });
        expect(errors).toBeUndefined();
        ids.push(...data!.guildElections.nodes.map((n) => n.id));
        if (!data!.guildElections.pageInfo.hasNextPage) break;
        after = data!.guildElections.pageInfo.endCursor;
      }
      const total = (await graph.query<Page>(query)).data!.guildElections.totalCount;
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      expect([...ids].sort()).toEqual(ids);
      const scheduled = await graph.query<Page>(`{ guildElections(status: SCHEDULED) { totalCount nodes { id status } } }`);
      expect(scheduled.data!.guildElections.nodes.map((n) => n.status)).toEqual(Array(scheduled.data!.guildElections.totalCount).fill('SCHEDULED'));
      expect(scheduled.data!.guildElections.nodes.map((n) => n.id)).toContain('guilds:election-fars-union-006-2027-05-10');
      const none = await graph.query<Page>(`{ guildElections(unionId: "guilds:fars-union-012") { totalCount nodes { id } } }`);
      expect(none.data!.guildElections).toMatchObject({ totalCount: 0, nodes: [] });
    });

    it('refuses a ballot in an election whose voting ended (a demo election of 1399)', async () => {
      const { eligible } = membersOf(unionOf(1));
      const { data, errors } = await graph.query(CAST, { input: { electionId: 'guilds:election-fars-union-001-2020-05-01', choices: [] } }, await voterToken(eligible[0]!));
      expect(data).toBeNull();
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT'); // no choice named: the input is checked first
      const late = await graph.query(
        CAST,
        { input: { electionId: 'guilds:election-fars-union-001-2020-05-01', choices: [demoCandidate('guilds:election-fars-union-001-2020-05-01')] } },
        await voterToken(eligible[0]!),
      );
      expect(late.errors?.[0]?.extensions?.code).toBe('ELECTION_CLOSED');
    });

    it('refuses a ballot before voting opens, and adds candidates only until then', async () => {
      const { eligible } = membersOf(unionOf(8));
      const created = await graph.query<{ createGuildElection: { id: string; status: string } }>(
        CREATE,
        { input: { unionId: unionOf(8), seats: 3, opensAt: fromNow(60 * 24), closesAt: fromNow(60 * 25), candidateNationalCodes: eligible.slice(0, 2) } },
        admin,
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.createGuildElection.id;
      expect(created.data!.createGuildElection.status).toBe('SCHEDULED');
      const early = await graph.query(CAST, { input: { electionId: id, choices: [eligible[0]] } }, await voterToken(eligible[3]!));
      expect(early.errors?.[0]?.extensions?.code).toBe('ELECTION_NOT_OPEN_YET');
      const ADD = `mutation Add($input: AddGuildElectionCandidateInput!) { addGuildElectionCandidate(input: $input) { fullName person { nationalCode } } }`;
      const added = await graph.query<{ addGuildElectionCandidate: { person: { nationalCode: string } } }>(ADD, { input: { electionId: id, nationalCode: eligible[2] } }, admin);
      expect(added.errors).toBeUndefined();
      expect(added.data!.addGuildElectionCandidate.person.nationalCode).toBe(eligible[2]);
      const twice = await graph.query(ADD, { input: { electionId: id, nationalCode: eligible[2] } }, admin);
      expect(twice.errors?.[0]?.message).toMatch(/nationalCode: .* already stands/);
      const official = await graph.query(ADD, { input: { electionId: id, nationalCode: SEED_PEOPLE.golpour.nationalCode } }, admin);
      expect(official.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(official.errors?.[0]?.message).toMatch(/owns no active guild unit/);
      const open = await graph.query(ADD, { input: { electionId: 'guilds:election-fars-union-001-2020-05-01', nationalCode: membersOf(unionOf(1)).eligible[0] } }, admin);
      expect(open.errors?.[0]?.message).toMatch(/candidates are fixed/);
      expect((await election(id)).ballotsCast).toBe(0);
    });

    it('reports every problem of a bad election at once, and writes nothing', async () => {
      const count = async () => (await graph.query<{ guildElections: { totalCount: number } }>('{ guildElections { totalCount } }')).data!.guildElections.totalCount;
      const before = await count();
      const { errors } = await graph.query(
        CREATE,
        {
          input: {
            unionId: 'guilds:fars-chamber',
            seats: 0,
            opensAt: '1404-13-01T08:00+03:30',
            closesAt: '2020-01-01 08:00',
            supervisorNationalCodes: [SEED_PEOPLE.dabiri.nationalCode, '123'],
            candidateNationalCodes: [withIranianCheckDigit('006123470')],
          },
        },
        admin,
      );
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const fields = (errors?.[0]?.extensions?.problems as { field: string }[]).map((p) => p.field);
      for (const field of ['unionId', 'seats', 'opensAt', 'closesAt', 'supervisorNationalCodes', 'supervisorNationalCodes[1]']) expect(fields).toContain(field);
      const past = await graph.query(CREATE, { input: { unionId: unionOf(10), seats: 5, opensAt: '1399-02-12T08:00+04:30', closesAt: '1399-02-12T18:00+04:30' } }, admin);
      expect(past.errors?.[0]?.message).toMatch(/closesAt: is already past/);
      const forbidden = await graph.query(
        CREATE,
        { input: { unionId: unionOf(10), seats: 5, opensAt: fromNow(1), closesAt: fromNow(60) } },
        await testToken([PERSONAL_READ_SCOPE]),
      );
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await count()).toBe(before);
    });

    it("publishes no count of fewer than five ballots, however voting ended: an admin who suspends every licence but one voter's learns nothing", async () => {
      const unionId = unionOf(8);
      const { eligible } = membersOf(unionId);
      const voter = eligible[2]!;
      const created = await graph.query<{ createGuildElection: { id: string } }>(
        CREATE,
        { input: { unionId, seats: 1, opensAt: fromNow(-1), closesAt: fromNow(60), candidateNationalCodes: eligible.slice(0, 2) } },
        admin,
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.createGuildElection.id;
      expect((await graph.query(CAST, { input: { electionId: id, choices: [eligible[0]] } }, await voterToken(voter))).errors).toBeUndefined();
      // Every other member's licence suspended (guilds:admin alone may): the one ballot is every eligible member's, so voting may end.
      const others = demo.guildUnits.filter((unit) => unit.unionId === unionId && unit.status === 'ACTIVE' && unit.ownerNationalCode !== voter);
      for (const unit of others) {
        const suspended = await graph.query(`mutation { changeGuildUnitLicenceStanding(input: { licenceNumber: "${unit._id}", change: SUSPEND }) { status } }`, undefined, admin);
        expect(suspended.errors).toBeUndefined();
      }
      expect(await election(id)).toMatchObject({ eligibleVoterCount: 1, ballotsCast: 1 });
      expect((await graph.query(CLOSE, { id }, admin)).errors).toBeUndefined();
      const publish = await graph.query(PUBLISH, { id }, admin);
      expect(publish.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_FEW_BALLOTS_TO_PUBLISH', messageId: 'PUBLISH_TOO_FEW_BALLOTS' });
      expect(publish.errors?.[0]?.message).toMatch(/1 ballots, fewer than the 5 a result needs/);
      expect(await election(id)).toMatchObject({ status: 'CLOSED', result: null });
      for (const unit of others) {
        const reinstated = await graph.query(
          `mutation { changeGuildUnitLicenceStanding(input: { licenceNumber: "${unit._id}", change: REINSTATE }) { status } }`,
          undefined,
          admin,
        );
        expect(reinstated.errors).toBeUndefined();
      }
    });

    describe('an election open now', () => {
      const unionId = unionOf(7);
      const { eligible, inactiveOnly } = membersOf(unionId);
      const candidates = eligible.slice(0, 3);
      const voters = eligible.slice(3);
      let id: string;
      let accepted = 0;

      beforeAll(async () => {
        const { data, errors } = await graph.query<{ createGuildElection: { id: string; status: string; chamber: { id: string } } }>(
          CREATE,
          {
            input: {
              unionId,
              seats: 2,
              opensAt: fromNow(-1),
              closesAt: fromNow(60 * 24),
              supervisorNationalCodes: [SEED_PEOPLE.mahmoudzadeh.nationalCode, SEED_PEOPLE.golpour.nationalCode],
              candidateNationalCodes: candidates,
            },
          },
          admin,
        );
        expect(errors).toBeUndefined();
        expect(data!.createGuildElection).toMatchObject({ status: 'OPEN', chamber: { id: 'guilds:fars-chamber' } });
        id = data!.createGuildElection.id;
      });

      it('accepts a ballot from an eligible member, signed in as themselves, naming candidates by what they may read', async () => {
        const token = await voterToken(voters[0]!);
        // A voter holds no personal:read: the candidates' codes are refused, their ballot choices are not.
        const codes = await graph.query(`{ guildElection(id: "${id}") { candidates { person { nationalCode } } } }`, undefined, token);
        expect(codes.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        const ballotPaper = await graph.query<{ guildElection: { candidates: { fullName: string; ballotChoice: string }[] } }>(
          `{ guildElection(id: "${id}") { candidates { fullName ballotChoice } } }`,
          undefined,
          token,
        );
        expect(ballotPaper.errors).toBeUndefined();
        const choices = ballotPaper.data!.guildElection.candidates.map((candidate) => candidate.ballotChoice);
        expect(new Set(choices).size).toBe(candidates.length);
        for (const choice of choices) for (const code of candidates) expect(choice).not.toContain(code);
        const { data, errors } = await graph.query<{ castGuildElectionBallot: { election: { ballotsCast: number } } }>(
          CAST,
          { input: { electionId: id, choices: choices.slice(0, 2) } },
          token,
        );
        expect(errors).toBeUndefined();
        accepted += 1;
        expect(data!.castGuildElectionBallot.election.ballotsCast).toBe(accepted);
      });

      it('keeps who voted apart from what they voted', async () => {
        const [voter] = await stored('election_voters', { electionId: id, nationalCode: voters[0] });
        // Every document a write makes carries a revision of its own, drawn at random: nothing ties the two.
        expect(Object.keys(voter!).sort()).toEqual(['_id', '_rev', 'electionId', 'nationalCode', 'votedAt']);
        const ballots = await stored('election_ballots', { electionId: id, filled: 1 });
        expect(ballots).toHaveLength(accepted);
        // A ballot is a slot made with the election (see ballot-slots.ts): its number, election, choices and revision, nothing of the voter.
        for (const ballot of ballots) {
          expect(Object.keys(ballot).sort()).toEqual(['_id', '_rev', 'choices', 'electionId', 'filled']);
          expect(JSON.stringify(ballot)).not.toContain(voters[0]!);
          expect((ballot as { _rev?: string })._rev).not.toBe((voter as { _rev?: string })._rev);
        }
        // Nor does the record of earlier versions: a dated copy of the empty slot a ballot filled would say when that slot was filled.
        expect(await stored('_revisions', { collection: { $in: ['election_voters', 'election_ballots'] } })).toEqual([]);
      });

      it('refuses a second ballot by the same voter', async () => {
        const { data, errors } = await graph.query(CAST, { input: { electionId: id, choices: [candidates[2]] } }, await voterToken(voters[0]!));
        expect(data).toBeNull();
        expect(errors?.[0]?.extensions?.code).toBe('ALREADY_VOTED');
        expect((await election(id)).ballotsCast).toBe(accepted);
      });

      it('lets exactly one of many simultaneous ballots by one voter through', async () => {
        const token = await voterToken(voters[1]!);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => graph.query(CAST, { input: { electionId: id, choices: [candidates[i % candidates.length]] } }, token)),
        );
        expect(results.filter((r) => !r.errors)).toHaveLength(1);
        for (const refused of results.filter((r) => r.errors)) expect(refused.errors?.[0]?.extensions?.code).toBe('ALREADY_VOTED');
        accepted += 1;
        expect(await stored('election_voters', { electionId: id, nationalCode: voters[1] })).toHaveLength(1);
        expect(await stored('election_ballots', { electionId: id, filled: 1 })).toHaveLength(accepted);
        expect((await election(id)).ballotsCast).toBe(accepted);
      });

      it('accepts simultaneous ballots of different voters, each once', async () => {
        const others = voters.slice(2);
        const results = await Promise.all(others.map(async (code, i) => graph.query(CAST, { input: { electionId: id, choices: [candidates[i % 3]] } }, await voterToken(code))));
        expect(results.map((r) => r.errors)).toEqual(others.map(() => undefined));
        accepted += others.length;
        expect((await election(id)).ballotsCast).toBe(accepted);
      });

      it('refuses the ineligible, unsigned and bad ballots, writing nothing', async () => {
        const refuse = async (token: string | undefined, choices: unknown[]) => (await graph.query(CAST, { input: { electionId: id, choices } }, token)).errors?.[0];
        expect(inactiveOnly.length).toBeGreaterThan(0);
        expect((await refuse(await voterToken(inactiveOnly[0]!), [candidates[0]]))?.extensions?.code).toBe('NOT_ELIGIBLE_TO_VOTE');
        expect((await refuse(await voterToken(membersOf(unionOf(9)).eligible.find((c) => !eligible.includes(c))!), [candidates[0]]))?.extensions?.code).toBe(
          'NOT_ELIGIBLE_TO_VOTE',
        );
        expect((await refuse(await voterToken(SEED_PEOPLE.mahmoudzadeh.nationalCode), [candidates[0]]))?.extensions?.code).toBe('NOT_ELIGIBLE_TO_VOTE');
        expect((await refuse(await testToken([], { subject: 'tester' }), [candidates[0]]))?.extensions?.code).toBe('NOT_ELIGIBLE_TO_VOTE');
        expect((await refuse(undefined, [candidates[0]]))?.extensions?.code).toBe('UNAUTHENTICATED');
        // A candidate, who may vote and has not: the choices are read only for someone who may vote now.
        const last = await voterToken(candidates[2]!);
        const problemsOf = (error: Awaited<ReturnType<typeof refuse>>) =>
          (error?.extensions?.problems as { field: string; messageId: string }[]).map((p) => [p.field, p.messageId]);
        const bad = await refuse(last, [ballotChoiceOf(id, candidates[0]!), 'choice-of-nobody']);
        expect(bad?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(problemsOf(bad)).toEqual([['choices[1]', 'BALLOT_NOT_A_CANDIDATE']]);
        expect(problemsOf(await refuse(last, [ballotChoiceOf(id, candidates[0]!), ballotChoiceOf(id, candidates[0]!)]))).toEqual([['choices[1]', 'BALLOT_NAMED_TWICE']]);
        // More choices than seats: refused for that alone, whom the choices name not read (a ballot that can never be cast is no oracle).
        expect(problemsOf(await refuse(last, [ballotChoiceOf(id, candidates[0]!), ballotChoiceOf(id, candidates[0]!), 'choice-of-nobody']))).toEqual([
          ['choices', 'BALLOT_TOO_MANY_CHOICES'],
        ]);
        // Named by national code by a voter who may not read them, the wrong choices are not told apart (no oracle on codes).
        const byCode = await refuse(last, [candidates[0], '0061234508']);
        expect(byCode?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(problemsOf(byCode)).toEqual([['choices', 'BALLOT_CHOICES_REFUSED']]);
        expect((await election(id)).ballotsCast).toBe(accepted);
        expect(await stored('election_ballots', { electionId: id, filled: 1 })).toHaveLength(accepted);
      });

      it('publishes no result while voting is open', async () => {
        const early = await graph.query(PUBLISH, { id }, admin);
        expect(early.errors?.[0]?.extensions?.code).toBe('ELECTION_NOT_CLOSED');
        const view = await election(id);
        expect(view).toMatchObject({ status: 'OPEN', result: null });
      });

      it('closes voting, then refuses ballots, then publishes a tally equal to the accepted ballots', async () => {
        const closed = await graph.query<{ closeGuildElection: { status: string } }>(CLOSE, { id }, admin);
        expect(closed.errors).toBeUndefined();
        expect(closed.data!.closeGuildElection.status).toBe('CLOSED');
        expect((await election(id)).result).toBeNull();
        const late = await graph.query(CAST, { input: { electionId: id, choices: [candidates[0]] } }, await voterToken(eligible[eligible.length - 1]!));
        expect(late.errors?.[0]?.extensions?.code).toBe('ELECTION_CLOSED');
        expect((await graph.query(CLOSE, { id }, admin)).errors?.[0]?.extensions?.code).toBe('ELECTION_CLOSED');

        const published = await graph.query(PUBLISH, { id }, admin);
        expect(published.errors).toBeUndefined();
        const view = await election(id);
        expect(view.status).toBe('PUBLISHED');
        expect(view.result).toMatchObject({ ballots: accepted, voters: accepted, eligibleVoters: eligible.length });
        const ballots = (await stored('election_ballots', { electionId: id, filled: 1 })) as unknown as { choices: string[] }[];
        for (const tally of view.result!.tallies) {
          expect(tally.votes).toBe(ballots.filter((b) => b.choices.includes(tally.candidate.person.nationalCode)).length);
        }
        expect(view.result!.tallies.reduce((sum, t) => sum + t.votes, 0)).toBe(ballots.reduce((sum, b) => sum + b.choices.filter((c) => c !== NO_CHOICE).length, 0));
        // Two seats: elected by the count, or left to the supervisors when the last one tied.
        expect(view.result!.tallies.filter((t) => t.elected).length + view.result!.seatsLeftToTieBreak).toBe(2);
        expect((await graph.query(PUBLISH, { id }, admin)).errors?.[0]?.extensions?.code).toBe('RESULT_ALREADY_PUBLISHED');
      });
    });

    describe('from call to installed board: a withdrawal, a disqualification, a tie broken by lot, the board installed', () => {
      const unionId = unionOf(2);
      const { eligible } = membersOf(unionId);
      const [a, b, c, d, e] = eligible as [string, string, string, string, string];
      const voters = eligible.slice(5, 8);
      const mahmoudzadeh = SEED_PEOPLE.mahmoudzadeh.nationalCode;
      const golpour = SEED_PEOPLE.golpour.nationalCode;
      let id: string;
      const writes = () => graph.stores.guilds.totalWrites;
      /** Sends a mutation expected to be refused, and checks its code and that the guilds store was not written. */
      const refused = async (mutation: string, variables: Record<string, unknown>, code: string) => {
        const before = writes();
        const { errors } = await graph.query(mutation, variables, admin);
        expect({ code: errors?.[0]?.extensions?.code, written: writes() - before }).toEqual({ code, written: 0 });
        return errors![0]!;
      };
      const fieldsOf = (error: { extensions?: Record<string, unknown> }) => (error.extensions!.problems as { field: string }[]).map((p) => p.field);
      const WITHDRAW = `mutation W($input: WithdrawGuildElectionCandidateInput!) { withdrawGuildElectionCandidate(input: $input) { status statusChange { status reason at decidedBy { nationalCode } recordedBy } } }`;
      const DISQUALIFY = `mutation D($input: DisqualifyGuildElectionCandidateInput!) { disqualifyGuildElectionCandidate(input: $input) { status statusChange { status reason decidedBy { guilds { fullName } } recordedBy } } }`;
      const TIE_BREAK = `mutation T($input: RecordGuildElectionTieBreakInput!) { recordGuildElectionTieBreak(input: $input) {
        result { elected { person { nationalCode } } seatsLeftToTieBreak tallies { elected candidate { person { nationalCode } } }
          tieBreak { method rule chosen { person { nationalCode } } decidedBy { guilds { fullName } } decidedAt recordedBy note } } } }`;
      const INSTALL = `mutation I($input: InstallGuildUnionBoardInput!) { installGuildUnionBoard(input: $input) {
        id current startsOn { iso } endedOn { iso } installedBy election { id } seats { person { nationalCode } position since { iso } until { iso } } } }`;
      const RESULT = `query R($id: ID!) { guildElection(id: $id) { status eligibleVoterCount eligibleVoterCountFixed
        candidates { person { nationalCode } status statusChange { status reason } }
        result { eligibleVoters tieForLastSeat seatsLeftToTieBreak tiedForLastSeat { person { nationalCode } } elected { person { nationalCode } }
          tallies { votes elected counted candidate { person { nationalCode } } } tieBreak { method } } } }`;
      type Result = {
        status: string;
        eligibleVoterCount: number;
        eligibleVoterCountFixed: boolean;
        candidates: { person: { nationalCode: string }; status: string; statusChange: { status: string; reason: string } | null }[];
        result: null | {
          eligibleVoters: number;
          tieForLastSeat: boolean;
          seatsLeftToTieBreak: number;
          tiedForLastSeat: { person: { nationalCode: string } }[];
          elected: { person: { nationalCode: string } }[];
          tallies: { votes: number; elected: boolean; counted: boolean; candidate: { person: { nationalCode: string } } }[];
          tieBreak: { method: string } | null;
        };
      };
      const read = async () => {
        const { data, errors } = await graph.query<{ guildElection: Result }>(RESULT, { id }, admin);
        expect(errors).toBeUndefined();
        return data!.guildElection;
      };
      const codes = (list: { person: { nationalCode: string } }[]) => list.map((x) => x.person.nationalCode);
      const vote = async (voter: string, choices: string[]) => graph.query(CAST, { input: { electionId: id, choices } }, await voterToken(voter));

      beforeAll(async () => {
        expect(voters).toHaveLength(3);
        const { data, errors } = await graph.query<{ createGuildElection: { id: string } }>(
          CREATE,
          {
            input: {
              unionId,
              seats: 2,
              opensAt: fromNow(-1),
              closesAt: fromNow(60 * 24),
              supervisorNationalCodes: [mahmoudzadeh, golpour],
              candidateNationalCodes: [a, b, c, d, e],
            },
          },
          admin,
        );
        expect(errors).toBeUndefined();
        id = data!.createGuildElection.id;
      });

      it('disqualifies a candidate with a reason and the deciding supervisors, and refuses bad changes writing nothing', async () => {
        const bad = await refused(DISQUALIFY, { input: { electionId: id, nationalCode: e, reason: '', decidedBy: [SEED_PEOPLE.dabiri.nationalCode] } }, 'BAD_USER_INPUT');
        expect(fieldsOf(bad)).toEqual(['reason', 'decidedBy[0]']);
        const stranger = await refused(WITHDRAW, { input: { electionId: id, nationalCode: voters[0], reason: 'انصراف کتبی' } }, 'BAD_USER_INPUT');
        expect(stranger.message).toMatch(/nationalCode: .* is not a candidate/);
        expect(
          (
            await graph.query(
              DISQUALIFY,
              { input: { electionId: id, nationalCode: e, reason: 'عدم احراز شرایط عضویت در هیئت مدیره', decidedBy: [mahmoudzadeh] } },
              await testToken([PERSONAL_READ_SCOPE]),
            )
          ).errors?.[0]?.extensions?.code,
        ).toBe('FORBIDDEN');

        const { data, errors } = await graph.query<{ disqualifyGuildElectionCandidate: unknown }>(
          DISQUALIFY,
          { input: { electionId: id, nationalCode: e, reason: 'عدم احراز شرایط عضویت در هیئت مدیره', decidedBy: [mahmoudzadeh] } },
          admin,
        );
        expect(errors).toBeUndefined();
        expect(data!.disqualifyGuildElectionCandidate).toEqual({
          status: 'DISQUALIFIED',
          statusChange: {
            status: 'DISQUALIFIED',
            reason: 'عدم احراز شرایط عضویت در هیئت مدیره',
            decidedBy: [{ guilds: { fullName: recordName(SEED_PEOPLE.mahmoudzadeh) } }],
            recordedBy: 'tester',
          },
        });
        const refusedVote = await vote(voters[0]!, [ballotChoiceOf(id, e)]);
        expect(refusedVote.errors?.[0]?.message).toMatch(/choices\[0\]: .* was disqualified .* can no longer be voted for/);
        expect(((await vote(voters[0]!, [e])).errors?.[0]?.extensions?.problems as { messageId: string }[])[0]!.messageId).toBe('BALLOT_CHOICES_REFUSED');
      });

      it('refuses a withdrawal while voting is open with a ballot cast, whose votes would be a count of the ballots until a moment someone chose', async () => {
        expect((await vote(voters[0]!, [a, d])).errors).toBeUndefined();
        // One ballot in the box: d's votes would be a count of that one ballot (withheld, the ballots
        // less the others' votes; shown, that voter's choice), and after five, of a group picked by the moment.
        const early = await refused(WITHDRAW, { input: { electionId: id, nationalCode: d, reason: 'انصراف کتبی داوطلب' } }, 'CANDIDATE_CHANGE_WHILE_VOTING');
        expect(early.extensions).toMatchObject({ messageId: 'CANDIDATE_CHANGE_WHILE_VOTING', params: { ballots: 1 } });
        expect((await vote(voters[1]!, [a, b])).errors).toBeUndefined();
        expect((await vote(voters[2]!, [a, c])).errors).toBeUndefined();
        const view = await read();
        expect(view.candidates.map((x) => [x.person.nationalCode, x.status])).toEqual([a, b, c, d, e].sort().map((code) => [code, code === e ? 'DISQUALIFIED' : 'STANDING']));
      });

      it('fixes the eligible-voter count when voting closes: later licences do not move it', async () => {
        const open = await read();
        expect(open).toMatchObject({ status: 'OPEN', eligibleVoterCountFixed: false });
        const beforeClose = open.eligibleVoterCount;
        // Three ballots are too few to end voting early: their result would show how those three chose.
        const early = await graph.query(CLOSE, { id }, admin);
        expect(early.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_FEW_BALLOTS_TO_CLOSE', messageId: 'CLOSE_TOO_FEW_BALLOTS' });
        expect((await read()).status).toBe('OPEN');
        // Two more, the union's last member and the disqualified candidate, for the candidate ahead (the tie for the last seat stays), make five.
        expect(eligible).toHaveLength(9);
        for (const voter of [eligible[8]!, e]) expect((await vote(voter, [a])).errors).toBeUndefined();
        expect((await graph.query(CLOSE, { id }, admin)).errors).toBeUndefined();
        // A member joins the union afterwards, with a licence issued before the close: today's count grows, the election's does not.
        const joined = await graph.query(
          'mutation R($input: RegisterGuildUnitInput!) { registerGuildUnit(input: $input) { licenceNumber } }',
          {
            input: {
              licenceNumber: `71-002-9${String(Date.now()).slice(-4)}`,
              name: 'نانوایی تازه',
              activity: 'نان سنگک',
              unionId,
              ownerNationalCode: withIranianCheckDigit('007300123'),
              ownerFullName: 'عضو تازه اتحادیه',
              issuedOn: '1404-01-15',
              validUntil: '1409-01-14',
            },
          },
          admin,
        );
        expect(joined.errors).toBeUndefined();
        const closed = await read();
        expect(closed).toMatchObject({ status: 'CLOSED', eligibleVoterCount: beforeClose, eligibleVoterCountFixed: true });
        const ahead = await graph.query<{ createGuildElection: { eligibleVoterCount: number } }>(
          `mutation C($input: CreateGuildElectionInput!) { createGuildElection(input: $input) { eligibleVoterCount } }`,
          { input: { unionId, seats: 5, opensAt: fromNow(60 * 24 * 3), closesAt: fromNow(60 * 24 * 4) } },
          admin,
        );
        expect(ahead.data!.createGuildElection.eligibleVoterCount).toBe(beforeClose + 1);
      });

      it('publishes a result with a tie for the last seat, leaving out the disqualified, whose votes would be a count of too few ballots, and showing uncounted those of one who withdrew after', async () => {
        await refused(TIE_BREAK, { input: { electionId: id, chosen: [b], method: 'LOT', decidedBy: [mahmoudzadeh] } }, 'NO_TIE_TO_BREAK');
        await refused(INSTALL, { input: { electionId: id, seats: [{ nationalCode: a, position: 'CHAIR' }] } }, 'RESULT_NOT_FINAL');
        // Voting has ended with five ballots: d's withdrawal is recorded now, and d's vote is shown and elects no one.
        const { data: withdrawn, errors } = await graph.query<{
          withdrawGuildElectionCandidate: { status: string; statusChange: { reason: string; decidedBy: unknown[]; recordedBy: string } };
        }>(WITHDRAW, { input: { electionId: id, nationalCode: d, reason: 'انصراف کتبی داوطلب' } }, admin);
        expect(errors).toBeUndefined();
        expect(withdrawn!.withdrawGuildElectionCandidate).toMatchObject({
          status: 'WITHDRAWN',
          statusChange: { reason: 'انصراف کتبی داوطلب', decidedBy: [], recordedBy: 'tester' },
        });
        expect((await refused(WITHDRAW, { input: { electionId: id, nationalCode: d, reason: 'انصراف دوباره' } }, 'BAD_USER_INPUT')).message).toMatch(/already withdrew/);
        expect((await graph.query(PUBLISH, { id }, admin)).errors).toBeUndefined();
        const { result, eligibleVoterCount } = await read();
        expect(result!.eligibleVoters).toBe(eligibleVoterCount);
        // d withdrew after the five ballots, e was disqualified before any: d's vote is shown, uncounted; e's none is left out.
        expect(result!.tallies.map((t) => [t.candidate.person.nationalCode, t.votes, t.elected, t.counted])).toEqual([
          [a, 5, true, true],
          ...[b, c].sort().map((code) => [code, 1, false, true]),
          [d, 1, false, false],
        ]);
        expect(result).toMatchObject({ tieForLastSeat: true, seatsLeftToTieBreak: 1, tieBreak: null });
        expect(codes(result!.tiedForLastSeat)).toEqual([b, c].sort());
        expect(codes(result!.elected)).toEqual([a]);
        await refused(WITHDRAW, { input: { electionId: id, nationalCode: b, reason: 'انصراف پس از شمارش' } }, 'BAD_USER_INPUT');
        await refused(INSTALL, { input: { electionId: id, seats: [{ nationalCode: a, position: 'CHAIR' }] } }, 'RESULT_NOT_FINAL');
      });

      it("records the supervisors' tie-break, who decided and how, and then names the elected", async () => {
        const bad = await refused(
          TIE_BREAK,
          { input: { electionId: id, chosen: [a], method: 'UNION_RULE', decidedBy: [SEED_PEOPLE.dabiri.nationalCode], decidedAt: '2999-01-01T08:00Z' } },
          'BAD_USER_INPUT',
        );
        expect(fieldsOf(bad)).toEqual(['chosen[0]', 'rule', 'decidedBy[0]', 'decidedAt']);
        const forbidden = await graph.query(
          TIE_BREAK,
          { input: { electionId: id, chosen: [c], method: 'LOT', decidedBy: [mahmoudzadeh] } },
          await testToken([PERSONAL_READ_SCOPE]),
        );
        expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

        const { data, errors } = await graph.query<{ recordGuildElectionTieBreak: { result: Result['result'] & { tieBreak: Record<string, unknown> } } }>(
          TIE_BREAK,
          { input: { electionId: id, chosen: [c], method: 'LOT', decidedBy: [mahmoudzadeh, golpour], note: 'قرعه‌کشی در حضور ناظران' } },
          admin,
        );
        expect(errors).toBeUndefined();
        const { result } = data!.recordGuildElectionTieBreak;
        expect(codes(result.elected)).toEqual([a, c]);
        expect(result.seatsLeftToTieBreak).toBe(0);
        expect(result.tallies.filter((t) => t.elected).map((t) => t.candidate.person.nationalCode)).toEqual([a, c]);
        expect(result.tieBreak).toMatchObject({
          method: 'LOT',
          rule: null,
          chosen: [{ person: { nationalCode: c } }],
          decidedBy: [{ guilds: { fullName: recordName(SEED_PEOPLE.mahmoudzadeh) } }, { guilds: { fullName: recordName(SEED_PEOPLE.golpour) } }],
          recordedBy: 'tester',
          note: 'قرعه‌کشی در حضور ناظران',
        });
        await refused(TIE_BREAK, { input: { electionId: id, chosen: [b], method: 'LOT', decidedBy: [golpour] } }, 'TIE_ALREADY_BROKEN');
      });

      it('installs the elected board and ends the term of the board in office, in one write', async () => {
        type InOffice = { guildElection: { union: { guilds: { boardTerm: { id: string; seats: { person: { nationalCode: string } }[] } } } } };
        const previous = await graph.query<InOffice>(
          `{ guildElection(id: "${id}") { union { guilds { boardTerm { id seats { person { nationalCode } } } } } } }`,
          undefined,
          admin,
        );
        expect(previous.errors).toBeUndefined();
        const before = previous.data!.guildElection.union.guilds.boardTerm;
        expect(before.id).toBe('guilds:board-fars-union-002-2020-06-01');
        const leaving = codes(before.seats);
        const bad = await refused(
          INSTALL,
          {
            input: {
              electionId: id,
              seats: [
                { nationalCode: a, position: 'CHAIR' },
                { nationalCode: b, position: 'CHAIR' },
              ],
              startsOn: '2999-01-01',
            },
          },
          'BAD_USER_INPUT',
        );
        expect(fieldsOf(bad)).toEqual(['seats[1].nationalCode', 'seats', 'startsOn']);
        const twoChairs = await refused(
          INSTALL,
          {
            input: {
              electionId: id,
              seats: [
                { nationalCode: a, position: 'CHAIR' },
                { nationalCode: c, position: 'CHAIR' },
              ],
            },
          },
          'BAD_USER_INPUT',
        );
        expect(fieldsOf(twoChairs)).toEqual(['seats[1].position']);

        const writesBefore = writes();
        const { data, errors } = await graph.query<{ installGuildUnionBoard: Record<string, unknown> }>(
          INSTALL,
          {
            input: {
              electionId: id,
              seats: [
                { nationalCode: c, position: 'SECRETARY' },
                { nationalCode: a, position: 'CHAIR' },
              ],
            },
          },
          admin,
        );
        expect(errors).toBeUndefined();
        const today = new Date().toISOString().slice(0, 10);
        expect(data!.installGuildUnionBoard).toEqual({
          id: id.replace('guilds:election-', 'guilds:board-'),
          current: true,
          startsOn: { iso: today },
          endedOn: null,
          installedBy: 'tester',
          election: { id },
          seats: [
            { person: { nationalCode: a }, position: 'CHAIR', since: { iso: today }, until: null },
            { person: { nationalCode: c }, position: 'SECRETARY', since: { iso: today }, until: null },
          ].sort((x, y) => (x.person.nationalCode < y.person.nationalCode ? -1 : 1)),
        });
        // The new term and its two seats, the old term and its five seats ended, the earlier version of each ended one, and the election written
        // over itself, unchanged, so that a move of its union meanwhile refuses the term its chamber is copied into: one all-or-nothing write.
        expect(writes() - writesBefore).toBe(3 + 2 * (1 + leaving.length) + 1);
        // Who installed it is a token's subject, a member's national code when a member signs in: not for anonymous callers.
        const anonymous = await graph.query(`{ guildElection(id: "${id}") { union { guilds { boardTerm { installedBy } } } } }`);
        expect(anonymous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
        // Nor for the registry's administrator without personal:read.
        const adminOnly = await graph.query(`{ guildElection(id: "${id}") { union { guilds { boardTerm { installedBy } } } } }`, undefined, await testToken(['guilds:admin']));
        expect(adminOnly.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });

        type Terms = {
          guildsOrganisations: {
            nodes: {
              id: string;
              guilds: {
                boardTerm: { id: string };
                then: { id: string };
                boardTerms: { id: string; current: boolean; endedOn: { iso: string } | null; seats: { person: { nationalCode: string }; until: { iso: string } | null }[] }[];
                roles: { bodyKind: string; position: string; person: { nationalCode: string } }[];
              };
            }[];
          };
        };
        const union = await graph.query<Terms>(
          `{ guildsOrganisations(search: "طلا و جواهر", first: 5) { nodes { id guilds { boardTerm { id } then: boardTerm(asOf: "1400-01-01") { id }
             boardTerms { id current endedOn { iso } seats { person { nationalCode } until { iso } } } roles { bodyKind position person { nationalCode } } } } } }`,
          undefined,
          admin,
        );
        expect(union.errors).toBeUndefined();
        const view = union.data!.guildsOrganisations.nodes.find((n) => n.id === unionId)!.guilds;
        expect(view.boardTerm.id).toBe(id.replace('guilds:election-', 'guilds:board-'));
        expect(view.then.id).toBe(before.id);
        expect(view.boardTerms.map((t) => [t.id, t.current, t.endedOn?.iso ?? null])).toEqual([
          [view.boardTerm.id, true, null],
          [before.id, false, today],
        ]);
        expect(view.boardTerms[1]!.seats.map((seat) => seat.until?.iso)).toEqual(leaving.map(() => today));
        expect(
          view.roles
            .filter((r) => r.bodyKind === 'BOARD')
            .map((r) => [r.person.nationalCode, r.position])
            .sort(),
        ).toEqual(
          [
            [a, 'CHAIR'],
            [c, 'SECRETARY'],
          ].sort(),
        );

        await refused(
          INSTALL,
          {
            input: {
              electionId: id,
              seats: [
                { nationalCode: a, position: 'CHAIR' },
                { nationalCode: c, position: 'SECRETARY' },
              ],
            },
          },
          'BOARD_ALREADY_INSTALLED',
        );
        // The 1399 board cannot come back over the board elected after it.
        await refused(INSTALL, { input: { electionId: 'guilds:election-fars-union-002-2020-06-01', seats: [] } }, 'BOARD_ALREADY_INSTALLED');
      });
    });
  });
}
