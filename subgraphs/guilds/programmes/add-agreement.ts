import { createHash } from 'node:crypto';
import { badUserInputField, InputChecker } from '../../../shared/errors';
import { registryKeyOfId } from '../../../shared/registry/keys';
import { checkOpenOrganisation } from '../../../shared/registry/open-organisation';
import { guardParent } from '../../../shared/registry/parent-guard';
import { DuplicateKeyError } from '../../../shared/store/port';
import { instantOfIsoDate } from '../../../shared/text/calendar';
import { searchKey } from '../../../shared/text/normalize';
import { checkDate, checkText } from '../../../shared/validation';
import { ProgrammesContext } from './context';
import { checkPastDay } from './days';
import { AgreementDocument, AgreementKind, AgreementParty, AgreementScope, PROGRAMME_COLLECTIONS } from './documents';

export interface AgreementPartyInput {
  name: string;
  organisationId?: string | null;
  country?: string | null;
}

export interface AddPartnershipAgreementInput {
  chamberId: string;
  programmeId?: string | null;
  title: string;
  kind: AgreementKind;
  scope: AgreementScope;
  parties: readonly AgreementPartyInput[];
  signedOn: string;
  validUntil?: string | null;
}

const MAX_PARTIES = 12;
const CHAMBER_KINDS = ['CHAMBER_OF_COMMERCE', 'CHAMBER_OF_GUILDS'];

/** The same chamber, signing day and title (in any spelling) make the same agreement: one id. */
export const agreementIdOf = (chamberId: string, signedOn: Date, title: string): string =>
  `guilds:agreement-${signedOn.toISOString().slice(0, 10)}-${createHash('sha256')
    .update(`${chamberId}|${searchKey(title)}`)
    .digest('hex')
    .slice(0, 10)}`;

async function checkParties(checker: InputChecker, parties: readonly AgreementPartyInput[], context: ProgrammesContext, signedDay: string | undefined): Promise<AgreementParty[]> {
  if (parties.length === 0 || parties.length > MAX_PARTIES) checker.add('parties', `name 1 to ${MAX_PARTIES} parties besides the chamber; got ${parties.length}`);
  const checked: AgreementParty[] = [];
  for (const [i, party] of parties.slice(0, MAX_PARTIES).entries()) {
    const name = checkText(checker, `parties[${i}].name`, party.name, { min: 2, max: 200 });
    const country = party.country?.trim().toUpperCase();
    if (country !== undefined && !/^[A-Z]{2}$/.test(country)) checker.add(`parties[${i}].country`, `"${party.country}" is not an ISO 3166 country code such as MA or FR`);
    const organisationId = party.organisationId ?? undefined;
    if (organisationId !== undefined) {
      if (!registryKeyOfId(organisationId) || organisationId.length > 200)
        checker.add(`parties[${i}].organisationId`, `"${organisationId}" is not an organisation id of a registry`);
      else if (organisationId.startsWith('guilds:')) {
        const organisation = await context.loaders.organisation.load(organisationId);
        if (!organisation) checker.add(`parties[${i}].organisationId`, `no organisation "${organisationId}" in the guilds registry`);
        else checkOpenOrganisation(checker, `parties[${i}].organisationId`, organisation, signedDay);
      }
    }
    if (name) checked.push({ name, ...(organisationId ? { organisationId } : {}), ...(country ? { country } : {}) });
  }
  return checked;
}

/**
 * Whether the chamber already has an agreement of this title (in any spelling) signed that day: its
 * agreements compared by today's key, not by the id alone, since one made before `searchKey` read
 * the digits of every script or dropped emoji presentation selectors (3b8d9c4, 59c0b7d) has the id
 * the title's older key made.
 */
async function alreadySigned(context: ProgrammesContext, chamberId: string, signedOn: Date, title: string): Promise<boolean> {
  const key = searchKey(title);
  return (await context.programmes.repository.findAgreementsOfChamber(chamberId)).some(
    (agreement) => new Date(agreement.signedOn).getTime() === signedOn.getTime() && searchKey(agreement.title) === key,
  );
}

/** `addPartnershipAgreement`: a chamber's partnership agreement or cooperation protocol, checked in full first. */
export async function addPartnershipAgreement(input: AddPartnershipAgreementInput, context: ProgrammesContext): Promise<AgreementDocument> {
  const checker = new InputChecker();
  const signedOn = checkPastDay(checker, 'signedOn', input.signedOn, context.programmes.clock());
  // An agreement signed before a chamber or party closed may name it: it is a record of that day.
  const signedDay = signedOn?.toISOString().slice(0, 10);
  const chamber = input.chamberId.startsWith('guilds:') ? await context.loaders.organisation.load(input.chamberId) : null;
  if (!chamber || !CHAMBER_KINDS.includes(chamber.kind)) checker.add('chamberId', `"${input.chamberId}" is not a chamber of the guilds registry`);
  else checkOpenOrganisation(checker, 'chamberId', chamber, signedDay);
  const programme = input.programmeId ? await context.programmes.loaders.programme.load(input.programmeId) : null;
  if (input.programmeId && (!programme || programme.chamberId !== input.chamberId)) {
    checker.add('programmeId', `"${input.programmeId}" is not a programme of ${input.chamberId}`);
  }
  const title = checkText(checker, 'title', input.title, { min: 5, max: 300 });
  const parties = await checkParties(checker, input.parties, context, signedDay);
  if (input.scope === 'INTERNATIONAL' && parties.length === input.parties.length && !parties.some((p) => p.country && p.country !== 'MA')) {
    checker.add('parties', 'an international agreement names at least one party with a country other than MA');
  }
  const validIso = checkDate(checker, 'validUntil', input.validUntil);
  const validUntil = validIso ? instantOfIsoDate(validIso) : undefined;
  if (signedOn && validUntil && validUntil < signedOn) checker.add('validUntil', `${validIso} is before the signing day`);
  // Refused here, before any write: the unique `_id` below only settles two additions racing.
  const sameId = chamber && signedOn && title ? agreementIdOf(chamber._id, signedOn, title) : undefined;
  if (sameId && (await alreadySigned(context, chamber!._id, signedOn!, title!))) {
    checker.add('title', `${chamber!._id} already has this agreement signed on ${input.signedOn} (${sameId})`);
  }
  checker.throwIfAny();
  // Written only beside a programme still there and committed: not beside one a killed process's write may yet roll back.
  if (programme) guardParent(PROGRAMME_COLLECTIONS.programmes, programme, 'programmeId', 'the programme');
  const agreement: AgreementDocument = {
    _id: agreementIdOf(chamber!._id, signedOn!, title!),
    chamberId: chamber!._id,
    ...(programme ? { programmeId: programme._id } : {}),
    title: title!,
    kind: input.kind,
    scope: input.scope,
    parties,
    signedOn: signedOn!,
    ...(validUntil ? { validUntil } : {}),
  };
  try {
    await context.programmes.repository.insertAgreement(agreement);
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField('title', `${chamber!._id} already has this agreement signed on ${input.signedOn} (${agreement._id})`);
    throw error;
  }
  if (programme) context.programmes.loaders.agreementsOfProgramme.clear(programme._id);
  return agreement;
}
