import { ProvenanceRecord } from '../../shared/provenance/provenance';
import { Validity } from '../../shared/credentials/validity';
import { OrganisationDocument, PersonDocument, RegistryData } from '../../shared/registry/documents';
import { StoredDocument } from '../../shared/store/port';

/** Members own or run guild units; officials (e.g. election supervisors) are in the registry without being members. */
export const GUILD_STANDINGS = ['MEMBER', 'OFFICIAL'] as const;
export type GuildStanding = (typeof GUILD_STANDINGS)[number];

export interface GuildsPersonDocument extends PersonDocument {
  standing: GuildStanding;
}

export const GUILDS_ORGANISATION_KINDS = ['CHAMBER_OF_GUILDS', 'GUILD_UNION', 'CHAMBER_OF_COMMERCE', 'MARKET_ORGANISATION', 'SPECIALISED_GROUP'] as const;
export type GuildsOrganisationKind = (typeof GUILDS_ORGANISATION_KINDS)[number];

export interface GuildsOrganisationDocument extends OrganisationDocument {
  kind: GuildsOrganisationKind;
}

/**
 * The standing last recorded on a unit (registration ACTIVE, a suspension SUSPENDED, a revocation
 * REVOKED; the demo data's lapsed units EXPIRED). What the graph shows is derived from the licence's
 * days instead (`unitLicenceValidity`, shared/credentials); the stored value is kept for readers of it.
 */
export const GUILD_UNIT_STATUSES = ['ACTIVE', 'SUSPENDED', 'EXPIRED', 'REVOKED'] as const;
export type GuildUnitStatus = (typeof GUILD_UNIT_STATUSES)[number];

/** A licence a unit held before its present one: its first and last valid days (instants, 00:00 UTC). */
export interface EarlierLicence {
  issuedOn: Date;
  validUntil: Date;
}

/** A guild unit (واحد صنفی): a licensed business, kept in the `guildUnits` collection; `_id` is the licence number. */
export interface GuildUnitDocument extends StoredDocument {
  /** Where the record came from (shared/provenance): a source text, invented for the demo, or entered by a caller. */
  provenance?: ProvenanceRecord;
  ownerNationalCode: string;
  name: string;
  activity: string;
  unionId: string;
  chamberId: string;
  status: GuildUnitStatus;
  /** The day the licence was issued: its first valid day (an instant, 00:00 UTC). */
  issuedOn: Date;
  /** The licence's last valid day. */
  validUntil: Date;
  /** The day a suspension of the licence took effect; cleared when reinstated. */
  suspendedOn?: Date;
  /** The day the licence was revoked. */
  revokedOn?: Date;
  /**
   * The licences the unit held before the present one (a licence runs five years, then a new one is
   * issued), oldest first; absent when none is recorded. What a member could do on a past day
   * (vote in 1399, say) depends on the licence valid then.
   */
  earlierLicences?: EarlierLicence[];
}

/** A unit's licence as a credential: its issue day is its first valid day. */
export const unitLicenceValidity = (unit: GuildUnitDocument): Validity => ({
  validFrom: unit.issuedOn,
  validUntil: unit.validUntil,
  ...(unit.suspendedOn ? { suspendedOn: unit.suspendedOn } : {}),
  ...(unit.revokedOn ? { revokedOn: unit.revokedOn } : {}),
});

/** Everything the guilds registry starts with: the shared registry data plus its guild units. */
export interface GuildsRegistryData extends RegistryData<GuildsPersonDocument, GuildsOrganisationDocument> {
  guildUnits: GuildUnitDocument[];
}
