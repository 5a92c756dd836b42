import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
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
/** The unions whose active units' licences the suite renews first (renewDemoLicences): a voter needs a licence valid on the day. */
const RENEWED_UNIONS = [7, 8];
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
      result { ballots voters eligibleVoters tieForLastSeat tallies { votes elected candidate { person { nationalCode } } } elected { fullName } }
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
        guildElections: { totalCount: number; nodes: { id: string; union: { id: string }; supervisors: { guilds: { fullName: string; standing: string } }[]; result: ElectionView['result'] }[] };
      }>(
        `{ guildElections(chamberId: "guilds:fars-chamber", status: PUBLISHED) { totalCount nodes { id union { id } supervisors { guilds { fullName standing } }
           result { ballots voters eligibleVoters tieForLastSeat tallies { votes elected candidate { person { nationalCode } } } elected { fullName } } } } }`,
        undefined,
        admin,
      );
      expect(errors).toBeUndefined();
      expect(data!.guildElections.totalCount).toBe(5);
      expect(data!.guildElections.nodes).toHaveLength(5);
      for (const node of data!.guildElections.nodes) {
        expect(node.supervisors.map((s) => s.guilds)).toEqual([
          { fullName: SEED_PEOPLE.mahmoudzadeh.fullName, standing: 'OFFICIAL' },
          { fullName: SEED_PEOPLE.golpour.fullName, standing: 'OFFICIAL' },
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
        const board = demo.roles.filter((r) => r.organisationId === node.union.id && r.bodyKind === 'BOARD').map((r) => r.nationalCode).sort();
        expect(result.tallies.filter((t) => t.elected).map((t) => t.candidate.person.nationalCode).sort()).toEqual(board);
        expect(result.elected).toHaveLength(5);
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
        { input: { electionId: 'guilds:election-fars-union-001-2020-05-01', choices: [demo.roles.find((r) => r.organisationId === unionOf(1) && r.bodyKind === 'BOARD')!.nationalCode] } },
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
      const forbidden = await graph.query(CREATE, { input: { unionId: unionOf(10), seats: 5, opensAt: fromNow(1), closesAt: fromNow(60) } }, await testToken([PERSONAL_READ_SCOPE]));
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await count()).toBe(before);
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

      it('accepts a ballot from an eligible member, signed in as themselves', async () => {
        const { data, errors } = await graph.query<{ castGuildElectionBallot: { election: { ballotsCast: number } } }>(
          CAST,
          { input: { electionId: id, choices: [candidates[0], candidates[1]] } },
          await voterToken(voters[0]!),
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
        expect((await refuse(await voterToken(membersOf(unionOf(9)).eligible.find((c) => !eligible.includes(c))!), [candidates[0]]))?.extensions?.code).toBe('NOT_ELIGIBLE_TO_VOTE');
        expect((await refuse(await voterToken(SEED_PEOPLE.mahmoudzadeh.nationalCode), [candidates[0]]))?.extensions?.code).toBe('NOT_ELIGIBLE_TO_VOTE');
        expect((await refuse(await testToken([], { subject: 'tester' }), [candidates[0]]))?.extensions?.code).toBe('NOT_ELIGIBLE_TO_VOTE');
        expect((await refuse(undefined, [candidates[0]]))?.extensions?.code).toBe('UNAUTHENTICATED');
        const bad = await refuse(await voterToken(eligible[eligible.length - 1]!), [candidates[0], candidates[0], '0061234508']);
        expect(bad?.extensions?.code).toBe('BAD_USER_INPUT');
        expect((bad?.extensions?.problems as { field: string }[]).map((p) => p.field)).toEqual(['choices', 'choices[1]', 'choices[2]']);
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
        expect(view.result!.tallies.filter((t) => t.elected)).toHaveLength(2);
        expect((await graph.query(PUBLISH, { id }, admin)).errors?.[0]?.extensions?.code).toBe('RESULT_ALREADY_PUBLISHED');
      });
    });
  });
}
