import type { ResolverTypesSource } from '../../shared/registry/resolver-types-source';
import { guildsSubgraph } from '.';

/** How scripts/generate-resolver-types.ts types the guilds resolvers (generated/resolvers-types.ts): their context, and the documents each type is resolved from. */
export const resolverTypes: ResolverTypesSource = {
  schema: guildsSubgraph.schema,
  contextType: '../resolver-context#GuildsResolverContext',
  mappers: {
    GuildsMember: '../documents#GuildsPersonDocument',
    GuildsOrganisation: '../documents#GuildsOrganisationDocument',
    GuildUnit: '../credential-views#ListedGuildUnit',
    GuildElection: '../elections/documents#ElectionDocument',
    GuildElectionCandidate: '../elections/documents#CandidateDocument',
    GuildElectionCandidateStatusChange: '../elections/documents#CandidateStatusChange',
    GuildElectionResult: '../elections/views#ResultView',
    GuildElectionTally: '../elections/views#TallyView',
    GuildElectionTieBreak: '../elections/views#TieBreakView',
    GuildElectionBallotReceipt: '../elections/cast-ballot#BallotReceipt',
    GuildUnionBoardTerm: '../elections/documents#BoardTermDocument',
    GuildUnionBoardSeat: '../elections/documents#BoardSeatDocument',
    ChamberProgramme: '../programmes/documents#ProgrammeDocument',
    ProgrammeAxis: '../programmes/views#AxisView',
    ProgrammeIndicator: '../programmes/documents#IndicatorDocument',
    ProgrammeIndicatorValue: '../programmes/indicator-values#IndicatorValue',
    StructuredProject: '../programmes/documents#StructuredProjectDocument',
    StructuredProjectStage: '../programmes/documents#StageDocument',
    PartnershipAgreement: '../programmes/documents#AgreementDocument',
    PartnershipParty: '../programmes/documents#AgreementParty',
    OwnGuildElection: '../elections/views#OwnElection',
  },
};
