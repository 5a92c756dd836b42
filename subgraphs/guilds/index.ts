import { join } from 'node:path';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { defineRegistry } from '../../shared/registry/define';
import { OrganisationDocument } from '../../shared/registry/documents';
import { GUILDS_CREDENTIAL_KINDS } from './credential-kinds';
import { guildsCredentialResolvers } from './credentials';
import { guildsDemoData } from './demo-data';
import { guildsDemoProvenance } from './provenance';
import { electionsContext, ElectionsRepository, electionsResolvers } from './elections';
import { electionsMeResolvers } from './elections/me';
import { electionDateSource } from './elections/events';
import { ELECTION_COLLECTIONS } from './elections/documents';
import { GUILDS_EVENT_TYPES } from './events';
import { createGuildsLoaders } from './loaders';
import { programmesContext, ProgrammesRepository, programmesResolvers } from './programmes';
import { GuildsRepository } from './repository';
import { chamberCopiesFollowingMove, forgetChamberCopies } from './union-moves';
import { guildsResolvers } from './resolvers';
import { GUILDS_MEASURES } from './measures';
import { guildsScaleData } from './scale-data';

/**
 * The subgraph of the chambers of guilds and of commerce, their unions and guild units: what every
 * registry has (shared/registry/define.ts), and its own (guild units, elections, programmes).
 */
export const guildsSubgraph = defineRegistry({
  key: 'guilds',
  defaultPort: 4004,
  // Its schema.graphql first; each feature adds its own file (`extend type Query`...).
  schemaFiles: ['schema.graphql', 'elections/elections.graphql', 'elections/me.graphql', 'programmes/programmes.graphql', 'credentials.graphql'].map((file) =>
    join(__dirname, file),
  ),
  resolvers: mergeResolvers(guildsResolvers, electionsResolvers, electionsMeResolvers, programmesResolvers, guildsCredentialResolvers),
  credentialKinds: GUILDS_CREDENTIAL_KINDS,
  // A union belongs to a chamber of guilds; a market organisation may belong to a specialised group; the rest stand at the top.
  organisationKinds: {
    CHAMBER_OF_GUILDS: { under: [] },
    GUILD_UNION: { under: ['CHAMBER_OF_GUILDS'], parentRequired: true },
    CHAMBER_OF_COMMERCE: { under: [] },
    MARKET_ORGANISATION: { under: ['SPECIALISED_GROUP'] },
    SPECIALISED_GROUP: { under: [] },
  },
  measures: GUILDS_MEASURES,
  create(store) {
    const repository = new GuildsRepository(store);
    const elections = new ElectionsRepository(store);
    const programmes = new ProgrammesRepository(store);
    return {
      repository,
      context: () => {
        const loaders = createGuildsLoaders(repository);
        const electionsPart = electionsContext(elections);
        const moved = async (previous: OrganisationDocument, next: OrganisationDocument) => {
          const writes = await chamberCopiesFollowingMove({ repository, elections }, previous, next);
          // The move's write gives each a new revision: the request reads them again after it (its mutations run one after another, none reads them meanwhile).
          forgetChamberCopies({ guilds: loaders, elections: electionsPart.elections.loaders }, writes);
          return writes;
        };
        return { repository, loaders, organisationHooks: { moved }, ...electionsPart, ...programmesContext(programmes) };
      },
      ensureIndexes: async () => {
        await elections.ensureIndexes();
        await programmes.ensureIndexes();
      },
      dateSources: [electionDateSource((filter) => elections.electionsWhere(filter))],
    };
  },
  demoData: guildsDemoData,
  demoProvenance: guildsDemoProvenance,
  scaleData: guildsScaleData,
  eventTypes: GUILDS_EVENT_TYPES,
  // Who voted and what was voted are kept apart and undated; earlier versions of either would join them again.
  unversionedCollections: [ELECTION_COLLECTIONS.voters, ELECTION_COLLECTIONS.ballots],
});
