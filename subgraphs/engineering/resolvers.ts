import { Caller } from '../../shared/auth/caller';
import { enteredBy } from '../../shared/provenance/provenance';
import { checkNumberHoldsNoCode } from '../../shared/credentials/checks';
import { credentialNumberKey } from '../../shared/credentials/credential-number';
import { InputChecker } from '../../shared/errors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { changeValueText, MemberUpsert, personAfterUpsert } from '../../shared/registry/person-change';
import { checkPersonCore, PersonCoreInput } from '../../shared/registry/person-input';
import { RegistryContext } from '../../shared/registry/context';
import { checkOpenOrganisation } from '../../shared/registry/open-organisation';
import { ownsId } from '../../shared/registry/keys';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { checkDate, checkText } from '../../shared/validation';
import { EngineeringDiscipline, EngineeringGrade, EngineeringLicenceRecord, EngineeringOrganisationDocument, EngineeringPersonDocument } from './documents';
import { Resolvers } from './generated/resolvers-types';
import { EngineeringRepository } from './repository';

type EngineeringContext = RegistryContext<EngineeringPersonDocument, EngineeringOrganisationDocument>;

interface EngineeringLicenceInput {
  number: string;
  discipline: EngineeringDiscipline;
  grade: EngineeringGrade;
  provincialOrganisationId: string;
  validUntil?: string | null;
}

interface UpsertEngineeringMemberInput extends PersonCoreInput {
  licence?: EngineeringLicenceInput | null;
}

/**
 * Checks a licence completely; records every problem under `licence.<field>` and returns the record
 * when sound. A licence number is one engineer's; re-recording an engineer's own licence keeps its
 * suspension or revocation (changeEngineeringLicenceStanding changes those).
 */
async function checkLicence(
  checker: InputChecker,
  input: EngineeringLicenceInput,
  { loaders, repository }: EngineeringContext,
  nationalCode: string | undefined,
): Promise<{ licence: EngineeringLicenceRecord; holder?: EngineeringPersonDocument } | undefined> {
  // One spelling per number, so that another spelling of an engineer's licence is theirs too (credentialNumberKey).
  const number = checkText(checker, 'licence.number', credentialNumberKey(input.number), { min: 3, max: 30 });
  checkNumberHoldsNoCode(checker, 'licence.number', number, nationalCode);
  const validUntilIso = checkDate(checker, 'licence.validUntil', input.validUntil);
  const validUntil = validUntilIso === undefined ? undefined : instantOfIsoDate(validUntilIso);
  let standing: Pick<EngineeringLicenceRecord, 'suspendedOn' | 'revokedOn'> = {};
  let holder: EngineeringPersonDocument | undefined;
  if (number !== undefined) {
    const engineering = repository as EngineeringRepository;
    const [holders, claims] = await Promise.all([engineering.findHoldersOfLicences([number]), engineering.findLicenceClaims([number])]);
    // Its claim names its engineer (licence-numbers.ts); a holder without one was stored before numbers were claimed.
    const other = holders.some((candidate) => candidate._id !== nationalCode) || claims.some((claim) => claim.nationalCode !== undefined && claim.nationalCode !== nationalCode);
    if (other) checker.add('licence.number', `${number} is another engineer's licence`);
    holder = holders.find((candidate) => candidate._id === nationalCode);
    const own = holder?.licence;
    if (own) standing = { ...(own.suspendedOn ? { suspendedOn: own.suspendedOn } : {}), ...(own.revokedOn ? { revokedOn: own.revokedOn } : {}) };
  }
  const organisationId = input.provincialOrganisationId;
  let province: string | undefined;
  let organisationOk = false;
  if (!ownsId('engineering', organisationId)) {
    checker.add(
      'licence.provincialOrganisationId',
      `"${organisationId}" is not an organisation of the engineering registry (ids start with "engineering:", e.g. "engineering:tehran")`,
    );
  } else {
    const organisation = await loaders.organisation.load(organisationId);
    if (!organisation) {
      checker.add('licence.provincialOrganisationId', `no organisation "${organisationId}" in the engineering registry`);
    } else if (organisation.kind !== 'PROVINCIAL_ORGANISATION') {
      checker.add(
        'licence.provincialOrganisationId',
        `"${organisationId}" is not a provincial organisation; licences are issued by provincial organisations such as "engineering:tehran"`,
      );
    } else if (holder?.licence?.provincialOrganisationId === organisationId || checkOpenOrganisation(checker, 'licence.provincialOrganisationId', organisation)) {
      // A licence already held from it is kept even once it closed; a new one needs it open.
      organisationOk = true;
      province = organisation.province;
    }
  }
  if (number === undefined || !organisationOk) return undefined;
  const licence: EngineeringLicenceRecord = {
    number,
    discipline: input.discipline,
    grade: input.grade,
    ...(province ? { province } : {}),
    provincialOrganisationId: organisationId,
    ...(validUntil ? { validUntil } : {}),
    ...standing,
  };
  return { licence, ...(holder ? { holder } : {}) };
}

/**
 * An engineer's upsert, written: over the person as stored (or `previous`, as the licence check read
 * them), with the claim of their licence number in the same write (EngineeringRepository.writeEngineer),
 * or nothing when nothing changed. Returns the person as now stored.
 */
async function upsertEngineer(ctx: EngineeringContext & { caller?: Caller }, upsert: MemberUpsert<EngineeringPersonDocument>, previousRead?: EngineeringPersonDocument) {
  const repository = ctx.repository as EngineeringRepository;
  const previous = previousRead ?? (await repository.findPeople([upsert.nationalCode]))[0];
  const result = personAfterUpsert(previous, upsert, ctx.caller);
  if (result.kind === 'unchanged') return result.previous;
  await repository.writeEngineer(result);
  // Not primed with `next`: it carries the revision it was read at, not the one the store gave it.
  ctx.loaders.person.clear(result.next._id);
  return result.next;
}

/**
 * The licence an upsert records: the one stored, with its provenance, when the input says the same;
 * else the input's, entered by the caller now.
 */
function recordedLicence(stored: EngineeringLicenceRecord | undefined, given: EngineeringLicenceRecord, caller: Caller | undefined): EngineeringLicenceRecord {
  if (stored) {
    const { provenance: _kept, ...storedFacts } = stored;
    if (changeValueText(storedFacts) === changeValueText(given)) return stored;
  }
  return { ...given, provenance: enteredBy(caller) };
}

export const engineeringResolvers: ResolverMap = mergeResolvers({
  Mutation: {
    upsertEngineeringMember: async (_: unknown, { input }: { input: UpsertEngineeringMemberInput }, ctx: EngineeringContext & { caller?: Caller }) => {
      const checker = new InputChecker();
      const core = checkPersonCore(checker, input);
      const checked = input.licence ? await checkLicence(checker, input.licence, ctx, core.nationalCode) : undefined;
      checker.throwIfAny();
      return upsertEngineer(
        ctx,
        // Left out, the licence stored is kept: a licence ends by changeEngineeringLicenceStanding, not by omission.
        { nationalCode: core.nationalCode!, name: core.name!, own: (previous) => (checked ? { licence: recordedLicence(previous?.licence, checked.licence, ctx.caller) } : {}) },
        // The licence's standing was carried over from this read: write over it only if it still stands.
        checked?.holder,
      );
    },
  },
  // EngineeringLicence's fields: credentials.ts (validity days stored as instants, status derived).
} satisfies Resolvers);
