import { Caller } from '../../shared/auth/caller';
import { checkCredentialListArgs, CredentialListArgs } from '../../shared/credentials/arguments';
import { checkAccreditationCore } from '../../shared/credentials/checks';
import { heldByOrganisation, organisationCredentialFilter, organisationCredentialMutations, OrganisationCredentialStore } from '../../shared/credentials/held-by-organisation';
import { credentialEvent } from '../../shared/credentials/events';
import { validityResolvers } from '../../shared/credentials/resolvers';
import { InputChecker } from '../../shared/errors';
import { ResolverMap } from '../../shared/graphql/merge-resolvers';
import { RegistryContext } from '../../shared/registry/context';
import { Filter } from '../../shared/store/port';
import { cleanDisplayText } from '../../shared/text/normalize';
import { LAB_ACCREDITATION } from './accreditation';
import { LABS_CREDENTIAL_KINDS } from './credential-kinds';
import { LabAccreditationRecord, LabsOrganisationDocument, LabsPersonDocument } from './documents';
import { LabsRepository } from './repository';

type LabsContext = RegistryContext<LabsPersonDocument, LabsOrganisationDocument> & { repository: LabsRepository; caller?: Caller };

interface LabsAccreditationArgs extends CredentialListArgs {
  standard?: string | null;
  scope?: LabAccreditationRecord['scope'] | null;
  field?: string | null;
}

interface IssueLabAccreditationInput {
  standard?: string | null;
  scope: LabAccreditationRecord['scope'];
  fields: string[];
  certificateNumber: string;
  validFrom: string;
  validUntil: string;
}

/** Laboratories go through the request's loader, and leave it holding what was written; each change writes its event with it. */
const laboratories = ({ repository, loaders }: LabsContext): OrganisationCredentialStore<LabsOrganisationDocument> => ({
  load: (id) => loaders.organisation.load(id) as Promise<LabsOrganisationDocument | null>,
  save: async (previous, laboratory, event) => {
    const subject = repository.credentialSubject('labs', LABS_CREDENTIAL_KINDS, LAB_ACCREDITATION.kind);
    await repository.replaceOrganisation(previous, laboratory, [credentialEvent(subject, laboratory, event)]);
    loaders.organisation.clear(laboratory._id);
  },
});

const DEFAULT_STANDARD = 'ISO/IEC 17025';

const accreditationMutations = organisationCredentialMutations(LAB_ACCREDITATION, laboratories, (checker: InputChecker, input: IssueLabAccreditationInput) => {
  const core = checkAccreditationCore(checker, input, DEFAULT_STANDARD);
  return core && { ...core, scope: input.scope };
});

/** The labs registry's credential queries, mutations and fields. */
export const labsCredentialResolvers: ResolverMap = {
  Query: {
    labsAccreditations: async (_: unknown, args: LabsAccreditationArgs, { repository }: LabsContext) => {
      const criteria = checkCredentialListArgs(args);
      const own: Filter[] = [];
      if (args.standard) own.push({ 'accreditation.standard': cleanDisplayText(args.standard) });
      if (args.scope) own.push({ 'accreditation.scope': args.scope });
      if (args.field) own.push({ 'accreditation.fields': cleanDisplayText(args.field) });
      const page = await repository.pageAccreditedLaboratories(organisationCredentialFilter(LAB_ACCREDITATION, criteria, own), args);
      return { ...page, nodes: page.nodes.map((laboratory) => heldByOrganisation(laboratory.accreditation!, laboratory._id, criteria.asOf)) };
    },
  },
  Mutation: {
    issueLabAccreditation: accreditationMutations.issue,
    renewLabAccreditation: accreditationMutations.renew,
    changeLabAccreditationStanding: accreditationMutations.changeStanding,
  },
  LabsOrganisation: {
    accreditation: (laboratory: LabsOrganisationDocument) => (laboratory.accreditation ? heldByOrganisation(laboratory.accreditation, laboratory._id) : null),
  },
  LabAccreditation: {
    ...validityResolvers(),
    laboratory: ({ holderId }: { holderId: string }) => ({ id: holderId }),
  },
};
