import { perAssociationDatabases } from '../support/databases';
import { postGraphQL, startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * An outsider and a subgraph's internal errors. An error a resolver did not mean for clients (a
 * record that does not hold together, a driver's message) may name a stored document's id, and
 * some ids hold a national code: a course completion is `<nationalCode>|<courseId>`. Such an error
 * reaching an anonymous caller ties that code to the member whose record it was read from. The
 * client is told an internal error happened, and the subgraph's log keeps its words.
 */

const ENGINEER = '0011223344';
const MEMBER_QUERY = `{ engineeringMembers(first: 100) { nodes { fullName engineering { trainingCourses { course { title } completedOn { iso } } } } } }`;

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`internal errors and national codes, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('tells an anonymous caller reading a record that does not hold together no national code', async () => {
      const engineers = await graph.stores.engineering.collection<{ _id: string }>('people').find({}, { limit: 1 });
      const code = engineers[0]?._id ?? ENGINEER;
      // A completion of a course the registry does not list: data that came from elsewhere (an import, a course since withdrawn).
      await graph.stores.engineering
        .collection<{ _id: string; nationalCode: string; courseId: string; completedOn: Date }>('courseCompletions')
        .insertOne({ _id: `${code}|withdrawn-course`, nationalCode: code, courseId: 'withdrawn-course', completedOn: new Date('2024-01-01T00:00:00Z') });

      const answer = await postGraphQL(graph.gatewayUrl, MEMBER_QUERY);
      expect(answer.errors?.length).toBeGreaterThan(0);
      expect(answer.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(answer)).not.toContain(code);
      // Errors made for clients keep their words: a bad page size still says what to send.
      const bad = await postGraphQL(graph.gatewayUrl, '{ engineeringMembers(first: 0) { nodes { fullName } } }');
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0]?.message).toMatch(/first/);
    });
  });
}
