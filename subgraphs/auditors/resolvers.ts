import { InputChecker } from '../../shared/errors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { refreshPerson } from '../../shared/registry/loaders';
import { checkPersonCore } from '../../shared/registry/person-input';
import { RegistryContext, registryResolvers } from '../../shared/registry/resolvers';
import { calendarDate } from '../../shared/text/calendar';
import { checkDate, checkText } from '../../shared/validation';
import {
  AuditorCertificationRecord,
  AuditorsOrganisationDocument,
  AuditorsPersonDocument,
  InspectionAccreditationRecord,
} from './documents';

type AuditorsContext = RegistryContext<AuditorsPersonDocument, AuditorsOrganisationDocument>;

const MAX_CERTIFICATIONS = 20;

/** A certification as the mutation takes it: the stored record's fields, checked before saving. */
type AuditorCertificationInput = AuditorCertificationRecord;

interface UpsertAuditorsMemberInput {
  nationalCode: string;
  fullName: string;
  certifications?: AuditorCertificationInput[] | null;
}

/** Checks every certification of an upsert; problems are reported as `certifications[i].field`. */
function checkCertifications(
  checker: InputChecker,
  inputs: AuditorCertificationInput[],
): AuditorCertificationRecord[] {
  if (inputs.length > MAX_CERTIFICATIONS) {
    checker.add('certifications', `must have at most ${MAX_CERTIFICATIONS} entries; got ${inputs.length}`);
    return [];
  }
  const seenNumbers = new Map<string, number>();
  const records: AuditorCertificationRecord[] = [];
  inputs.forEach((input, i) => {
    const at = (name: string) => `certifications[${i}].${name}`;
    const field = checkText(checker, at('field'), input.field, { min: 2, max: 120 });
    const certificateNumber = checkText(checker, at('certificateNumber'), input.certificateNumber, { min: 2, max: 40 });
    const validFrom = checkDate(checker, at('validFrom'), input.validFrom);
    const validUntil = checkDate(checker, at('validUntil'), input.validUntil);
    if (certificateNumber) {
      const first = seenNumbers.get(certificateNumber);
      if (first !== undefined) {
        checker.add(at('certificateNumber'), `"${certificateNumber}" is already given in certifications[${first}]`);
      } else {
        seenNumbers.set(certificateNumber, i);
      }
    }
    if (validFrom && validUntil && validUntil < validFrom) {
      checker.add(at('validUntil'), `${validUntil} is before validFrom ${validFrom}`);
    }
    if (field && certificateNumber && validFrom && validUntil) {
      records.push({ kind: input.kind, field, grade: input.grade, certificateNumber, validFrom, validUntil });
    }
  });
  return records;
}

export const auditorsResolvers: ResolverMap = mergeResolvers(registryResolvers('auditors'), {
  Mutation: {
    upsertAuditorsMember: async (
      _: unknown,
      { input }: { input: UpsertAuditorsMemberInput },
      { repository, loaders }: AuditorsContext,
    ) => {
      const checker = new InputChecker();
      const core = checkPersonCore(checker, input);
      const given = input.certifications ?? null;
      const certifications = given === null ? undefined : checkCertifications(checker, given);
      checker.throwIfAny();
      const kept =
        certifications ?? (await repository.findPeople([core.nationalCode!]))[0]?.certifications ?? [];
      const member: AuditorsPersonDocument = {
        _id: core.nationalCode!,
        fullName: core.fullName!,
        nameKey: core.nameKey!,
        updatedAt: new Date(),
        certifications: kept,
      };
      await repository.savePerson(member);
      refreshPerson(loaders, member);
      return member;
    },
  },
  AuditorsMember: {
    // Documents written before certifications were recorded have none.
    certifications: (person: AuditorsPersonDocument) => person.certifications ?? [],
  },
  AuditorCertification: {
    validFrom: (certification: AuditorCertificationRecord) => calendarDate(certification.validFrom),
    validUntil: (certification: AuditorCertificationRecord) => calendarDate(certification.validUntil),
  },
  InspectionAccreditation: {
    validFrom: (accreditation: InspectionAccreditationRecord) => calendarDate(accreditation.validFrom),
    validUntil: (accreditation: InspectionAccreditationRecord) => calendarDate(accreditation.validUntil),
  },
});
