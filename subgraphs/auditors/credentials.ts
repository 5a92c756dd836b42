import { enteredBy } from '../../shared/provenance/provenance';
import { Caller } from '../../shared/auth/caller';
import { checkCredentialListArgs, CredentialListArgs } from '../../shared/credentials/arguments';
import { checkValidityDays, CredentialChange } from '../../shared/credentials/changes';
import { checkAccreditationCore, checkCredentialNumber, checkNumberHoldsNoCode } from '../../shared/credentials/checks';
import { credentialNumberKey } from '../../shared/credentials/credential-number';
import { heldByOrganisation, organisationCredentialMutations, organisationCredentialFilter, OrganisationCredentialStore } from '../../shared/credentials/held-by-organisation';
import { actOnCredentialDocument, CredentialDocumentStore, insertingCredential } from '../../shared/credentials/held-in-collection';
import { CREDENTIAL_CHANGE_EVENTS, credentialEvent } from '../../shared/credentials/events';
import { perRequest } from '../../shared/credentials/loaders';
import { listed, validityResolvers } from '../../shared/credentials/resolvers';
import { InputChecker } from '../../shared/errors';
import { manyByKey, oneByKey } from '../../shared/graphql/loaders';
import { ResolverMap } from '../../shared/graphql/merge-resolvers';
import { RegistryContext } from '../../shared/registry/context';
import { guardParent } from '../../shared/registry/parent-guard';
import { Filter } from '../../shared/store/port';
import { cleanDisplayText } from '../../shared/text/normalize';
import { checkNationalCode, checkText } from '../../shared/validation';
import { INSPECTION_ACCREDITATION } from './accreditation';
import { AUDITORS_CREDENTIAL_KINDS } from './credential-kinds';
import {
  AuditorCertificationDocument,
  AuditorCertificationKind,
  AuditorGrade,
  AuditorsOrganisationDocument,
  AuditorsPersonDocument,
  InspectionAccreditationRecord,
} from './documents';
import { AuditorsRepository, certificationFilter } from './repository';

type AuditorsContext = RegistryContext<AuditorsPersonDocument, AuditorsOrganisationDocument> & { repository: AuditorsRepository; caller?: Caller };

/** The request's certification loaders, made on first use. */
const certificationLoaders = perRequest((repository: AuditorsRepository) => ({
  ofPerson: manyByKey(
    (codes: readonly string[]) => repository.findCertificationsOfPeople(codes),
    (c) => c.nationalCode,
  ),
  byNumber: oneByKey(
    (numbers: readonly string[]) => repository.findCertifications(numbers),
    (c) => c._id,
  ),
}));

interface CertificationsArgs extends CredentialListArgs {
  kind?: AuditorCertificationKind | null;
  grade?: AuditorGrade | null;
  field?: string | null;
}

interface InspectionAccreditationsArgs extends CredentialListArgs {
  inspectionType?: InspectionAccreditationRecord['inspectionType'] | null;
  field?: string | null;
}

interface IssueCertificationInput {
  nationalCode: string;
  kind: AuditorCertificationKind;
  field: string;
  grade: AuditorGrade;
  certificateNumber: string;
  validFrom: string;
  validUntil: string;
}

interface IssueInspectionAccreditationInput {
  standard?: string | null;
  inspectionType: InspectionAccreditationRecord['inspectionType'];
  fields: string[];
  certificateNumber: string;
  validFrom: string;
  validUntil: string;
}

const inspectionBodies = ({ repository, loaders }: AuditorsContext): OrganisationCredentialStore<AuditorsOrganisationDocument> => ({
  load: (id) => loaders.organisation.load(id) as Promise<AuditorsOrganisationDocument | null>,
  save: async (previous, body, event) => {
    const subject = repository.credentialSubject('auditors', AUDITORS_CREDENTIAL_KINDS, INSPECTION_ACCREDITATION.kind);
    await repository.replaceOrganisation(previous, body, [credentialEvent(subject, body, event)]);
    loaders.organisation.clear(body._id);
  },
});

/** What names a certification in the events of its changes. */
const certificationSubject = ({ repository }: AuditorsContext) => repository.credentialSubject('auditors', AUDITORS_CREDENTIAL_KINDS, 'AUDITOR_CERTIFICATION');

const certifications = (context: AuditorsContext): CredentialDocumentStore<AuditorCertificationDocument> => {
  const own = certificationLoaders(context);
  return {
    load: (number) => own.byNumber.load(credentialNumberKey(number)),
    save: async (previous, certification, event) => {
      await context.repository.replaceCertification(previous, certification, [credentialEvent(certificationSubject(context), certification, event)]);
      own.byNumber.clear(certification._id);
      own.ofPerson.clear(certification.nationalCode);
    },
  };
};

/** Checks a new certification completely (its holder must be a member; its number new) before it is written. */
async function checkIssue(input: IssueCertificationInput, context: AuditorsContext): Promise<AuditorCertificationDocument> {
  const checker = new InputChecker();
  const nationalCode = checkNationalCode(checker, 'nationalCode', input.nationalCode);
  const holder = nationalCode ? await context.loaders.person.load(nationalCode) : null;
  if (nationalCode && !holder) checker.add('nationalCode', `no member ${nationalCode} in the auditors registry; add the member first`);
  const field = checkText(checker, 'field', input.field, { min: 2, max: 120 });
  const number = checkCredentialNumber(checker, 'certificateNumber', input.certificateNumber);
  if (number && (await certificationLoaders(context).byNumber.load(number))) checker.add('certificateNumber', `${number} is already registered`);
  checkNumberHoldsNoCode(checker, 'certificateNumber', number, nationalCode);
  const days = checkValidityDays(checker, input);
  checker.throwIfAny();
  guardParent('people', holder!, 'nationalCode', 'the member');
  return { _id: number!, nationalCode: nationalCode!, kind: input.kind, field: field!, grade: input.grade, validFrom: days.validFrom!, validUntil: days.validUntil! };
}

const DEFAULT_STANDARD = 'ISO/IEC 17020';

const accreditationMutations = organisationCredentialMutations(INSPECTION_ACCREDITATION, inspectionBodies, (checker: InputChecker, input: IssueInspectionAccreditationInput) => {
  const core = checkAccreditationCore(checker, input, DEFAULT_STANDARD);
  return core && { ...core, inspectionType: input.inspectionType };
});

/** The auditors registry's credential queries, mutations and fields. */
export const auditorsCredentialResolvers: ResolverMap = {
  Query: {
    auditorsCertifications: async (_: unknown, args: CertificationsArgs, { repository }: AuditorsContext) => {
      const criteria = checkCredentialListArgs(args);
      const own: Filter[] = [];
      if (args.kind) own.push({ kind: args.kind });
      if (args.grade) own.push({ grade: args.grade });
      if (args.field) own.push({ field: cleanDisplayText(args.field) });
      const page = await repository.pageCertifications(certificationFilter(criteria, own), args);
      return { ...page, nodes: page.nodes.map((certification) => listed(certification, criteria.asOf)) };
    },
    auditorsInspectionAccreditations: async (_: unknown, args: InspectionAccreditationsArgs, { repository }: AuditorsContext) => {
      const criteria = checkCredentialListArgs(args);
      const own: Filter[] = [];
      if (args.inspectionType) own.push({ 'inspectionAccreditation.inspectionType': args.inspectionType });
      if (args.field) own.push({ 'inspectionAccreditation.fields': cleanDisplayText(args.field) });
      const page = await repository.pageAccreditedInspectionBodies(organisationCredentialFilter(INSPECTION_ACCREDITATION, criteria, own), args);
      return { ...page, nodes: page.nodes.map((body) => heldByOrganisation(body.inspectionAccreditation!, body._id, criteria.asOf)) };
    },
  },
  Mutation: {
    issueAuditorCertification: async (_: unknown, { input }: { input: IssueCertificationInput }, context: AuditorsContext & { caller?: Caller }) => {
      const certification = { ...(await checkIssue(input, context)), provenance: enteredBy(context.caller) };
      const issued = credentialEvent(certificationSubject(context), certification, CREDENTIAL_CHANGE_EVENTS.issued);
      await insertingCredential('certificateNumber', certification._id, () => context.repository.insertCertification(certification, [issued]));
      const own = certificationLoaders(context);
      // Cleared, not primed: the stored document has a revision the one sent lacks (a second change in this request would be a false WRITE_CONFLICT).
      own.byNumber.clear(certification._id);
      own.ofPerson.clear(certification.nationalCode);
      return certification;
    },
    renewAuditorCertification: (_: unknown, { input }: { input: { certificateNumber: string; validUntil: string; grade?: AuditorGrade | null } }, context: AuditorsContext) =>
      actOnCredentialDocument(
        certifications(context),
        'certificateNumber',
        input.certificateNumber,
        'certification',
        { type: 'renew', validUntil: input.validUntil, by: context.caller },
        () => (input.grade ? { grade: input.grade } : undefined),
      ),
    changeAuditorCertificationStanding: (_: unknown, { input }: { input: { certificateNumber: string; change: CredentialChange; on?: string | null } }, context: AuditorsContext) =>
      actOnCredentialDocument(certifications(context), 'certificateNumber', input.certificateNumber, 'certification', {
        type: 'standing',
        change: input.change,
        on: input.on,
        by: context.caller,
      }),
    issueInspectionAccreditation: accreditationMutations.issue,
    renewInspectionAccreditation: accreditationMutations.renew,
    changeInspectionAccreditationStanding: accreditationMutations.changeStanding,
  },
  AuditorsMember: {
    certifications: (person: AuditorsPersonDocument, _: unknown, context: AuditorsContext) => certificationLoaders(context).ofPerson.load(person._id),
  },
  AuditorCertification: {
    ...validityResolvers(),
    certificateNumber: (certification: AuditorCertificationDocument) => certification._id,
    holder: (certification: AuditorCertificationDocument) => ({ nationalCode: certification.nationalCode }),
  },
  AuditorsOrganisation: {
    inspectionAccreditation: (body: AuditorsOrganisationDocument) => (body.inspectionAccreditation ? heldByOrganisation(body.inspectionAccreditation, body._id) : null),
  },
  InspectionAccreditation: {
    ...validityResolvers(),
    inspectionBody: ({ holderId }: { holderId: string }) => ({ id: holderId }),
  },
};
