import { InputChecker, writeConflict } from '../../../shared/errors';
import { WriteConflictError } from '../../../shared/store/port';
import { ProgrammesContext } from './context';
import { checkPastDay } from './days';
import { StageDocument, StructuredProjectDocument } from './documents';

export interface RecordStageProgressInput {
  projectId: string;
  stage: number;
  progress: number;
  asOf: string;
}

/** `recordStructuredProjectStageProgress`: how far one stage of a structured project has come, on a day. */
export async function recordStageProgress(input: RecordStageProgressInput, context: ProgrammesContext): Promise<StructuredProjectDocument> {
  const { loaders, clock, repository } = context.programmes;
  const checker = new InputChecker();
  const project = input.projectId.length <= 300 ? await loaders.project.load(input.projectId) : null;
  if (!project) checker.add('projectId', `"${input.projectId}" is not a structured project of the guilds registry`);
  else if (project.cancelled) checker.add('projectId', `${project._id} was cancelled; its stages no longer progress`);
  const stages = project ? await loaders.stagesOfProject.load(project._id) : [];
  const stage = stages.find((s) => s.order === input.stage);
  if (project && !stage) checker.add('stage', `${project._id} has stages ${stages.map((s) => s.order).join(', ')}; got ${input.stage}`);
  if (!Number.isInteger(input.progress) || input.progress < 0 || input.progress > 100) {
    checker.add('progress', `must be a whole percentage from 0 to 100; got ${input.progress}`);
  }
  const asOf = checkPastDay(checker, 'asOf', input.asOf, clock());
  if (asOf && stage?.progressAsOf && asOf < stage.progressAsOf) {
    checker.add('asOf', `is before the stage's last recorded progress (${stage.progressAsOf.toISOString().slice(0, 10)})`);
  }
  checker.throwIfAny();
  const { completedOn: _previous, ...rest } = stage!;
  const recorded: StageDocument = { ...rest, progress: input.progress, progressAsOf: asOf!, ...(input.progress === 100 ? { completedOn: stage!.completedOn ?? asOf! } : {}) };
  try {
    await repository.saveStage(stage!, recorded);
  } catch (error) {
    if (error instanceof WriteConflictError) throw writeConflict(`Stage ${stage!.order} of ${project!._id}`);
    throw error;
  }
  loaders.stagesOfProject.clear(project!._id);
  return project!;
}
