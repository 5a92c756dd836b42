import { Caller } from '../../shared/auth/caller';
import { enteredBy } from '../../shared/provenance/provenance';
import { checkNumberHoldsNoCode } from '../../shared/credentials/checks';
import { credentialNumberKey } from '../../shared/credentials/credential-number';
import { badUserInputField, InputChecker, writeConflict } from '../../shared/errors';
import { refreshPerson } from '../../shared/registry/loaders';
import { checkOpenOrganisation } from '../../shared/registry/open-organisation';
import { guardParent } from '../../shared/registry/parent-guard';
import { personNameFields } from '../../shared/registry/person-name-fields';
import { message } from '../../shared/messages/catalog';
import { nameParts } from '../../shared/text/person-name';
import { DuplicateKeyError } from '../../shared/store/port';
import { checkDate, checkNationalCode, checkOptionalText, checkText } from '../../shared/validation';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { GuildsPersonDocument, GuildUnitDocument } from './documents';
import { GuildsContext } from './context';
import { guardUnionInItsChamber } from './union-chamber-guard';

export interface RegisterGuildUnitInput {
  licenceNumber: string;
  name: string;
  activity: string;
  unionId: string;
  ownerNationalCode: string;
  ownerFullName?: string | null;
  issuedOn: string;
  validUntil: string;
}

const LICENCE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/-]{1,28}[A-Za-z0-9]$/;

/** Checks the whole input, store look-ups included, before anything is written. */
async function checkRegistration(input: RegisterGuildUnitInput, { loaders }: GuildsContext) {
  const checker = new InputChecker();
  // One spelling per number (credentialNumberKey): `ab-7001` is the licence `AB-7001`, not a second one.
  const licenceNumber = credentialNumberKey(input.licenceNumber);
  if (!LICENCE_NUMBER.test(licenceNumber)) {
    checker.add('licenceNumber', `"${input.licenceNumber}" is not a licence number: 3 to 30 letters, digits, dashes or slashes`);
  } else if ((await loaders.unitsByLicence.load(licenceNumber)) !== null) {
    checker.add('licenceNumber', `${licenceNumber} is already registered`);
  }
  const name = checkText(checker, 'name', input.name, { min: 2, max: 120 });
  const activity = checkText(checker, 'activity', input.activity, { min: 2, max: 120 });
  const issuedOn = checkDate(checker, 'issuedOn', input.issuedOn);
  const validUntil = checkDate(checker, 'validUntil', input.validUntil);
  if (issuedOn && validUntil && validUntil < issuedOn) checker.add('validUntil', `${validUntil} is before the issue date ${issuedOn}`);

  const union = input.unionId.startsWith('guilds:') ? await loaders.organisation.load(input.unionId) : null;
  if (!union || union.kind !== 'GUILD_UNION' || !union.parentId) {
    checker.add('unionId', `"${input.unionId}" is not a guild union of the guilds registry`);
  } else {
    checkOpenOrganisation(checker, 'unionId', union);
  }

  const ownerNationalCode = checkNationalCode(checker, 'ownerNationalCode', input.ownerNationalCode);
  checkNumberHoldsNoCode(checker, 'licenceNumber', LICENCE_NUMBER.test(licenceNumber) ? licenceNumber : undefined, ownerNationalCode);
  const owner = ownerNationalCode ? await loaders.person.load(ownerNationalCode) : null;
  let newOwner: GuildsPersonDocument | undefined;
  if (ownerNationalCode && !owner) {
    const fullName = checkOptionalText(checker, 'ownerFullName', input.ownerFullName, { min: 2, max: 120 });
    if (!fullName && input.ownerFullName == null) {
      checker.add('ownerFullName', `the owner ${ownerNationalCode} is not in the guilds registry yet; give their full name to add them`);
    }
    // As in the member inputs: titles apart, «…زاده» written one way (shared/text/person-name.ts).
    const parts = fullName ? nameParts(fullName) : undefined;
    if (parts && parts.fullName.length < 2) checker.add('ownerFullName', message('PERSON_NAME_ONLY_TITLE', { name: fullName! }));
    else if (parts) newOwner = { _id: ownerNationalCode, ...personNameFields(parts, ownerNationalCode), updatedAt: new Date(), standing: 'MEMBER' };
  }
  checker.throwIfAny();
  guardUnionInItsChamber(union!);
  if (owner) guardOwner(owner);
  const unit: GuildUnitDocument = {
    _id: licenceNumber,
    ownerNationalCode: ownerNationalCode!,
    name: name!,
    activity: activity!,
    unionId: union!._id,
    chamberId: union!.parentId!,
    status: 'ACTIVE',
    issuedOn: instantOfIsoDate(issuedOn!),
    validUntil: instantOfIsoDate(validUntil!),
  };
  return { unit, newOwner };
}

/**
 * Makes the unit's write conditional on its owner's record standing, committed: an owner that a
 * write still in flight inserted (another registration of theirs, which may yet be undone, or be
 * rolled back after its process was killed) refuses the unit with WRITE_CONFLICT, to send again,
 * rather than leaving a unit whose owner is not in the registry (integrity audit, 2026-12-07).
 */
function guardOwner(owner: GuildsPersonDocument): void {
  guardParent('people', owner, 'ownerNationalCode', 'the owner');
}

/**
 * The unit registered to the owner another request added a moment ago (its new owner's insert
 * clashed): read again and guarded like any owner already there. A licence number registered
 * meanwhile is refused as in the check.
 */
async function registerToOwnerAddedMeanwhile(unit: GuildUnitDocument, context: GuildsContext): Promise<void> {
  context.loaders.person.clear(unit.ownerNationalCode);
  const owner = await context.loaders.person.load(unit.ownerNationalCode);
  // The other request's owner was undone since the clash (its write failed): nothing to register to yet.
  if (!owner) throw writeConflict(`The owner ${unit.ownerNationalCode}`);
  guardOwner(owner);
  try {
    await context.repository.registerUnit(unit, undefined);
  } catch (error) {
    if (error instanceof DuplicateKeyError && error.collection === 'guildUnits') throw badUserInputField('licenceNumber', `${unit._id} is already registered`);
    throw error;
  }
}

/** `registerGuildUnit`: the unit and a new owner together, or neither. */
export async function registerGuildUnit(input: RegisterGuildUnitInput, context: GuildsContext & { caller?: Caller }): Promise<GuildUnitDocument> {
  const checked = await checkRegistration(input, context);
  const unit: GuildUnitDocument = { ...checked.unit, provenance: enteredBy(context.caller) };
  const newOwner = checked.newOwner && { ...checked.newOwner, provenance: enteredBy(context.caller) };
  try {
    await context.repository.registerUnit(unit, newOwner);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    if (error.collection === 'guildUnits') {
      throw badUserInputField('licenceNumber', `${unit._id} is already registered`);
    }
    // The same new owner was added by another request a moment ago: register the unit to them.
    await registerToOwnerAddedMeanwhile(unit, context);
  }
  const { loaders } = context;
  if (newOwner) refreshPerson(loaders, newOwner);
  // Cleared, not primed: the stored document has a revision the one sent lacks (a second change in this request would be a false WRITE_CONFLICT).
  loaders.unitsByLicence.clear(unit._id);
  loaders.unitsOfOwner.clear(unit.ownerNationalCode);
  loaders.unitsOfUnion.clear(unit.unionId);
  return unit;
}
