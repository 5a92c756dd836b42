import { InputChecker } from '../../../shared/errors';
import { ElectionsContext } from './context';
import { ElectionDocument } from './documents';

/** The election an input names, or undefined with the problem recorded under `field`. */
export async function checkElectionId(checker: InputChecker, field: string, id: string, context: ElectionsContext): Promise<ElectionDocument | undefined> {
  const election = id.startsWith('guilds:election-') ? await context.elections.loaders.election.load(id) : null;
  if (!election) {
    checker.add(field, `"${id}" is not an election of the guilds registry`);
    return undefined;
  }
  return election;
}
