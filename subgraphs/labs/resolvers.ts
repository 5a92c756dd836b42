import { Caller } from '../../shared/auth/caller';
import { enteredBy } from '../../shared/provenance/provenance';
import { InputChecker } from '../../shared/errors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { refreshPerson } from '../../shared/registry/loaders';
import { checkPersonCore, PersonCoreInput } from '../../shared/registry/person-input';
import { RegistryContext } from '../../shared/registry/resolvers';
import { checkOptionalText } from '../../shared/validation';
import { LabsOrganisationDocument, LabsPersonDocument } from './documents';

type LabsContext = RegistryContext<LabsPersonDocument, LabsOrganisationDocument>;

interface UpsertLabsMemberInput extends PersonCoreInput {
  expertise?: string | null;
}

export const labsResolvers: ResolverMap = mergeResolvers({
  Mutation: {
    upsertLabsMember: async (_: unknown, { input }: { input: UpsertLabsMemberInput }, { repository, loaders, caller }: LabsContext & { caller?: Caller }) => {
      const checker = new InputChecker();
      const core = checkPersonCore(checker, input);
      const expertise = checkOptionalText(checker, 'expertise', input.expertise, { max: 120 });
      checker.throwIfAny();
      const member: LabsPersonDocument = {
        _id: core.nationalCode!,
        ...core.name!,
        updatedAt: new Date(),
        provenance: enteredBy(caller),
        ...(expertise ? { expertise } : {}),
      };
      await repository.savePerson(member);
      refreshPerson(loaders, member);
      return member;
    },
  },
  // LabAccreditation's fields: credentials.ts (validity days stored as instants, status derived).
});
