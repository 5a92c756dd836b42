import { defineCredentialKinds } from '../../shared/credentials/kinds';

/** The credentials the guilds registry keeps, as the graph's `CredentialKind` enum names them. */
export const GUILDS_CREDENTIAL_KINDS = defineCredentialKinds('guilds', {
  GUILD_UNIT_LICENCE: {
    slug: 'unit-licence',
    holder: 'PERSON',
    description: "A guild unit's business licence (پروانه کسب), guilds registry; held by the unit's owner.",
  },
});
