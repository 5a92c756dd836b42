import { enteredBy } from '../provenance/provenance';
import { badUserInputField, InputChecker } from '../errors';
import { ownsId, RegistryKey } from '../registry/keys';
import { guardParent } from '../registry/parent-guard';
import { participationId, ParticipationDocument, ParticipationRole, ProjectKind, ProjectStatus } from '../registry/documents';
import { DuplicateKeyError } from '../store/port';
import { calendarDateOf, instantOfIsoDate } from '../text/calendar';
import { dayOfIso } from '../text/partial-date';
import { checkDate, checkNationalCode, checkPartialDate, checkText } from '../validation';
import { checkNewId, checkOrganisations, checkOwnOrganisation, referenceList, sharedGrantId, grantIdTaken } from './checks';
import { CommitteePosition, CommitteeRecord, dueInstantOf, GRANT_IDS_COLLECTION, memberId, ProjectMemberDocument, RecordChangeRecord, seatOf } from './documents';
import { changeBy, checkNote, GovernanceContext } from './history';

export interface CreateCommitteeInput {
  id: string;
  kind: ProjectKind;
  title: string;
  mandate: string;
  leadOrganisationId: string;
  cooperatingOrganisationIds: readonly string[];
  dueDate?: string | null;
  status?: ProjectStatus | null;
}

export interface SetCommitteeStatusInput {
  id: string;
  status: ProjectStatus;
  note?: string | null;
}

export interface SetCommitteeDeadlineInput {
  id: string;
  dueDate?: string | null;
  note?: string | null;
}

export interface AddCommitteeMemberInput {
  projectId: string;
  nationalCode: string;
  position: CommitteePosition;
  organisationId?: string | null;
  since?: string | null;
}

const participation = (projectId: string, organisationId: string, role: ParticipationRole): ParticipationDocument => ({
  _id: participationId({ projectId, organisationId }),
  projectId,
  organisationId,
  role,
});

/** Validates the whole input, then writes the record and every participation together. */
export async function createCommittee(key: RegistryKey, input: CreateCommitteeInput, { repository, loaders, caller }: GovernanceContext): Promise<{ id: string }> {
  const checker = new InputChecker();
  const id = checkNewId(checker, 'id', key, input.id);
  const title = checkText(checker, 'title', input.title, { min: 2, max: 200 });
  const mandate = checkText(checker, 'mandate', input.mandate, { min: 2, max: 2000 });
  const due = checkPartialDate(checker, 'dueDate', input.dueDate);
  const cooperating = referenceList(checker, 'cooperatingOrganisationIds', input.cooperatingOrganisationIds, input.leadOrganisationId);
  await Promise.all([
    checkOwnOrganisation(checker, key, loaders, { field: 'leadOrganisationId', id: input.leadOrganisationId }),
    checkOrganisations(checker, key, loaders, cooperating),
    id && loaders.project.load(id).then((found) => found && checker.add('id', `"${id}" already exists`)),
    id && loaders.meetingSeries.load(id).then((found) => found && checker.add('id', sharedGrantId(id, 'a meeting series'))),
  ]);
  checker.throwIfAny();
  const project: CommitteeRecord = {
    _id: id!,
    kind: input.kind,
    title: title!,
    mandate: mandate!,
    ...(due ? { dueDate: dueInstantOf(due), due } : {}),
    status: input.status ?? 'ACTIVE',
    provenance: enteredBy(caller),
  };
  const participations = [participation(project._id, input.leadOrganisationId, 'LEAD'), ...cooperating.map((reference) => participation(project._id, reference.id, 'COOPERATING'))];
  try {
    await repository.governance.createProject(project, participations);
  } catch (error) {
    if (error instanceof DuplicateKeyError)
      throw badUserInputField('id', error.collection === GRANT_IDS_COLLECTION ? grantIdTaken(project._id) : `"${project._id}" already exists`);
    throw error;
  }
  loaders.project.clear(project._id);
  loaders.participationsOfProject.clear(project._id);
  return { id: project._id };
}

/** Validates the whole input (one chair, vice-chair and secretary per committee; a person sits once), then seats the person. */
export async function addCommitteeMember(key: RegistryKey, input: AddCommitteeMemberInput, { repository, loaders }: GovernanceContext): Promise<{ id: string }> {
  const checker = new InputChecker();
  const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
  const since = checkDate(checker, 'since', input.since);
  const projectId = input.projectId;
  const [project, members] = ownsId(key, projectId) ? await Promise.all([loaders.project.load(projectId), loaders.membersOfProject.load(projectId)]) : [null, []];
  if (!project) checker.add('projectId', `no committee or project "${projectId}" in the ${key} registry (a committee's members are kept by its lead's registry)`);
  // A seat taken before the organisation closed may name it; one taken now (no day) may not.
  if (input.organisationId) await checkOrganisations(checker, key, loaders, [{ field: 'organisationId', id: input.organisationId }], { on: since });
  if (project && nationalCode && members.some((member) => member.nationalCode === nationalCode)) {
    checker.add('nationalCode', `this person already sits on "${projectId}"`);
  } else if (project && input.position !== 'MEMBER' && members.some((member) => member.position === input.position)) {
    checker.add('position', `"${projectId}" already has a ${input.position}`);
  }
  checker.throwIfAny();
  guardParent('projects', project!, 'projectId', 'the committee');
  const member: ProjectMemberDocument = {
    _id: memberId(projectId, nationalCode!),
    projectId,
    nationalCode: nationalCode!,
    position: input.position,
    seat: seatOf(projectId, input.position, nationalCode!),
    ...(input.organisationId ? { organisationId: input.organisationId } : {}),
    ...(since ? { since: instantOfIsoDate(since) } : {}),
  };
  try {
    await repository.governance.addMember(member);
  } catch (error) {
    // Someone seated the same person, or took the same seat, between the check and the write.
    if (error instanceof DuplicateKeyError && error.fields.includes('seat')) throw badUserInputField('position', `"${projectId}" already has a ${input.position}`);
    if (error instanceof DuplicateKeyError) throw badUserInputField('nationalCode', `this person already sits on "${projectId}"`);
    throw error;
  }
  loaders.membersOfProject.clear(projectId);
  return { id: projectId };
}

/** A committee this registry leads, for a change to it; BAD_USER_INPUT naming `id` when there is none. */
async function committeeOf(key: RegistryKey, id: string, { loaders }: GovernanceContext): Promise<CommitteeRecord> {
  const committee = ownsId(key, id) ? await loaders.project.load(id) : null;
  if (!committee) throw badUserInputField('id', `no committee or project "${id}" led by the ${key} registry (its lead's registry keeps its status and deadline)`);
  return committee;
}

async function writeCommittee(ctx: GovernanceContext, previous: CommitteeRecord, next: CommitteeRecord): Promise<{ id: string }> {
  await ctx.repository.governance.replaceCommittee(previous, next);
  // Cleared, not primed: the stored document has a revision the one sent lacks (a second change in this request would be a false WRITE_CONFLICT).
  ctx.loaders.project.clear(next._id);
  return { id: next._id };
}

/** A committee's new status, its history keeping the one before. */
export async function setCommitteeStatus(key: RegistryKey, input: SetCommitteeStatusInput, ctx: GovernanceContext): Promise<{ id: string }> {
  const committee = await committeeOf(key, input.id, ctx);
  const checker = new InputChecker();
  const note = checkNote(checker, 'note', input.note);
  if (committee.status === input.status) checker.add('status', `"${input.id}" is ${input.status} already`);
  checker.throwIfAny();
  const change = changeBy(ctx, { field: 'STATUS', before: committee.status, after: input.status, note });
  return writeCommittee(ctx, committee, { ...committee, status: input.status, history: [...(committee.history ?? []), change] });
}

/** A committee's new deadline (or none), its history keeping the one before. */
export async function setCommitteeDeadline(key: RegistryKey, input: SetCommitteeDeadlineInput, ctx: GovernanceContext): Promise<{ id: string }> {
  const committee = await committeeOf(key, input.id, ctx);
  const checker = new InputChecker();
  const due = checkPartialDate(checker, 'dueDate', input.dueDate);
  const note = checkNote(checker, 'note', input.note);
  const before = committee.due ?? (committee.dueDate ? dayOfIso(calendarDateOf(committee.dueDate).iso) : undefined);
  const unchanged = before?.precision === due?.precision && before?.calendar === due?.calendar && before?.value === due?.value;
  if (unchanged && checker.ok) checker.add('dueDate', due ? `"${input.id}" is due ${due.value} already` : `"${input.id}" has no deadline already`);
  checker.throwIfAny();
  const change: RecordChangeRecord = changeBy(ctx, { field: 'DUE_DATE', beforeDate: before, afterDate: due, note });
  const { dueDate: _previousDay, due: _previousDue, ...rest } = committee;
  const next: CommitteeRecord = { ...rest, ...(due ? { dueDate: dueInstantOf(due), due } : {}), history: [...(committee.history ?? []), change] };
  return writeCommittee(ctx, committee, next);
}
