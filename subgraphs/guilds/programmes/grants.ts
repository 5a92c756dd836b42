import { recordGrant, requireGrant } from '../../../shared/auth/grants';
import { ProgrammesContext } from './context';

const MAX_ID_LENGTH = 300;
const known = (id: string) => id.length <= MAX_ID_LENGTH;

/** The chamber officers' grant: `guilds:programme:<chamberId>`. */
const officersOf = (chamberId: string) => ({ scope: recordGrant.programme('guilds', chamberId), holder: "the chamber's officers" });

/**
 * Refuses, before anything is written, a caller who is neither `guilds:admin` nor one of the
 * chamber's officers. `chamberId` is undefined when the record named does not exist: then only
 * `guilds:admin` passes (and learns it does not exist).
 */
function requireChamberOfficer(context: ProgrammesContext, action: string, chamberId: string | undefined): void {
  requireGrant(context.caller, { registry: 'guilds', action, records: chamberId ? [officersOf(chamberId)] : [] });
}

/** The chamber officers may change their own chamber's programmes, projects and agreements; these find the chamber of what a change names. */
export const programmeGrants = {
  ofChamber: (context: ProgrammesContext, action: string, chamberId: string) => requireChamberOfficer(context, `${action} for ${chamberId}`, chamberId),
  async ofProgramme(context: ProgrammesContext, action: string, programmeId: string): Promise<void> {
    const programme = known(programmeId) ? await context.programmes.loaders.programme.load(programmeId) : null;
    requireChamberOfficer(context, `${action} on ${programmeId}`, programme?.chamberId);
  },
  async ofIndicator(context: ProgrammesContext, action: string, indicatorId: string): Promise<void> {
    const indicator = known(indicatorId) ? await context.programmes.loaders.indicator.load(indicatorId) : null;
    const programme = indicator ? await context.programmes.loaders.programme.load(indicator.programmeId) : null;
    requireChamberOfficer(context, `${action} on ${indicatorId}`, programme?.chamberId);
  },
  async ofProject(context: ProgrammesContext, action: string, projectId: string): Promise<void> {
    const project = known(projectId) ? await context.programmes.loaders.project.load(projectId) : null;
    requireChamberOfficer(context, `${action} on ${projectId}`, project?.chamberId);
  },
};
