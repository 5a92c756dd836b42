import type { Listed } from '../../shared/credentials/resolvers';
import type { GuildUnitDocument } from './documents';

/** A guild unit as its GraphQL type resolves it: with its list's `asOf` when listed. */
export type ListedGuildUnit = Listed<GuildUnitDocument>;
