import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { MemoryStore } from '../../shared/store/memory-store';
import { DocumentWrite, Store, WriteConflictError } from '../../shared/store/port';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * Found by the integrity audit of 2026-12-07 (audit-u): fifteen `recordTrainingCourse` of one
 * engineer and course sent at once on FerretDB; the upsert reads the completion again after each
 * lost race, and after its last attempt threw the store's own WriteConflictError, which the subgraph
 * told as an internal error (INTERNAL_SERVER_ERROR), 5 of 15. Nothing was written for those: the
 * caller is told WRITE_CONFLICT, to read again and retry, naming no record (an id may hold a
 * national code).
 */

const ENGINEER = '0061234524';
const COURSE = 'engineering:course-export-of-services';
const RECORD =
  'mutation M($day: String!) { recordTrainingCourse(input: { nationalCode: "0061234524", courseId: "engineering:course-export-of-services", completedOn: $day }) { completedOn { iso } } }';

/** The engineering registry's store, on which every replacement of a course completion loses the race. */
class ContendedCompletions extends MemoryStore {
  override writeAll(writes: DocumentWrite[]): Promise<void> {
    const completion = writes.find((write) => write.collection === 'courseCompletions' && write.kind === 'replace');
    if (completion) return Promise.reject(new WriteConflictError(completion.collection, completion.document._id));
    return super.writeAll(writes);
  }
}

describe('a write the store refused as changed meanwhile, which no resolver told', () => {
  let graph: TestGraph;
  let admin: string;

  beforeAll(async () => {
    graph = await startTestGraph(async (key): Promise<Store> => (key === 'engineering' ? new ContendedCompletions() : new MemoryStore()));
    admin = await testToken(['engineering:admin', PERSONAL_READ_SCOPE]);
  });

  afterAll(() => graph.stop());

  it('is told WRITE_CONFLICT, naming no record', async () => {
    // Recorded first if the demo data has it not: the next recording replaces it.
    await graph.query(RECORD, { day: '2025-01-10' }, admin);

    const again = await graph.query(RECORD, { day: '2025-01-11' }, admin);

    expect(again.errors?.map((error) => error.extensions?.code)).toEqual(['WRITE_CONFLICT']);
    expect(again.errors?.[0]?.message).toContain('read it again and retry');
    expect(again.errors?.[0]?.message).not.toContain(ENGINEER);
    expect(again.errors?.[0]?.message).not.toContain(COURSE);
  });
});
