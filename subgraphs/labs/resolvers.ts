import { InputChecker } from '../../shared/errors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { upsertMember } from '../../shared/registry/person-change';
import { checkPersonCore, PersonCoreInput } from '../../shared/registry/person-input';
import { checkOptionalText } from '../../shared/validation';
import { LabsContext } from './context';
import { LabsOrganisationDocument, LabsPersonDocument } from './documents';
import { Resolvers } from './generated/resolvers-types';

interface UpsertLabsMemberInput extends PersonCoreInput {
  expertise?: string | null;
}

/** The labs registry's own resolvers, checked against its schema (generated/resolvers-types.ts). */
const labsOwnResolvers = {
  Mutation: {
    upsertLabsMember: async (_: unknown, { input }: { input: UpsertLabsMemberInput }, context: LabsContext) => {
      const checker = new InputChecker();
      const core = checkPersonCore(checker, input);
      const expertise = checkOptionalText(checker, 'expertise', input.expertise, { max: 120 });
      checker.throwIfAny();
      return upsertMember<LabsPersonDocument, LabsOrganisationDocument>(context, { nationalCode: core.nationalCode!, name: core.name!, own: () => ({ expertise }) });
    },
  },
  // LabAccreditation's fields: credentials.ts (validity days stored as instants, status derived).
} satisfies Resolvers;

export const labsResolvers: ResolverMap = mergeResolvers(labsOwnResolvers);
