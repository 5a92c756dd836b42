import { InputChecker } from '../../shared/errors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { refreshPerson } from '../../shared/registry/loaders';
import { checkPersonCore } from '../../shared/registry/person-input';
import { RegistryContext, registryResolvers } from '../../shared/registry/resolvers';
import { ownsId } from '../../shared/registry';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { toAsciiDigits } from '../../shared/text/normalize';
import { checkDate, checkText } from '../../shared/validation';
import {
  EngineeringDiscipline,
  EngineeringGrade,
  EngineeringLicenceRecord,
  EngineeringOrganisationDocument,
  EngineeringPersonDocument,
} from './documents';
import { EngineeringRepository } from './repository';

type EngineeringContext = RegistryContext<EngineeringPersonDocument, EngineeringOrganisationDocument>;

interface EngineeringLicenceInput {
  number: string;
  discipline: EngineeringDiscipline;
  grade: EngineeringGrade;
  provincialOrganisationId: string;
  validUntil?: string | null;
}

interface UpsertEngineeringMemberInput {
  nationalCode: string;
  fullName: string;
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
): Promise<EngineeringLicenceRecord | undefined> {
  const text = checkText(checker, 'licence.number', input.number, { min: 3, max: 30 });
  const number = text === undefined ? undefined : toAsciiDigits(text);
  const validUntilIso = checkDate(checker, 'licence.validUntil', input.validUntil);
  const validUntil = validUntilIso === undefined ? undefined : instantOfIsoDate(validUntilIso);
  let standing: Pick<EngineeringLicenceRecord, 'suspendedOn' | 'revokedOn'> = {};
  if (number !== undefined) {
    const holders = await (repository as EngineeringRepository).findHoldersOfLicences([number]);
    const other = holders.find((holder) => holder._id !== nationalCode);
    if (other) checker.add('licence.number', `${number} is another engineer's licence`);
    const own = holders.find((holder) => holder._id === nationalCode)?.licence;
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
    } else {
      organisationOk = true;
      province = organisation.province;
    }
  }
  if (number === undefined || !organisationOk) return undefined;
  return {
    number,
    discipline: input.discipline,
    grade: input.grade,
    ...(province ? { province } : {}),
    provincialOrganisationId: organisationId,
    ...(validUntil ? { validUntil } : {}),
    ...standing,
  };
}

export const engineeringResolvers: ResolverMap = mergeResolvers(registryResolvers('engineering'), {
  Mutation: {
    upsertEngineeringMember: async (
      _: unknown,
      { input }: { input: UpsertEngineeringMemberInput },
      ctx: EngineeringContext,
    ) => {
      const checker = new InputChecker();
      const core = checkPersonCore(checker, input);
      const licence = input.licence ? await checkLicence(checker, input.licence, ctx, core.nationalCode) : undefined;
      checker.throwIfAny();
      const member: EngineeringPersonDocument = {
        _id: core.nationalCode!,
        fullName: core.fullName!,
        nameKey: core.nameKey!,
        sortKey: core.sortKey!,
        updatedAt: new Date(),
        ...(licence ? { licence } : {}),
      };
      await ctx.repository.savePerson(member);
      refreshPerson(ctx.loaders, member);
      return member;
    },
  },
  // EngineeringLicence's fields: credentials.ts (validity days stored as instants, status derived).
});
