import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { codegen } from '@graphql-codegen/core';
import * as typescriptPlugin from '@graphql-codegen/typescript';
import * as typescriptResolversPlugin from '@graphql-codegen/typescript-resolvers';
import { GraphQLSchema, parse, printSchema } from 'graphql';
import { typePrefixOf } from '../shared/registry/keys';
import { auditorsSubgraph } from '../subgraphs/auditors';
import { engineeringSubgraph } from '../subgraphs/engineering';
import { guildsSubgraph } from '../subgraphs/guilds';
import { labsSubgraph } from '../subgraphs/labs';

/** A subgraph whose resolver map is typed from its own assembled schema, and the documents its resolvers receive. */
interface TypedSubgraph {
  /** Where the subgraph's folder is. */
  folder: string;
  /** The schema it serves (shared/registry/define.ts assembles it). */
  schema: GraphQLSchema;
  /** `../context#Type`: what its resolvers receive as context. */
  contextType: string;
  /** GraphQL type -> `./documents#Type`, relative to the generated file: what the resolvers of that type receive as parent. */
  mappers: Record<string, string>;
}

const ROOT = join(__dirname, '..');

/** GraphQL type -> the value shared/ resolves it from, relative to a subgraph's generated file: the same in every subgraph (`Prefix`: `Labs`...). */
const sharedMappers = (prefix: string): Record<string, string> => ({
  CalendarDate: '../../../shared/text/calendar#CalendarDate as CalendarDateValue',
  MemberRole: '../../../shared/registry/documents#RoleDocument',
  ProjectParticipant: '../../../shared/registry/documents#ParticipationDocument',
  ProjectMemberRecord: '../../../shared/governance/documents#ProjectMemberDocument',
  ProjectRecord: '../../../shared/governance/documents#CommitteeRecord',
  MeetingSeries: '../../../shared/governance/documents#MeetingSeriesDocument',
  [`${prefix}Meeting`]: '../../../shared/governance/documents#MeetingDocument',
  [`${prefix}Resolution`]: '../../../shared/governance/documents#ResolutionDocument',
  Attendee: '../../../shared/governance/documents#AttendeeRecord',
  MeetingBody: '../../../shared/governance/documents#MeetingBodyRecord',
  ReportedFigure: '../../../shared/governance/documents#FigureRecord',
});

const TYPED_SUBGRAPHS: readonly TypedSubgraph[] = [
  {
    folder: join(ROOT, 'subgraphs', 'labs'),
    schema: labsSubgraph.schema,
    contextType: '../context#LabsContext',
    mappers: { LabsMember: '../documents#LabsPersonDocument', LabsOrganisation: '../documents#LabsOrganisationDocument' },
  },
  {
    folder: join(ROOT, 'subgraphs', 'auditors'),
    schema: auditorsSubgraph.schema,
    contextType: '../context#AuditorsContext',
    mappers: { AuditorsMember: '../documents#AuditorsPersonDocument', AuditorsOrganisation: '../documents#AuditorsOrganisationDocument' },
  },
  {
    folder: join(ROOT, 'subgraphs', 'engineering'),
    schema: engineeringSubgraph.schema,
    contextType: '../context#EngineeringContext',
    mappers: {
      EngineeringMember: '../documents#EngineeringPersonDocument',
      EngineeringOrganisation: '../documents#EngineeringOrganisationDocument',
      EngineeringLicence: '../credential-views#HeldLicence',
      CompletedTrainingCourse: '../documents#CourseCompletionDocument',
      TrainingCourse: '../courses#TrainingCourse as TrainingCourseRecord',
      AbroadCertificate: '../credential-views#ListedAbroadCertificate',
    },
  },
  {
    folder: join(ROOT, 'subgraphs', 'guilds'),
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
  },
];

/** Where a subgraph's generated resolver types are committed. */
const generatedFileOf = (folder: string): string => join(folder, 'generated', 'resolvers-types.ts');

/** The resolver types of one subgraph, as the file's text. */
async function resolverTypesOf(subgraph: TypedSubgraph): Promise<string> {
  const output = await codegen({
    filename: generatedFileOf(subgraph.folder),
    schema: parse(printSchema(subgraph.schema)),
    schemaAst: subgraph.schema,
    documents: [],
    plugins: [{ typescript: {} }, { typescriptResolvers: { federation: true } }],
    pluginMap: { typescript: typescriptPlugin, typescriptResolvers: typescriptResolversPlugin },
    config: {
      useIndexSignature: false,
      contextType: subgraph.contextType,
      mappers: { ...sharedMappers(typePrefixOf(basename(subgraph.folder))), ...subgraph.mappers },
      scalars: { DateTime: 'Date | string' },
      enumsAsTypes: true,
      // An input field with a default is always there (graphql-js fills it in).
      avoidOptionals: { defaultValue: true },
      immutableTypes: true,
      useTypeImports: true,
    },
  });
  return `// Generated by scripts/generate-resolver-types.ts (npm run codegen:resolvers) from the schema the subgraph serves. Do not edit.\n${output}`;
}

/** Writes each subgraph's resolver types; with `--check`, writes nothing and exits 1 naming the committed files that are stale. */
async function main(check: boolean): Promise<void> {
  const stale: string[] = [];
  for (const subgraph of TYPED_SUBGRAPHS) {
    const file = generatedFileOf(subgraph.folder);
    const text = await resolverTypesOf(subgraph);
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(relative(ROOT, file));
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote ${relative(ROOT, file)}`);
  }
  if (stale.length > 0) {
    console.error(`stale generated resolver types (run npm run codegen:resolvers): ${stale.join(', ')}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main(process.argv.includes('--check'));
