import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * Found by the integrity audit of 2026-12-07 (audit-u): after a change, a request's loader was
 * primed with the document as the resolver sent it, without the revision the store stamped on it.
 * A second change of the same record in the same request (two aliases: a committee's status, then
 * its deadline; a certification issued, then suspended) read that document and was refused as
 * WRITE_CONFLICT ("changed by another request ... read it again and retry"), which no retry cured;
 * and as the mutation fields are non-null the answer was `data: null`, hiding that the first change
 * was made. The same after a write that touched a document to carry a guard (a role in an open
 * organisation, then that organisation renamed), and after a candidate added to an election, which
 * writes the election back over itself (two candidates added in one request).
 */

const AUDITOR = '3103167601';

describe('one request changing the same record twice', () => {
  let graph: TestGraph;
  let labsAdmin: string;
  let auditorsAdmin: string;
  let labsRegistrar: string;
  let guildsRegistrar: string;
  let engineeringRegistrar: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    labsAdmin = await testToken(['labs:admin']);
    labsRegistrar = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
    guildsRegistrar = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
    auditorsAdmin = await testToken(['auditors:admin', PERSONAL_READ_SCOPE]);
    engineeringRegistrar = await testToken(['engineering:admin', PERSONAL_READ_SCOPE]);
  });

  afterAll(() => graph.stop());

  it("sets a committee's status, then its deadline", async () => {
    const answer = await graph.query(
      `mutation {
        status: setLabsCommitteeStatus(input: { id: "labs:joint-research", status: COMPLETED, note: "closed" }) { id }
        deadline: setLabsCommitteeDeadline(input: { id: "labs:joint-research", dueDate: "1405", note: "extended" }) { id }
      }`,
      {},
      labsAdmin,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ status: { id: 'labs:joint-research' }, deadline: { id: 'labs:joint-research' } });
  });

  it('issues a certification, then suspends it', async () => {
    const answer = await graph.query(
      `mutation {
        issued: issueAuditorCertification(input: {
          nationalCode: "${AUDITOR}", kind: LEAD_AUDITOR, field: "ISO 27001", grade: GRADE_1,
          certificateNumber: "ISAI-999001-1", validFrom: "2026-01-01", validUntil: "2028-01-01"
        }) { certificateNumber }
        suspended: changeAuditorCertificationStanding(input: { certificateNumber: "ISAI-999001-1", change: SUSPEND }) { status }
      }`,
      {},
      auditorsAdmin,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ issued: { certificateNumber: 'ISAI-999001-1' }, suspended: { status: 'SUSPENDED' } });
  });

  // A role written under an open organisation touches it (its guard, written over itself, takes a new
  // revision): the organisation as the request read it before was stale for the rename after it.
  it('assigns a role in an organisation, then renames that organisation', async () => {
    const answer = await graph.query(
      `mutation {
        role: assignLabsRole(input: { nationalCode: "0061234508", organisationId: "labs:lab-0004", body: "Quality board", bodyKind: BOARD, position: MEMBER }) { body }
        renamed: renameLabsOrganisation(input: { id: "labs:lab-0004", name: "Lab four renamed" }) { name }
      }`,
      {},
      labsRegistrar,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ role: { body: 'Quality board' }, renamed: { name: 'Lab four renamed' } });
  });

  // A completed course is written with its engineer as a guarded parent (84f6cbe): the member's record,
  // written over itself, takes a new revision, and the request's copy of it, read for the course, was
  // stale for the licence's renewal after it: WRITE_CONFLICT, data null, the course written (audit, 2026-12-07).
  it("records an engineer's completed course, then renews their licence", async () => {
    const answer = await graph.query(
      `mutation {
        course: recordTrainingCourse(input: { nationalCode: "0061234524", courseId: "engineering:course-technical-english", completedOn: "2026-01-10" }) { completedOn { iso } }
        renewed: renewEngineeringLicence(input: { nationalCode: "0061234524", validUntil: "2029-03-19" }) { validUntil { iso } }
      }`,
      {},
      engineeringRegistrar,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ course: { completedOn: { iso: '2026-01-10' } }, renewed: { validUntil: { iso: '2029-03-19' } } });
  });

  // Adding a candidate writes the election back unchanged beside the candidate (so that a ballot fixing
  // the candidates meanwhile refuses it): the election takes a new revision, and the request's copy of
  // it, read for the first candidate, was stale for the second (audit, 2026-12-07).
  it('adds two candidates to one election', async () => {
    const election = 'guilds:election-fars-union-006-2027-05-10';
    const answer = await graph.query(
      `mutation {
        first: addGuildElectionCandidate(input: { electionId: "${election}", nationalCode: "3113620686" }) { person { nationalCode } }
        second: addGuildElectionCandidate(input: { electionId: "${election}", nationalCode: "3113699878" }) { person { nationalCode } }
      }`,
      {},
      guildsRegistrar,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ first: { person: { nationalCode: '3113620686' } }, second: { person: { nationalCode: '3113699878' } } });
  });

  // A union moved to another chamber carries its units', elections' and board terms' copies of the
  // chamber in the move's own write: each takes a new revision, and the request's copy of the election,
  // read for the withdrawal before the move, was stale for the candidate added after it (audit, 2026-12-07).
  it("withdraws a candidate, moves the election's union to another chamber, then adds a candidate", async () => {
    const election = 'guilds:election-fars-union-006-2027-05-10';
    const answer = await graph.query(
      `mutation {
        chamber: createGuildsOrganisation(input: { id: "guilds:second-chamber", name: "Second chamber of guilds", kind: CHAMBER_OF_GUILDS }) { id }
        withdrawn: withdrawGuildElectionCandidate(input: { electionId: "${election}", nationalCode: "3111799311", reason: "moved abroad" }) { status }
        moved: moveGuildsOrganisation(input: { id: "guilds:fars-union-006", parentId: "guilds:second-chamber" }) { id }
        added: addGuildElectionCandidate(input: { electionId: "${election}", nationalCode: "3116075573" }) { person { nationalCode } }
      }`,
      {},
      guildsRegistrar,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      chamber: { id: 'guilds:second-chamber' },
      withdrawn: { status: 'WITHDRAWN' },
      moved: { id: 'guilds:fars-union-006' },
      added: { person: { nationalCode: '3116075573' } },
    });
  });
});
