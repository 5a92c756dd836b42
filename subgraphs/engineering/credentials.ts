import { enteredBy } from '../../shared/provenance/provenance';
import { Caller } from '../../shared/auth/caller';
import { checkCredentialListArgs, CredentialListArgs } from '../../shared/credentials/arguments';
import { applyCredentialAction, checkDay, checkValidityDays, CredentialAction, CredentialChange } from '../../shared/credentials/changes';
import { checkCredentialNumber, checkNumberHoldsNoCode } from '../../shared/credentials/checks';
import { credentialNumberKey } from '../../shared/credentials/credential-number';
import { CREDENTIAL_CHANGE_EVENTS, credentialActionEvent, credentialEvent } from '../../shared/credentials/events';
import { actOnCredentialDocument, CredentialDocumentStore, insertingCredential } from '../../shared/credentials/held-in-collection';
import { perRequest } from '../../shared/credentials/loaders';
import { listed, validityResolvers } from '../../shared/credentials/resolvers';
import { credentialStatus, startOfUtcDay, Validity } from '../../shared/credentials/validity';
import { badUserInputField, InputChecker } from '../../shared/errors';
import { manyByKey, oneByKey } from '../../shared/graphql/loaders';
import { guardParent } from '../../shared/registry/parent-guard';
import { EngineeringContext } from './context';
import { Filter } from '../../shared/store/port';
import { calendarDateOf } from '../../shared/text/calendar';
import { checkNationalCode } from '../../shared/validation';
import { ENGINEERING_CREDENTIAL_KINDS } from './credential-kinds';
import { ABROAD_COUNTRIES, courseById, requiredCourses, TRAINING_COURSES, TrainingCourse } from './courses';
import { AbroadCertificateDocument, CourseCompletionDocument, courseCompletionId, EngineeringDiscipline, EngineeringGrade, EngineeringPersonDocument } from './documents';
import { HeldLicence } from './credential-views';
import { Resolvers } from './generated/resolvers-types';
import { abroadCertificateFilter, EngineeringRepository, licenceFilter } from './repository';

const heldLicence = (person: EngineeringPersonDocument, asOf?: Date): HeldLicence => {
  const licence = { ...person.licence!, holderCode: person._id };
  return asOf ? listed(licence, asOf) : licence;
};

/** The request's loaders for courses completed and certificates for working abroad, made on first use. */
const abroadLoaders = perRequest((repository: EngineeringRepository) => ({
  completionsOfPerson: manyByKey(
    (codes: readonly string[]) => repository.findCompletionsOfPeople(codes),
    (c) => c.nationalCode,
  ),
  certificatesOfPerson: manyByKey(
    (codes: readonly string[]) => repository.findAbroadCertificatesOfPeople(codes),
    (c) => c.nationalCode,
  ),
  certificate: oneByKey(
    (numbers: readonly string[]) => repository.findAbroadCertificates(numbers),
    (c) => c._id,
  ),
}));

interface LicencesArgs extends CredentialListArgs {
  discipline?: EngineeringDiscipline | null;
  grade?: EngineeringGrade | null;
  provincialOrganisationId?: string | null;
}

interface AbroadCertificatesArgs extends CredentialListArgs {
  country?: string | null;
}

interface IssueAbroadCertificateInput {
  nationalCode: string;
  country: string;
  certificateNumber: string;
  validFrom: string;
  validUntil: string;
}

/** What names a licence or certificate in the events of its changes. */
const engineeringCredential = ({ repository }: EngineeringContext, kind: keyof typeof ENGINEERING_CREDENTIAL_KINDS) =>
  repository.credentialSubject('engineering', ENGINEERING_CREDENTIAL_KINDS, kind);

const loadEngineer = (context: EngineeringContext, nationalCode: string) => context.loaders.person.load(nationalCode) as Promise<EngineeringPersonDocument | null>;

const countryCode = (value: string): string => value.trim().toUpperCase();

function checkCountry(checker: InputChecker, field: string, value: string): string | undefined {
  const code = countryCode(value);
  if (ABROAD_COUNTRIES[code]) return code;
  checker.add(field, `"${value}" is not a destination certificates are issued for; one of ${Object.keys(ABROAD_COUNTRIES).join(', ')}`);
  return undefined;
}

const shownDay = (day: Date) => `${calendarDateOf(day).iso} (${calendarDateOf(day).jalali})`;

/** The engineer's licence, renewed or with its standing changed; everything checked before the one write. */
async function actOnLicence(context: EngineeringContext, nationalCodeText: string, action: CredentialAction): Promise<HeldLicence> {
  const checker = new InputChecker();
  const nationalCode = checkNationalCode(checker, 'nationalCode', nationalCodeText);
  const person = nationalCode ? await loadEngineer(context, nationalCode) : null;
  if (nationalCode && !person) checker.add('nationalCode', `no member ${nationalCode} in the engineering registry`);
  else if (person && !person.licence) checker.add('nationalCode', `${nationalCode} holds no licence; record one with upsertEngineeringMember`);
  const changed = person?.licence ? applyCredentialAction(checker, person.licence, action) : undefined;
  checker.throwIfAny();
  const updated: EngineeringPersonDocument = { ...person!, licence: changed!, updatedAt: new Date() };
  const event = credentialEvent(engineeringCredential(context, 'ENGINEERING_LICENCE'), updated, credentialActionEvent(action));
  await context.repository.replacePerson(person!, updated, [event]);
  context.loaders.person.clear(updated._id);
  return heldLicence(updated);
}

/**
 * A certificate for working abroad renewed to `validUntil` stays within its holder's licence, as
 * at issue (`checkAbroadCertificate`): the licence neither revoked nor suspended, and not outlasted.
 * The problems name no national code: a renewal needs no personal:read.
 */
function checkRenewalWithinLicence(checker: InputChecker, licence: Validity | undefined, validUntil: Date | undefined): void {
  if (!licence) {
    checker.add('certificateNumber', "the certificate's holder holds no licence; a certificate for working abroad is renewed only within the engineer's licence");
  } else if (licence.revokedOn) {
    checker.add('certificateNumber', `the holder's licence is revoked from ${shownDay(licence.revokedOn)}; a certificate is not renewed past a revoked licence`);
  } else if (licence.suspendedOn) {
    checker.add('certificateNumber', `the holder's licence is suspended from ${shownDay(licence.suspendedOn)}; renew the certificate once the licence is reinstated`);
  } else if (licence.validUntil && validUntil && validUntil > licence.validUntil) {
    checker.add('validUntil', `must not outlast the engineer's licence, valid until ${shownDay(licence.validUntil)}; renew the licence first`);
  }
}

/** Checks a certificate for working abroad completely: licence, courses, country, number, days. */
async function checkAbroadCertificate(input: IssueAbroadCertificateInput, context: EngineeringContext): Promise<AbroadCertificateDocument> {
  const checker = new InputChecker();
  const own = abroadLoaders(context);
  const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
  const country = checkCountry(checker, 'country', input.country);
  const number = checkCredentialNumber(checker, 'certificateNumber', input.certificateNumber);
  if (number && (await own.certificate.load(number))) checker.add('certificateNumber', `${number} is already registered`);
  checkNumberHoldsNoCode(checker, 'certificateNumber', number, nationalCode);
  const days = checkValidityDays(checker, input);
  const person = nationalCode ? await loadEngineer(context, nationalCode) : null;
  if (nationalCode && !person) checker.add('nationalCode', `no member ${nationalCode} in the engineering registry`);
  if (person && days.validFrom) {
    const licence = person.licence;
    const status = licence ? credentialStatus(licence, days.validFrom) : null;
    if (!licence || status !== 'VALID') {
      checker.add('nationalCode', `${nationalCode} holds no valid licence on ${shownDay(days.validFrom)}${status ? ` (the licence is ${status})` : ''}`);
    } else if (licence.revokedOn || licence.suspendedOn) {
      checker.add(
        'nationalCode',
        `${nationalCode}'s licence is ${licence.revokedOn ? `revoked from ${shownDay(licence.revokedOn)}` : `suspended from ${shownDay(licence.suspendedOn!)}`}`,
      );
    } else if (licence.validUntil && days.validUntil && days.validUntil > licence.validUntil) {
      checker.add('validUntil', `must not outlast the engineer's licence, valid until ${shownDay(licence.validUntil)}`);
    }
  }
  if (person && country && days.validFrom) {
    const done = new Set((await own.completionsOfPerson.load(person._id)).filter((c) => c.completedOn <= days.validFrom!).map((c) => c.courseId));
    const missing = requiredCourses(country).filter((course) => !done.has(course.id));
    if (missing.length > 0) {
      checker.add(
        'nationalCode',
        `${nationalCode} has not completed, by ${shownDay(days.validFrom)}, the courses a certificate for ${ABROAD_COUNTRIES[country]} requires: ${missing.map((c) => `«${c.title}» (${c.id})`).join('، ')}`,
      );
    }
  }
  checker.throwIfAny();
  guardParent('people', person!, 'nationalCode', 'the engineer');
  return {
    _id: number!,
    nationalCode: nationalCode!,
    country: country!,
    courseIds: requiredCourses(country!).map((course) => course.id),
    validFrom: days.validFrom!,
    validUntil: days.validUntil!,
  };
}

const abroadCertificates = (context: EngineeringContext): CredentialDocumentStore<AbroadCertificateDocument> => {
  const own = abroadLoaders(context);
  return {
    load: (number) => own.certificate.load(credentialNumberKey(number)),
    save: async (previous, certificate, event) => {
      await context.repository.replaceAbroadCertificate(previous, certificate, [credentialEvent(engineeringCredential(context, 'ABROAD_CERTIFICATE'), certificate, event)]);
      own.certificate.clear(certificate._id);
      own.certificatesOfPerson.clear(certificate.nationalCode);
    },
  };
};

const { validFrom: _noValidFrom, ...licenceValidity } = validityResolvers<HeldLicence>();

/** The engineering registry's credential queries, mutations and fields: licences, courses, certificates for working abroad. */
export const engineeringCredentialResolvers = {
  Query: {
    engineeringLicences: async (_: unknown, args: LicencesArgs, { repository }: EngineeringContext) => {
      const criteria = checkCredentialListArgs(args);
      const own: Filter[] = [];
      if (args.discipline) own.push({ 'licence.discipline': args.discipline });
      if (args.grade) own.push({ 'licence.grade': args.grade });
      if (args.provincialOrganisationId) own.push({ 'licence.provincialOrganisationId': args.provincialOrganisationId });
      const page = await repository.pageLicensedEngineers(licenceFilter(criteria, own), args);
      return { ...page, nodes: page.nodes.map((person) => heldLicence(person, criteria.asOf)) };
    },
    engineeringAbroadCertificates: async (_: unknown, args: AbroadCertificatesArgs, { repository }: EngineeringContext) => {
      const checker = new InputChecker();
      const country = args.country ? checkCountry(checker, 'country', args.country) : undefined;
      const criteria = checkCredentialListArgs(args, checker);
      const page = await repository.pageAbroadCertificates(abroadCertificateFilter(criteria, country ? [{ country }] : []), args);
      return { ...page, nodes: page.nodes.map((certificate) => listed(certificate, criteria.asOf)) };
    },
    engineeringTrainingCourses: (_: unknown, { country }: { country?: string | null }) => {
      if (!country) return TRAINING_COURSES;
      const checker = new InputChecker();
      const code = checkCountry(checker, 'country', country);
      checker.throwIfAny();
      return requiredCourses(code!);
    },
  },
  Mutation: {
    renewEngineeringLicence: (_: unknown, { input }: { input: { nationalCode: string; validUntil: string } }, context: EngineeringContext) =>
      actOnLicence(context, input.nationalCode, { type: 'renew', validUntil: input.validUntil, by: context.caller }),
    changeEngineeringLicenceStanding: (_: unknown, { input }: { input: { nationalCode: string; change: CredentialChange; on?: string | null } }, context: EngineeringContext) =>
      actOnLicence(context, input.nationalCode, { type: 'standing', change: input.change, on: input.on, by: context.caller }),
    recordTrainingCourse: async (_: unknown, { input }: { input: { nationalCode: string; courseId: string; completedOn: string } }, context: EngineeringContext) => {
      const checker = new InputChecker();
      const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
      const engineer = nationalCode ? await context.loaders.person.load(nationalCode) : null;
      if (nationalCode && !engineer) checker.add('nationalCode', `no member ${nationalCode} in the engineering registry; add the engineer first`);
      if (!courseById(input.courseId)) checker.add('courseId', `no training course "${input.courseId}"; see engineeringTrainingCourses`);
      const completedOn = checkDay(checker, 'completedOn', input.completedOn);
      if (completedOn && completedOn > startOfUtcDay()) checker.add('completedOn', `${shownDay(completedOn)} has not come yet; record a course once it is completed`);
      checker.throwIfAny();
      guardParent('people', engineer!, 'nationalCode', 'the engineer');
      const completion: CourseCompletionDocument = {
        _id: courseCompletionId(nationalCode!, input.courseId),
        nationalCode: nationalCode!,
        courseId: input.courseId,
        completedOn: completedOn!,
        provenance: enteredBy(context.caller),
      };
      await context.repository.saveCompletion(completion);
      abroadLoaders(context).completionsOfPerson.clear(completion.nationalCode);
      return completion;
    },
    issueAbroadCertificate: async (_: unknown, { input }: { input: IssueAbroadCertificateInput }, context: EngineeringContext & { caller?: Caller }) => {
      const certificate = { ...(await checkAbroadCertificate(input, context)), provenance: enteredBy(context.caller) };
      const issued = credentialEvent(engineeringCredential(context, 'ABROAD_CERTIFICATE'), certificate, CREDENTIAL_CHANGE_EVENTS.issued);
      await insertingCredential('certificateNumber', certificate._id, () => context.repository.insertAbroadCertificate(certificate, [issued]));
      const own = abroadLoaders(context);
      // Cleared, not primed: the stored document has a revision the one sent lacks (a second change in this request would be a false WRITE_CONFLICT).
      own.certificate.clear(certificate._id);
      own.certificatesOfPerson.clear(certificate.nationalCode);
      return certificate;
    },
    renewAbroadCertificate: async (_: unknown, { input }: { input: { certificateNumber: string; validUntil: string } }, context: EngineeringContext) => {
      const current = await abroadLoaders(context).certificate.load(credentialNumberKey(input.certificateNumber));
      const holder = current ? await loadEngineer(context, current.nationalCode) : null;
      // The new last day, read again only to compare it with the licence: its own problems are the renewal's.
      const renewedTo = checkDay(new InputChecker(), 'validUntil', input.validUntil);
      return actOnCredentialDocument(
        abroadCertificates(context),
        'certificateNumber',
        input.certificateNumber,
        'certificate for working abroad',
        { type: 'renew', validUntil: input.validUntil, by: context.caller },
        (checker) => {
          checkRenewalWithinLicence(checker, holder?.licence, renewedTo);
          return undefined;
        },
      );
    },
    changeAbroadCertificateStanding: (_: unknown, { input }: { input: { certificateNumber: string; change: CredentialChange; on?: string | null } }, context: EngineeringContext) =>
      actOnCredentialDocument(abroadCertificates(context), 'certificateNumber', input.certificateNumber, 'certificate for working abroad', {
        type: 'standing',
        change: input.change,
        on: input.on,
        by: context.caller,
      }),
  },
  EngineeringMember: {
    licence: (person: EngineeringPersonDocument) => (person.licence ? heldLicence(person) : null),
    trainingCourses: (person: EngineeringPersonDocument, _: unknown, context: EngineeringContext) => abroadLoaders(context).completionsOfPerson.load(person._id),
    abroadCertificates: (person: EngineeringPersonDocument, _: unknown, context: EngineeringContext) => abroadLoaders(context).certificatesOfPerson.load(person._id),
    coursesMissingForAbroad: async (person: EngineeringPersonDocument, { country }: { country: string }, context: EngineeringContext) => {
      const checker = new InputChecker();
      const code = checkCountry(checker, 'country', country);
      if (!code) throw badUserInputField('country', `"${country}" is not a destination certificates are issued for; one of ${Object.keys(ABROAD_COUNTRIES).join(', ')}`);
      const done = new Set((await abroadLoaders(context).completionsOfPerson.load(person._id)).map((c) => c.courseId));
      return requiredCourses(code).filter((course) => !done.has(course.id));
    },
  },
  EngineeringLicence: {
    ...licenceValidity,
    holder: (licence: HeldLicence) => ({ nationalCode: licence.holderCode }),
    provincialOrganisation: (licence: HeldLicence) => ({ id: licence.provincialOrganisationId }),
  },
  CompletedTrainingCourse: {
    course: (completion: CourseCompletionDocument) => {
      const course = courseById(completion.courseId);
      // recordTrainingCourse records only listed courses: a completion of another came from elsewhere.
      if (!course) throw new Error(`completion ${completion._id} names no listed training course`);
      return course;
    },
    completedOn: (completion: CourseCompletionDocument) => calendarDateOf(completion.completedOn),
  },
  TrainingCourse: {
    countries: (course: TrainingCourse) => course.countries,
    requiredForEveryDestination: (course: TrainingCourse) => course.countries.length === 0,
  },
  AbroadCertificate: {
    ...validityResolvers(),
    // A certificate always records both days (the schema's non-null validFrom and validUntil).
    validFrom: (certificate: AbroadCertificateDocument) => calendarDateOf(certificate.validFrom),
    validUntil: (certificate: AbroadCertificateDocument) => calendarDateOf(certificate.validUntil),
    certificateNumber: (certificate: AbroadCertificateDocument) => certificate._id,
    holder: (certificate: AbroadCertificateDocument) => ({ nationalCode: certificate.nationalCode }),
    countryName: (certificate: AbroadCertificateDocument) => ABROAD_COUNTRIES[certificate.country] ?? certificate.country,
    courses: (certificate: AbroadCertificateDocument) => certificate.courseIds.map(courseById).filter((course) => course !== undefined),
  },
} satisfies Resolvers;
