import { enteredBy } from '../../shared/provenance/provenance';
import { InputChecker } from '../../shared/errors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { refreshPerson } from '../../shared/registry/loaders';
import { checkPersonCore, PersonCoreInput } from '../../shared/registry/person-input';
import { AuditorsContext } from './context';
import { AuditorsPersonDocument } from './documents';
import { Resolvers } from './generated/resolvers-types';

/** The auditors registry's own resolvers, checked against its schema (generated/resolvers-types.ts). */
const auditorsOwnResolvers = {
  Mutation: {
    upsertAuditorsMember: async (_: unknown, { input }: { input: PersonCoreInput }, { repository, loaders, caller }: AuditorsContext) => {
      const checker = new InputChecker();
      const core = checkPersonCore(checker, input);
      checker.throwIfAny();
      // Certifications are kept apart (issueAuditorCertification...): an upsert leaves them as they are.
      const member: AuditorsPersonDocument = {
        _id: core.nationalCode!,
        ...core.name!,
        updatedAt: new Date(),
        provenance: enteredBy(caller),
      };
      await repository.savePerson(member);
      refreshPerson(loaders, member);
      return member;
    },
  },
  // AuditorsMember.certifications, AuditorCertification and InspectionAccreditation: credentials.ts.
} satisfies Resolvers;

export const auditorsResolvers: ResolverMap = mergeResolvers(auditorsOwnResolvers);
