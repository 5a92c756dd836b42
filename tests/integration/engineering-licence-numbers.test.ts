import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { StoredDocument } from '../../shared/store/port';
import { LICENCE_NUMBERS_COLLECTION } from '../../subgraphs/engineering/licence-numbers';
import { EngineeringRepository } from '../../subgraphs/engineering/repository';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * A licence number is one engineer's (subgraphs/engineering/licence-numbers.ts): engineers recorded
 * at the same time with one number keep it for one of them only, a number released by its engineer
 * can be taken by another, and the licence list, paged on the number, walks every licence. Checked
 * in the answers and in what the stores hold, on both stores.
 */

type StoredClaim = StoredDocument & { nationalCode?: string };
type StoredPerson = StoredDocument & { licence?: { number: string } };
interface LicencePage {
  engineeringLicences: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { number: string }[] };
}

const UPSERT = 'mutation U($input: UpsertEngineeringMemberInput!) { upsertEngineeringMember(input: $input) { nationalCode licence { number } } }';
const LICENCES = 'query L($after: String) { engineeringLicences(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { number } } }';
const ROUNDS = 4;
const CONTENDERS = 3;

/** A valid national code no demo person has: `0077<round><contender>...`. */
const code = (round: number, contender: number): string => withIranianCheckDigit(`0077${round}${contender}0000`.slice(0, 9));
const licence = (number: string) => ({ number, discipline: 'CIVIL', grade: 'GRADE_2', provincialOrganisationId: 'engineering:tehran', validUntil: '2029-01-01' });

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`licence numbers held by one engineer each, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let admin: string;
    const databases = perAssociationDatabases(candidate);

    const people = () => graph.stores.engineering.collection<StoredPerson>('people');
    const claims = () => graph.stores.engineering.collection<StoredClaim>(LICENCE_NUMBERS_COLLECTION);
    const upsert = (nationalCode: string, number: string) => graph.query(UPSERT, { input: { nationalCode, fullName: 'آزمون پروانه', licence: licence(number) } }, admin);
    const refusedFields = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined) =>
      errors?.map((error) => [error.extensions?.code, ((error.extensions?.problems ?? []) as { field: string }[]).map((problem) => problem.field)]);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admin = await testToken(['engineering:admin', PERSONAL_READ_SCOPE], { subject: 'licence-number-tester' });
    }, 120_000);
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('claims every demo licence number for its engineer at start', async () => {
      const licensed = await people().find({ 'licence.number': { $exists: true } });
      expect(licensed.length).toBeGreaterThan(0);
      const held = await claims().find({ nationalCode: { $exists: true } });
      expect(new Map(held.map((claim) => [claim._id, claim.nationalCode]))).toEqual(new Map(licensed.map((person) => [person.licence!.number, person._id])));
    });

    it('stores exactly one of several new engineers recorded at the same time with one number, and refuses the others on licence.number', async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        const number = `7-77-1234${round}`;
        const contenders = Array.from({ length: CONTENDERS }, (_, contender) => code(round, contender));
        const answers = await Promise.all(contenders.map((nationalCode) => upsert(nationalCode, number)));
        const accepted = answers.filter((answer) => answer.errors === undefined);
        expect(accepted).toHaveLength(1);
        for (const answer of answers.filter((candidateAnswer) => candidateAnswer.errors !== undefined)) {
          expect(refusedFields(answer.errors)).toEqual([['BAD_USER_INPUT', ['licence.number']]]);
        }
        const holders = await people().find({ 'licence.number': number });
        expect(holders).toHaveLength(1);
        // Nothing half-written: the refused engineers are not stored at all, and the claim names the one kept.
        expect(await people().find({ _id: { $in: contenders } })).toHaveLength(1);
        expect(await claims().find({ _id: number })).toEqual([expect.objectContaining({ _id: number, nationalCode: holders[0]!._id })]);
      }
    });

    it('lets another engineer take a number once its engineer moved to another, and not before', async () => {
      const [first, second] = [code(8, 1), code(8, 2)];
      expect((await upsert(first, '7-78-00001')).errors).toBeUndefined();
      expect(refusedFields((await upsert(second, '7-78-00001')).errors)).toEqual([['BAD_USER_INPUT', ['licence.number']]]);
      expect((await upsert(first, '7-78-00002')).errors).toBeUndefined();
      expect(await claims().find({ _id: { $in: ['7-78-00001', '7-78-00002'] } }, { sort: { _id: 1 } })).toEqual([
        expect.not.objectContaining({ nationalCode: expect.anything() }),
        expect.objectContaining({ nationalCode: first }),
      ]);
      // Another spelling of the number is the same number (credentialNumberKey).
      expect((await upsert(second, '۷–۷۸–۰۰۰۰۱')).errors).toBeUndefined();
      expect(refusedFields((await upsert(first, '7-78-00001')).errors)).toEqual([['BAD_USER_INPUT', ['licence.number']]]);
      expect(new Map((await people().find({ _id: { $in: [first, second] } })).map((person) => [person._id, person.licence?.number]))).toEqual(
        new Map([
          [first, '7-78-00002'],
          [second, '7-78-00001'],
        ]),
      );
      expect(await claims().find({ _id: '7-78-00001' })).toEqual([expect.objectContaining({ nationalCode: second })]);
    });

    it('walks engineeringLicences one at a time through every licence it counts', async () => {
      const numbers: string[] = [];
      let after: string | null = null;
      let totalCount = 0;
      for (let page = 0; page < 1_000; page += 1) {
        const answer: { data?: LicencePage | null; errors?: unknown } = await graph.query<LicencePage>(LICENCES, { after }, admin);
        expect(answer.errors).toBeUndefined();
        const licences: LicencePage['engineeringLicences'] = answer.data!.engineeringLicences;
        totalCount = licences.totalCount;
        numbers.push(...licences.nodes.map((node) => node.number));
        if (!licences.pageInfo.hasNextPage) break;
        after = licences.pageInfo.endCursor;
      }
      expect(numbers).toHaveLength(totalCount);
      expect(new Set(numbers).size).toBe(totalCount);
      expect(totalCount).toBe(await people().count({ 'licence.number': { $exists: true } }));
    }, 120_000);

    it('claims, at start, the numbers of engineers stored before numbers were claimed, once', async () => {
      const repository = new EngineeringRepository(graph.stores.engineering);
      const held = await claims().count({ nationalCode: { $exists: true } });
      await claims().deleteMany({});
      expect(await repository.claimHeldLicences()).toBe(held);
      expect(await repository.claimHeldLicences()).toBe(0);
      expect(await claims().count({ nationalCode: { $exists: true } })).toBe(held);
    });
  });
}
