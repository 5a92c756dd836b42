import { badUserInputField, InputChecker } from '../errors';
import { ownsId, RegistryKey } from '../registry/keys';
import { guardParent } from '../registry/parent-guard';
import { participationId, ParticipationDocument } from '../registry/documents';
import { DuplicateKeyError } from '../store/port';
import { checkOptionalText } from '../validation';
import { checkOrganisations, checkOwnOrganisation, checkProjectReference } from './checks';
import { GovernanceContext } from './history';

export interface CooperationInput {
  projectId: string;
  organisationId: string;
  contribution?: string | null;
}

export interface RemoveCooperationInput {
  projectId: string;
  organisationId: string;
}

/**
 * Records, as this registry's word, that an organisation cooperates in a project: in one it leads,
 * an organisation of any registry (another registry's is invited until that registry records it
 * too); in another registry's, one of its own organisations (its consent, or an offer). Each
 * registry speaks for its own organisations, so a lead cannot make another registry's take part.
 */
export async function addCooperation(key: RegistryKey, input: CooperationInput, { repository, loaders }: GovernanceContext): Promise<{ id: string }> {
  const checker = new InputChecker();
  const { projectId, organisationId } = input;
  const leads = ownsId(key, projectId);
  const contribution = checkOptionalText(checker, 'contribution', input.contribution, { min: 2, max: 500 });
  const organisation = { field: 'organisationId', id: organisationId };
  await Promise.all([
    checkProjectReference(checker, key, loaders, { field: 'projectId', id: projectId }),
    leads ? checkOrganisations(checker, key, loaders, [organisation]) : checkOwnOrganisation(checker, key, loaders, organisation),
  ]);
  const recorded = (await loaders.participationsOfProject.load(projectId)).find((participation) => participation.organisationId === organisationId);
  if (recorded) checker.add('organisationId', alreadyRecorded(key, recorded));
  checker.throwIfAny();
  if (leads) guardParent('projects', (await loaders.project.load(projectId))!, 'projectId', 'the project');
  const participation: ParticipationDocument = {
    _id: participationId({ projectId, organisationId }),
    projectId,
    organisationId,
    role: 'COOPERATING',
    ...(contribution ? { contribution } : {}),
  };
  try {
    await repository.governance.addParticipation(participation);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField('organisationId', alreadyRecorded(key, participation));
    throw error;
  }
  loaders.participationsOfProject.clear(projectId);
  return { id: projectId };
}

/** Withdraws this registry's record of an organisation's cooperation (not a lead's own part). */
export async function removeCooperation(key: RegistryKey, input: RemoveCooperationInput, { repository, loaders }: GovernanceContext): Promise<{ id: string }> {
  const { projectId, organisationId } = input;
  const removed = await repository.governance.removeCooperation(participationId({ projectId, organisationId }));
  if (!removed) throw badUserInputField('organisationId', `the ${key} registry records no cooperation of "${organisationId}" in "${projectId}"`);
  loaders.participationsOfProject.clear(projectId);
  return { id: projectId };
}

const alreadyRecorded = (key: RegistryKey, participation: Pick<ParticipationDocument, 'organisationId' | 'projectId' | 'role'>): string =>
  participation.role === 'LEAD'
    ? `"${participation.organisationId}" leads "${participation.projectId}"`
    : `the ${key} registry records "${participation.organisationId}" as cooperating in "${participation.projectId}" already`;
