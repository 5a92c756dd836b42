import { InputChecker } from '../../../shared/errors';
import { checkOpenOrganisation } from '../../../shared/registry/open-organisation';
import { OrganisationDocument } from '../../../shared/registry/documents';
import { ProgrammesContext } from './context';

const CHAMBER_KINDS = ['CHAMBER_OF_COMMERCE', 'CHAMBER_OF_GUILDS'];
const MAX_ID_LENGTH = 200;

/** The chamber of the guilds registry `chamberId` names, or undefined with the problem recorded under `field`. */
export async function checkChamber(checker: InputChecker, field: string, chamberId: string, context: ProgrammesContext): Promise<OrganisationDocument | undefined> {
  const chamber = chamberId.startsWith('guilds:') && chamberId.length <= MAX_ID_LENGTH ? await context.loaders.organisation.load(chamberId) : null;
  if (chamber && CHAMBER_KINDS.includes(chamber.kind)) return checkOpenOrganisation(checker, field, chamber) ? chamber : undefined;
  checker.add(field, `"${chamberId}" is not a chamber of the guilds registry`);
  return undefined;
}
