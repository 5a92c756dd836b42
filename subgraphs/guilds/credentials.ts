import { Caller } from '../../shared/auth/caller';
import { checkCredentialListArgs, CredentialListArgs } from '../../shared/credentials/arguments';
import { CredentialChange } from '../../shared/credentials/changes';
import { credentialEvent } from '../../shared/credentials/events';
import { actOnCredentialDocument, CredentialDocumentStore } from '../../shared/credentials/held-in-collection';
import { listed, Listed, validityResolvers } from '../../shared/credentials/resolvers';
import { credentialStatus, startOfUtcDay, Validity } from '../../shared/credentials/validity';
import { InputChecker } from '../../shared/errors';
import { checkOpenOrganisation } from '../../shared/registry/open-organisation';
import { Filter } from '../../shared/store/port';
import { calendarDateOf } from '../../shared/text/calendar';
import { credentialNumberKey } from '../../shared/credentials/credential-number';
import { Resolvers } from './generated/resolvers-types';
import { GuildUnitDocument, GuildUnitStatus, unitLicenceValidity } from './documents';
import { unitLicenceFilter } from './repository';
import { GuildsContext } from './context';

interface UnitLicencesArgs extends CredentialListArgs {
  unionId?: string | null;
}

/** A unit's licence with the standing it records, so the stored standing follows the licence's changes. */

type UnitAsCredential = GuildUnitDocument & Validity;

/** Reads a unit as a credential (first valid day = issue day) and writes it back with its recorded standing kept in step. */
const unitLicences = ({ repository, loaders }: GuildsContext): CredentialDocumentStore<UnitAsCredential> => ({
  load: async (licenceNumber) => {
    const unit = await loaders.unitsByLicence.load(credentialNumberKey(licenceNumber));
    return unit ? { ...unit, ...unitLicenceValidity(unit) } : null;
  },
  save: async (previousAsCredential, changed, event) => {
    // The unit as stored: the store keeps and restores `previous` as it is given (its earlier version, an undo).
    const { validFrom: _readIssuedOn, ...previous } = previousAsCredential;
    const { validFrom: _issuedOn, ...rest } = changed;
    const { suspendedOn, revokedOn } = changed;
    const status: GuildUnitStatus = revokedOn ? 'REVOKED' : suspendedOn ? 'SUSPENDED' : changed.validUntil < startOfUtcDay() ? 'EXPIRED' : 'ACTIVE';
    const unit: GuildUnitDocument = { ...rest, status };
    if (!suspendedOn) delete unit.suspendedOn;
    await repository.replaceUnit(previous, unit, [credentialEvent(repository.unitLicenceSubject(), unit, event)]);
    loaders.unitsByLicence.clear(unit._id);
    loaders.unitsOfOwner.clear(unit.ownerNationalCode);
    loaders.unitsOfUnion.clear(unit.unionId);
  },
});

const stored = (unit: UnitAsCredential): GuildUnitDocument => {
  const { validFrom: _issuedOn, ...rest } = unit;
  return rest;
};

/** The GraphQL `GuildUnitStatus` of a licence's derived status: VALID shows as ACTIVE. */
const unitStatus = (unit: Listed<GuildUnitDocument>, asOf: Date) => {
  const status = credentialStatus(unitLicenceValidity(unit), asOf);
  return status === 'VALID' ? 'ACTIVE' : status;
};

const licenceValidity = validityResolvers<Listed<GuildUnitDocument>>(unitLicenceValidity);

/** The guilds registry's credential queries, mutations and fields: guild units' licences (پروانه کسب). */
export const guildsCredentialResolvers = {
  Query: {
    guildUnitLicences: async (_: unknown, args: UnitLicencesArgs, { repository }: GuildsContext) => {
      const criteria = checkCredentialListArgs(args);
      const own: Filter[] = args.unionId ? [{ unionId: args.unionId }] : [];
      const page = await repository.pageUnitLicences(unitLicenceFilter(criteria, own), args);
      return { ...page, nodes: page.nodes.map((unit) => listed(unit, criteria.asOf)) };
    },
  },
  Mutation: {
    renewGuildUnitLicence: async (_: unknown, { input }: { input: { licenceNumber: string; validUntil: string } }, context: GuildsContext & { caller?: Caller }) => {
      // A unit of a closed union is not renewed (it may still be suspended or revoked).
      const unit = await context.loaders.unitsByLicence.load(credentialNumberKey(input.licenceNumber));
      const union = unit ? await context.loaders.organisation.load(unit.unionId) : null;
      const unionOpen = (checker: InputChecker) => void (union && checkOpenOrganisation(checker, 'licenceNumber', union));
      return stored(
        await actOnCredentialDocument(
          unitLicences(context),
          'licenceNumber',
          input.licenceNumber,
          'guild unit licence',
          { type: 'renew', validUntil: input.validUntil, by: context.caller },
          unionOpen,
        ),
      );
    },
    changeGuildUnitLicenceStanding: async (
      _: unknown,
      { input }: { input: { licenceNumber: string; change: CredentialChange; on?: string | null } },
      context: GuildsContext & { caller?: Caller },
    ) =>
      stored(
        await actOnCredentialDocument(unitLicences(context), 'licenceNumber', input.licenceNumber, 'guild unit licence', {
          type: 'standing',
          change: input.change,
          on: input.on,
          by: context.caller,
        }),
      ),
  },
  GuildUnit: {
    issuedOn: (unit: GuildUnitDocument) => calendarDateOf(unit.issuedOn),
    validUntil: (unit: GuildUnitDocument) => calendarDateOf(unit.validUntil),
    suspendedOn: licenceValidity.suspendedOn,
    revokedOn: licenceValidity.revokedOn,
    daysRemaining: licenceValidity.daysRemaining,
    licenceStatus: licenceValidity.status,
    status: (unit: Listed<GuildUnitDocument>) => unitStatus(unit, unit.asOf ?? startOfUtcDay()),
  },
} satisfies Resolvers;
