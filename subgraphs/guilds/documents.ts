import { OrganisationDocument, PersonDocument, RegistryData } from '../../shared/registry/documents';
import { StoredDocument } from '../../shared/store/port';

/** Members own or run guild units; officials (e.g. election supervisors) are in the registry without being members. */
export const GUILD_STANDINGS = ['MEMBER', 'OFFICIAL'] as const;
export type GuildStanding = (typeof GUILD_STANDINGS)[number];

export interface GuildsPersonDocument extends PersonDocument {
  standing: GuildStanding;
}

export const GUILDS_ORGANISATION_KINDS = [
  'CHAMBER_OF_GUILDS',
  'GUILD_UNION',
  'CHAMBER_OF_COMMERCE',
  'MARKET_ORGANISATION',
  'SPECIALISED_GROUP',
] as const;
export type GuildsOrganisationKind = (typeof GUILDS_ORGANISATION_KINDS)[number];

export interface GuildsOrganisationDocument extends OrganisationDocument {
  kind: GuildsOrganisationKind;
  /** A union's chamber; a market organisation's specialised group. */
  parentId?: string;
}

export const GUILD_UNIT_STATUSES = ['ACTIVE', 'SUSPENDED', 'EXPIRED'] as const;
export type GuildUnitStatus = (typeof GUILD_UNIT_STATUSES)[number];

/** A guild unit (واحد صنفی): a licensed business, kept in the `guildUnits` collection; `_id` is the licence number. */
export interface GuildUnitDocument extends StoredDocument {
  ownerNationalCode: string;
  name: string;
  activity: string;
  unionId: string;
  chamberId: string;
  status: GuildUnitStatus;
  /** ISO date the licence was issued. */
  issuedOn: string;
  /** ISO date of the licence's last valid day. */
  validUntil: string;
}

/** Everything the guilds registry starts with: the shared registry data plus its guild units. */
export interface GuildsRegistryData extends RegistryData<GuildsPersonDocument, GuildsOrganisationDocument> {
  guildUnits: GuildUnitDocument[];
}
