import { Caller } from '../../shared/auth/caller';
import { InputChecker } from '../../shared/errors';
import { mergeResolvers, ResolverMap } from '../../shared/graphql/merge-resolvers';
import { pageSize } from '../../shared/graphql/pagination';
import { upsertMember } from '../../shared/registry/person-change';
import { checkPersonCore, PersonCoreInput } from '../../shared/registry/person-input';
import { calendarDateOf } from '../../shared/text/calendar';
import { GuildsContext } from './context';
import { GuildsOrganisationDocument, GuildsPersonDocument, GuildStanding, GuildUnitDocument } from './documents';
import { Resolvers } from './generated/resolvers-types';
import { registerGuildUnit, RegisterGuildUnitInput } from './register-unit';

interface UpsertGuildsMemberInput extends PersonCoreInput {
  standing?: GuildStanding | null;
}

export const guildsResolvers: ResolverMap = mergeResolvers({
  Mutation: {
    upsertGuildsMember: async (_: unknown, { input }: { input: UpsertGuildsMemberInput }, context: GuildsContext & { caller?: Caller }) => {
      const checker = new InputChecker();
      const core = checkPersonCore(checker, input);
      checker.throwIfAny();
      return upsertMember<GuildsPersonDocument, GuildsOrganisationDocument>(context, {
        nationalCode: core.nationalCode!,
        name: core.name!,
        // Without a standing, an existing person keeps theirs (an official is not silently made a member).
        own: (previous) => ({ standing: input.standing ?? previous?.standing ?? 'MEMBER' }),
      });
    },
    registerGuildUnit: (_: unknown, { input }: { input: RegisterGuildUnitInput }, context: GuildsContext) => registerGuildUnit(input, context),
  },
  GuildsMember: {
    guildUnits: (person: GuildsPersonDocument, _: unknown, { loaders }: GuildsContext) => loaders.unitsOfOwner.load(person._id),
  },
  GuildsOrganisation: {
    guildUnits: async (organisation: GuildsOrganisationDocument, { first }: { first?: number | null }, { loaders }: GuildsContext) => {
      const size = pageSize(first);
      if (organisation.kind !== 'GUILD_UNION') return [];
      return (await loaders.unitsOfUnion.load(organisation._id)).slice(0, size);
    },
  },
  GuildUnit: {
    licenceNumber: (unit: GuildUnitDocument) => unit._id,
    union: (unit: GuildUnitDocument) => ({ id: unit.unionId }),
    chamber: (unit: GuildUnitDocument) => ({ id: unit.chamberId }),
    owner: (unit: GuildUnitDocument) => ({ nationalCode: unit.ownerNationalCode }),
    earlierLicences: (unit: GuildUnitDocument) =>
      (unit.earlierLicences ?? []).map((licence) => ({ issuedOn: calendarDateOf(licence.issuedOn), validUntil: calendarDateOf(licence.validUntil) })),
    // issuedOn, validUntil, status and the licence's other fields: credentials.ts.
  },
} satisfies Resolvers);
