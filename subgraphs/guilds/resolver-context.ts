import { ElectionsContext } from './elections/context';
import { ProgrammesContext } from './programmes/context';

/** What every guilds resolver receives as context: the registry's repository and loaders, its elections and programmes, and the caller. */
export type GuildsResolverContext = ElectionsContext & ProgrammesContext;
