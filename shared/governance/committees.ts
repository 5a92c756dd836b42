import { badUserInputField, InputChecker } from '../errors';
import { ownsId, RegistryKey } from '../registry';
import { participationId, ParticipationDocument, ParticipationRole, ProjectDocument, ProjectKind, ProjectStatus } from '../registry/documents';
import { RegistryContext } from '../registry/resolvers';
import { DuplicateKeyError } from '../store/port';
import { instantOfIsoDate } from '../text/calendar';
import { checkDate, checkNationalCode, checkText } from '../validation';
import { checkNewId, checkOrganisations, checkOwnOrganisation, checkRequiredDate, referenceList } from './checks';
import { CommitteePosition, memberId, ProjectMemberDocument, seatOf } from './documents';

export interface CreateCommitteeInput {
  id: string;
  kind: ProjectKind;
  title: string;
  mandate: string;
  leadOrganisationId: string;
  cooperatingOrganisationIds: string[];
  dueDate: string;
  status?: ProjectStatus | null;
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
export async function createCommittee(key: RegistryKey, input: CreateCommitteeInput, { repository, loaders }: RegistryContext): Promise<{ id: string }> {
  const checker = new InputChecker();
  const id = checkNewId(checker, 'id', key, input.id);
  const title = checkText(checker, 'title', input.title, { min: 2, max: 200 });
  const mandate = checkText(checker, 'mandate', input.mandate, { min: 2, max: 2000 });
  const dueDate = checkRequiredDate(checker, 'dueDate', input.dueDate);
  const cooperating = referenceList(checker, 'cooperatingOrganisationIds', input.cooperatingOrganisationIds, input.leadOrganisationId);
  await Promise.all([
    checkOwnOrganisation(checker, key, loaders, { field: 'leadOrganisationId', id: input.leadOrganisationId }),
    checkOrganisations(checker, key, loaders, cooperating),
    id && loaders.project.load(id).then((found) => found && checker.add('id', `"${id}" already exists`)),
  ]);
  checker.throwIfAny();
  const project: ProjectDocument = {
    _id: id!,
    kind: input.kind,
    title: title!,
    mandate: mandate!,
    dueDate: instantOfIsoDate(dueDate!),
    status: input.status ?? 'ACTIVE',
  };
  const participations = [
    participation(project._id, input.leadOrganisationId, 'LEAD'),
    ...cooperating.map((reference) => participation(project._id, reference.id, 'COOPERATING')),
  ];
  try {
    await repository.governance.createProject(project, participations);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField('id', `"${project._id}" already exists`);
    throw error;
  }
  loaders.project.clear(project._id);
  loaders.participationsOfProject.clear(project._id);
  return { id: project._id };
}

/** Validates the whole input (one chair, vice-chair and secretary per committee; a person sits once), then seats the person. */
export async function addCommitteeMember(key: RegistryKey, input: AddCommitteeMemberInput, { repository, loaders }: RegistryContext): Promise<{ id: string }> {
  const checker = new InputChecker();
  const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
  const since = checkDate(checker, 'since', input.since);
  const projectId = input.projectId;
  const [project, members] = ownsId(key, projectId)
    ? await Promise.all([loaders.project.load(projectId), loaders.membersOfProject.load(projectId)])
    : [null, []];
  if (!project) checker.add('projectId', `no committee or project "${projectId}" in the ${key} registry (a committee's members are kept by its lead's registry)`);
  if (input.organisationId) await checkOrganisations(checker, key, loaders, [{ field: 'organisationId', id: input.organisationId }]);
  if (project && nationalCode && members.some((member) => member.nationalCode === nationalCode)) {
    checker.add('nationalCode', `this person already sits on "${projectId}"`);
  } else if (project && input.position !== 'MEMBER' && members.some((member) => member.position === input.position)) {
    checker.add('position', `"${projectId}" already has a ${input.position}`);
  }
  checker.throwIfAny();
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
