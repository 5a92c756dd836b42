import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { ELECTION_COLLECTIONS } from '../../subgraphs/guilds/elections/documents';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { GraphQLResponse, startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * A ballot's refusals are no oracle on national codes. A ballot may name a candidate by national
 * code; a refused ballot must not tell a caller without personal:read whether a code they typed is
 * a candidate's, nor which candidate's (a code named beside a candidate's `ballotChoice` was refused
 * as "named twice" exactly when it was that candidate's). Anyone signed in as a person could ask
 * this of any election, past ones included, since the choices were checked before the voter's right.
 */

const CAST = 'mutation Cast($input: CastGuildElectionBallotInput!) { castGuildElectionBallot(input: $input) { votedAt } }';
const RENEW = 'mutation Renew($input: RenewGuildUnitLicenceInput!) { renewGuildUnitLicence(input: $input) { licenceNumber } }';
const CREATE = 'mutation Create($input: CreateGuildElectionInput!) { createGuildElection(input: $input) { id } }';
const UNION = 'guilds:fars-union-004';
/** A valid national code that is no candidate's (a labs member's). */
const NOT_A_CANDIDATE = '0061234508';

const demoElections = guildsDemoData().extra!;
const PAST_ELECTION = (demoElections.find((c) => c.collection === ELECTION_COLLECTIONS.elections)!.documents as unknown as { _id: string; result?: object }[]).find(
  (e) => e.result,
)!._id;
const PAST_CANDIDATES = (demoElections.find((c) => c.collection === ELECTION_COLLECTIONS.candidates)!.documents as unknown as { electionId: string; nationalCode: string }[])
  .filter((c) => c.electionId === PAST_ELECTION)
  .map((c) => c.nationalCode)
  .sort();

/** What a refusal tells: its codes and messages (the request id and nothing else differ between identical refusals). */
const told = (answer: GraphQLResponse<unknown>) => JSON.stringify({ data: answer.data ?? null, errors: answer.errors ?? null });

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`ballot refusals and national codes, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);
    let admin: string;

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admin = await testToken(['guilds:admin', 'personal:read']);
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    /** The `ballotChoice` of each candidate of an election, by national code (read with personal:read, as the test's setup). */
    async function choicesOf(electionId: string): Promise<Map<string, string>> {
      const analyst = await testToken(['personal:read']);
      const { data, errors } = await graph.query<{ guildElection: { candidates: { ballotChoice: string; person: { nationalCode: string } }[] } }>(
        `{ guildElection(id: "${electionId}") { candidates { ballotChoice person { nationalCode } } } }`,
        undefined,
        analyst,
      );
      expect(errors).toBeUndefined();
      return new Map(data!.guildElection.candidates.map((c) => [c.person.nationalCode, c.ballotChoice]));
    }

    it('tells someone who may not vote in a past election nothing about the codes they name', async () => {
      const [first, second] = PAST_CANDIDATES;
      const choice = (await choicesOf(PAST_ELECTION)).get(first!)!;
      const outsider = await testToken([], { subject: NOT_A_CANDIDATE });
      const ask = (code: string) => graph.query(CAST, { input: { electionId: PAST_ELECTION, choices: [code, choice] } }, outsider);
      const itself = await ask(first!);
      const another = await ask(second!);
      const nobody = await ask(NOT_A_CANDIDATE);
      expect(itself.errors).toBeDefined();
      expect(told(itself)).toBe(told(another));
      expect(told(itself)).toBe(told(nobody));
    });

    it('tells an eligible voter of an open election nothing about a code that is not a standing candidate beside another', async () => {
      const active = guildsDemoData().guildUnits.filter((unit) => unit.unionId === UNION && unit.status === 'ACTIVE');
      const fiveYearsOn = new Date(Date.now() + 5 * 365 * 86_400_000).toISOString().slice(0, 10);
      for (const unit of active) {
        const renewed = await graph.query(RENEW, { input: { licenceNumber: unit._id, validUntil: fiveYearsOn } }, admin);
        expect(renewed.errors).toBeUndefined();
      }
      const eligible = [...new Set(active.map((unit) => unit.ownerNationalCode))].sort();
      expect(eligible.length).toBeGreaterThanOrEqual(4);
      const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
      const created = await graph.query<{ createGuildElection: { id: string } }>(
        CREATE,
        { input: { unionId: UNION, seats: 2, opensAt: at(-1), closesAt: at(60 * 24), candidateNationalCodes: eligible.slice(0, 3) } },
        admin,
      );
      expect(created.errors).toBeUndefined();
      const electionId = created.data!.createGuildElection.id;
      const choices = await choicesOf(electionId);
      const choice = choices.get(eligible[0]!)!;
      const voter = await testToken([], { subject: eligible[3]! });
      const ask = (code: string) => graph.query(CAST, { input: { electionId, choices: [code, choice] } }, voter);

      // The candidate's own code beside their ballot choice, and a code that is no candidate's, are refused alike, echoing no code.
      const itself = await ask(eligible[0]!);
      const nobody = await ask(NOT_A_CANDIDATE);
      expect(itself.errors).toBeDefined();
      expect(told(itself)).toBe(told(nobody));
      expect(told(itself)).not.toContain(eligible[0]!);
      expect(told(nobody)).not.toContain(NOT_A_CANDIDATE);
      const ballots = await graph.stores.guilds.collection('election_ballots').find({ electionId, filled: 1 });
      expect(ballots).toHaveLength(0);

      // A ballot with more choices than seats, which can never be cast, is refused for its size alone: were its choices
      // read too, a code beside two candidates' ballot choices would be refused as "named twice" exactly when it was one
      // of theirs, and a third candidate's code only for the size.
      const oversize = (code: string) => graph.query(CAST, { input: { electionId, choices: [code, choice, choices.get(eligible[1]!)!] } }, voter);
      const named = await oversize(eligible[0]!);
      expect(named.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(told(named)).toBe(told(await oversize(eligible[2]!)));
      expect(told(named)).toBe(told(await oversize(NOT_A_CANDIDATE)));

      // Naming the candidates as the voter may read them still casts the ballot.
      const cast = await graph.query(CAST, { input: { electionId, choices: [choice, choices.get(eligible[1]!)!] } }, voter);
      expect(cast.errors).toBeUndefined();
    });
  });
}
