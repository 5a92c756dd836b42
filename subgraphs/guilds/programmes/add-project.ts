import { createHash } from 'node:crypto';
import { badUserInputField, InputChecker } from '../../../shared/errors';
import { guardParent } from '../../../shared/registry/parent-guard';
import { DuplicateKeyError } from '../../../shared/store/port';
import { searchKey } from '../../../shared/text/normalize';
import { checkText } from '../../../shared/validation';
import { ProgrammesContext } from './context';
import { PROGRAMME_COLLECTIONS, StageDocument, stageId, StructuredProjectDocument } from './documents';

export interface AddStructuredProjectInput {
  programmeId: string;
  name: string;
  city?: string | null;
  purpose: string;
  stages: readonly string[];
}

const MAX_ID_LENGTH = 300;
const MAX_STAGES = 12;

/** The same chamber and name (in any spelling) make the same project: one id. */
export const structuredProjectIdOf = (chamberId: string, name: string): string =>
  `guilds:structured-${createHash('sha256')
    .update(`${chamberId}|${searchKey(name)}`)
    .digest('hex')
    .slice(0, 12)}`;

/**
 * Whether the chamber already has a project of this name (in any spelling): its projects compared by
 * today's key, not by the id alone, since one made before `searchKey` read the digits of every
 * script or dropped emoji presentation selectors (3b8d9c4, 59c0b7d) has the id the name's older key
 * made, and «طرح ৭» made again got a second id.
 */
async function alreadyNamed(repository: ProgrammesContext['programmes']['repository'], chamberId: string, name: string): Promise<boolean> {
  const key = searchKey(name);
  return (await repository.findProjectsOfChamber(chamberId)).some((project) => searchKey(project.name) === key);
}

/**
 * `addStructuredProject`: a structured project under a programme that has the STRUCTURED_PROJECTS
 * axis, with its stages in order at 0 %; the project and its stages are written together or not
 * at all. A chamber's project name is taken once.
 */
export async function addStructuredProject(input: AddStructuredProjectInput, context: ProgrammesContext): Promise<StructuredProjectDocument> {
  const { loaders, repository } = context.programmes;
  const checker = new InputChecker();
  const programme = input.programmeId.length <= MAX_ID_LENGTH ? await loaders.programme.load(input.programmeId) : null;
  if (!programme) checker.add('programmeId', `"${input.programmeId}" is not a chamber programme`);
  else if (!programme.axes.some((a) => a.kind === 'STRUCTURED_PROJECTS')) checker.add('programmeId', `${programme._id} has no STRUCTURED_PROJECTS axis; add it first`);
  const name = checkText(checker, 'name', input.name, { min: 3, max: 300 });
  const city = input.city === null || input.city === undefined ? undefined : checkText(checker, 'city', input.city, { min: 2, max: 100 });
  const purpose = checkText(checker, 'purpose', input.purpose, { min: 5, max: 1000 });
  if (input.stages.length === 0 || input.stages.length > MAX_STAGES) checker.add('stages', `name 1 to ${MAX_STAGES} stages, in order; got ${input.stages.length}`);
  const stageNames = input.stages.slice(0, MAX_STAGES).map((stage, i) => checkText(checker, `stages[${i}]`, stage, { min: 2, max: 200 }));
  const id = programme && name ? structuredProjectIdOf(programme.chamberId, name) : undefined;
  const taken = `${programme?.chamberId} already has the structured project «${name}» (${id})`;
  if (id && (await alreadyNamed(repository, programme!.chamberId, name!))) checker.add('name', taken);
  checker.throwIfAny();
  guardParent(PROGRAMME_COLLECTIONS.programmes, programme!, 'programmeId', 'the programme');
  const project: StructuredProjectDocument = {
    _id: id!,
    chamberId: programme!.chamberId,
    programmeId: programme!._id,
    name: name!,
    ...(city ? { city } : {}),
    purpose: purpose!,
    cancelled: false,
  };
  const stages: StageDocument[] = stageNames.map((stageName, i) => ({ _id: stageId(project._id, i + 1), projectId: project._id, order: i + 1, name: stageName!, progress: 0 }));
  try {
    await repository.insertProject(project, stages);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField('name', taken);
    throw error;
  }
  loaders.project.clear(project._id);
  loaders.projectsOfProgramme.clear(programme!._id);
  loaders.stagesOfProject.clear(project._id);
  return project;
}
