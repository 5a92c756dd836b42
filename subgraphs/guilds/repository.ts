import { RegistryRepository } from '../../shared/registry/repository';
import { CatalogSource } from '../../shared/credentials/catalog';
import { credentialFilter, CredentialCriteria } from '../../shared/credentials/filters';
import { keysetPage } from '../../shared/graphql/keyset-page';
import { Page, PageRequest } from '../../shared/graphql/pagination';
import { CredentialEventSubject } from '../../shared/credentials/events';
import { EventDraft } from '../../shared/outbox/events';
import { DocumentWrite, Filter, StoreCollection, StoredDocument } from '../../shared/store/port';
import { GUILDS_CREDENTIAL_KINDS } from './credential-kinds';
import { unitRegisteredEvent } from './events';
import { GuildsOrganisationDocument, GuildsPersonDocument, GuildsRegistryData, GuildUnitDocument, unitLicenceValidity } from './documents';

/** The store query for guild units' licences (their first valid day is `issuedOn`), narrowed. */
export const unitLicenceFilter = (criteria: CredentialCriteria, own: Filter[] = []): Filter => credentialFilter(own, criteria, '', 'issuedOn');

/** The only code that touches the guilds registry's database. */
export class GuildsRepository extends RegistryRepository<GuildsPersonDocument, GuildsOrganisationDocument> {
  protected readonly guildUnits: StoreCollection<GuildUnitDocument> = this.store.collection<GuildUnitDocument>('guildUnits');

  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes();
    await this.guildUnits.ensureIndex({ name: 'guildUnits_by_owner', keys: { ownerNationalCode: 1 } });
    // A union's units in id order: a keyset page of a union stops after its page, without sorting the union.
    await this.guildUnits.ensureIndex({ name: 'guildUnits_by_union_in_id_order', keys: { unionId: 1, _id: 1 } });
    await this.guildUnits.ensureIndex({ name: 'guildUnits_by_licence_expiry', keys: { validUntil: 1 } });
  }

  /** Guild units whose licence passes the filter, in licence-number order. */
  pageUnitLicences(filter: Filter, request: PageRequest): Promise<Page<GuildUnitDocument>> {
    return keysetPage(this.guildUnits, filter, request, (unit) => unit._id);
  }

  /** Replaces a unit (its licence was renewed, suspended, reinstated or revoked), with the events it causes. */
  async replaceUnit(previous: GuildUnitDocument, next: GuildUnitDocument, events: readonly EventDraft[] = []): Promise<void> {
    if (events.length > 0) return this.replaceWithEvents('guildUnits', previous, next, `The guild unit ${previous._id}`, events);
    await this.replaceUnlessChanged(this.guildUnits, previous, next, `The guild unit ${previous._id}`);
  }

  /** What names a unit's licence in the events of its changes. */
  unitLicenceSubject(): CredentialEventSubject {
    return this.credentialSubject('guilds', GUILDS_CREDENTIAL_KINDS, 'GUILD_UNIT_LICENCE');
  }

  /** The guilds registry's part of the cross-registry credential list: units' licences, held by their owners. */
  override credentialCatalogSources(): CatalogSource[] {
    return [
      {
        kind: 'GUILD_UNIT_LICENCE',
        collection: this.guildUnits,
        filter: (criteria) => unitLicenceFilter(criteria),
        keyField: '_id',
        holderField: 'ownerNationalCode',
        facts: (document) => {
          const unit = document as GuildUnitDocument;
          return {
            key: unit._id,
            number: unit._id,
            title: `پروانه کسب ${unit.name} (${unit.activity})`,
            holder: { nationalCode: unit.ownerNationalCode },
            validity: unitLicenceValidity(unit),
            organisationId: unit.unionId,
          };
        },
      },
    ];
  }

  /** The shared collections' starting data, then the guild units. */
  protected override startingData(data: GuildsRegistryData): [StoreCollection<StoredDocument>, StoredDocument[]][] {
    return [...super.startingData(data), [this.guildUnits, data.guildUnits]];
  }

  /**
   * Writes a new unit and, when given, its new owner, all or nothing. A licence number or owner
   * registered meanwhile by someone else comes back as a DuplicateKeyError from the store.
   */
  async registerUnit(unit: GuildUnitDocument, newOwner: GuildsPersonDocument | undefined): Promise<void> {
    const writes: DocumentWrite[] = [
      ...(newOwner ? [{ collection: 'people', kind: 'insert' as const, document: newOwner }] : []),
      { collection: 'guildUnits', kind: 'insert', document: unit },
    ];
    await this.outbox.writeWith(writes, [unitRegisteredEvent(this.unitLicenceSubject(), unit)]);
  }

  findUnits(licenceNumbers: readonly string[]): Promise<GuildUnitDocument[]> {
    return this.guildUnits.find({ _id: { $in: [...licenceNumbers] } });
  }

  /** Every unit owned by one of these people, in licence-number order. */
  findUnitsOfOwners(nationalCodes: readonly string[]): Promise<GuildUnitDocument[]> {
    return this.guildUnits.find({ ownerNationalCode: { $in: [...nationalCodes] } }, { sort: { _id: 1 } });
  }

  /** Every unit registered with one of these unions, in licence-number order. */
  findUnitsOfUnions(unionIds: readonly string[]): Promise<GuildUnitDocument[]> {
    return this.guildUnits.find({ unionId: { $in: [...unionIds] } }, { sort: { _id: 1 } });
  }
}
