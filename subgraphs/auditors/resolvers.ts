import { InputChecker } from '../../shared/errors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { upsertMember } from '../../shared/registry/person-change';
import { checkPersonCore, PersonCoreInput } from '../../shared/registry/person-input';
import { AuditorsContext } from './context';
import { AuditorsOrganisationDocument, AuditorsPersonDocument } from './documents';
import { Resolvers } from './generated/resolvers-types';

/** The auditors registry's own resolvers, checked against its schema (generated/resolvers-types.ts). */
const auditorsOwnResolvers = {
  Mutation: {
    upsertAuditorsMember: async (_: unknown, { input }: { input: PersonCoreInput }, context: AuditorsContext) => {
      const checker = new InputChecker();
      const core = checkPersonCore(checker, input);
      checker.throwIfAny();
      // Certifications are kept apart (issueAuditorCertification...): an upsert leaves them as they are.
      return upsertMember<AuditorsPersonDocument, AuditorsOrganisationDocument>(context, { nationalCode: core.nationalCode!, name: core.name!, own: () => ({}) });
    },
  },
  // AuditorsMember.certifications, AuditorCertification and InspectionAccreditation: credentials.ts.
} satisfies Resolvers;

export const auditorsResolvers: ResolverMap = mergeResolvers(auditorsOwnResolvers);
