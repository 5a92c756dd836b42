import { enteredBy } from '../../shared/provenance/provenance';
import { InputChecker } from '../../shared/errors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { refreshPerson } from '../../shared/registry/loaders';
import { checkPersonCore } from '../../shared/registry/person-input';
import { AuditorsContext } from './context';
import { AuditorsPersonDocument } from './documents';
import { Resolvers } from './generated/resolvers-types';

interface UpsertAuditorsMemberInput {
  nationalCode: string;
  fullName: string;
}

/** The auditors registry's own resolvers, checked against its schema (generated/resolvers-types.ts). */
const auditorsOwnResolvers = {
  Mutation: {
    upsertAuditorsMember: async (_: unknown, { input }: { input: UpsertAuditorsMemberInput }, { repository, loaders, caller }: AuditorsContext) => {
      const checker = new InputChecker();
      const core = checkPersonCore(checker, input);
      checker.throwIfAny();
      // Certifications are kept apart (issueAuditorCertification...): an upsert leaves them as they are.
      const member: AuditorsPersonDocument = {
        _id: core.nationalCode!,
        fullName: core.fullName!,
        nameKey: core.nameKey!,
        sortKey: core.sortKey!,
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
