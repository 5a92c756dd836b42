import type { governanceResolvers } from '../../shared/governance/resolvers';
import type { ResolversFor } from '../../shared/graphql/merge-resolvers';
import type { Resolvers } from './generated/resolvers-types';

/** The resolver maps shared/ builds for this registry (shared/registry/define.ts merges them), checked against its schema. */
export type GuildsGovernanceResolvers = ResolversFor<Resolvers, ReturnType<typeof governanceResolvers<'guilds'>>>;
