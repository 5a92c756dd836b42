import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { MemoryStore } from '../../shared/store/memory-store';
import { StoredDocument } from '../../shared/store/port';
import { testToken } from '../support/auth';
import { KilledWriter } from '../support/killed-writer';
import { FaultyStore } from '../support/faulty-store';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * Found by the integrity audit of 2026-12-07 (races in the daily work): a certification, a role or
 * a completed course was written for a member whose own record a write in flight had inserted and
 * not committed (on a server without transactions: FerretDB's write journal). When that write is
 * undone (an engineer's licence number claimed by another meanwhile, a database failure, its process
 * killed), the record stays beside a member the registry does not hold, the client told it was
 * made. The member is now a guarded parent: such a write is refused with WRITE_CONFLICT, to send again.
 */

/** A member's record as an upsert writes it, its write left uncommitted: the record in, the write's last step never made. */
async function uncommittedMember(backing: MemoryStore, nationalCode: string): Promise<void> {
  const member = { _id: nationalCode, fullName: 'عضو آزمون', nameKey: 'عضوازمون', sortKey: `x#${nationalCode}`, updatedAt: new Date() } as StoredDocument;
  void new KilledWriter(backing, 'never-written').writeAll([
    { collection: 'people', kind: 'insert', document: member },
    { collection: 'never-written', kind: 'insert', document: { _id: nationalCode } },
  ]);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await backing.collection('people').count({ _id: nationalCode })).toBe(1);
}

const CASES: { registry: DemoRegistryKey; what: string; mutation: string; input: (code: string) => Record<string, unknown>; collection: string }[] = [
  {
    registry: 'auditors',
    what: 'a certification',
    mutation: 'mutation M($input: IssueAuditorCertificationInput!) { issueAuditorCertification(input: $input) { certificateNumber } }',
    input: (nationalCode) => ({
      nationalCode,
      kind: 'AUDITOR',
      field: 'سیستم مدیریت کیفیت',
      grade: 'GRADE_1',
      certificateNumber: 'UNC-000101-1',
      validFrom: '2026-01-01',
      validUntil: '2028-12-31',
    }),
    collection: 'certifications',
  },
  {
    registry: 'labs',
    what: 'a role',
    mutation: 'mutation M($input: AssignRoleInput!) { assignLabsRole(input: $input) { position } }',
    input: (nationalCode) => ({ nationalCode, organisationId: 'labs:lab-0004', body: 'Quality board', bodyKind: 'BOARD', position: 'MEMBER' }),
    collection: 'roles',
  },
  {
    registry: 'engineering',
    what: 'a completed course',
    mutation: 'mutation M($input: RecordTrainingCourseInput!) { recordTrainingCourse(input: $input) { completedOn { iso } } }',
    input: (nationalCode) => ({ nationalCode, courseId: 'engineering:course-fidic-contracts', completedOn: '2026-01-10' }),
    collection: 'courseCompletions',
  },
];

describe('a record written for a member whose own record is not committed yet', () => {
  let graph: TestGraph;
  let admin: string;
  const backings = new Map<DemoRegistryKey, MemoryStore>();

  beforeAll(async () => {
    // Each registry writes as on a server without transactions (the write journal, as on FerretDB), over a store the test can read.
    graph = await startTestGraph(async (key) => {
      const backing = new MemoryStore();
      backings.set(key, backing);
      return new FaultyStore(backing, Math.random, { leaseMs: 30_000, clock: () => new Date() });
    });
    admin = await testToken(['auditors:admin', 'labs:admin', 'engineering:admin', PERSONAL_READ_SCOPE]);
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it.each(CASES.map((c, i) => [c.what, c, i] as const))('refuses %s with WRITE_CONFLICT and writes nothing', async (_what, { registry, mutation, input, collection }, i) => {
    const backing = backings.get(registry)!;
    const member = withIranianCheckDigit(`00712348${i}`);
    await uncommittedMember(backing, member);
    const { errors } = await graph.query(mutation, { input: input(member) }, admin);
    expect(errors?.[0]?.extensions?.code).toBe('WRITE_CONFLICT');
    expect(errors?.[0]?.message).toMatch(new RegExp(`^The (member|engineer) ${member} was changed by another request`));
    expect(await backing.collection(collection).count({ nationalCode: member })).toBe(0);
  });
});
