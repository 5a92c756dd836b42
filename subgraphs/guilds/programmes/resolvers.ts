import { badUserInputField } from '../../../shared/errors';
import { PageRequest } from '../../../shared/graphql/pagination';
import { ProjectStatus } from '../../../shared/registry/documents';
import { Filter } from '../../../shared/store/port';
import { calendarDateOf, optionalCalendarDateOf } from '../../../shared/text/calendar';
import { addPartnershipAgreement, AddPartnershipAgreementInput } from './add-agreement';
import { addProgrammeAxis, AddProgrammeAxisInput } from './add-axis';
import { addProgrammeIndicator, AddProgrammeIndicatorInput } from './add-indicator';
import { addStructuredProject, AddStructuredProjectInput } from './add-project';
import { ProgrammesContext } from './context';
import { createChamberProgramme, CreateChamberProgrammeInput } from './create-programme';
import {
  AgreementDocument,
  AgreementKind,
  AgreementParty,
  AgreementScope,
  IndicatorDocument,
  ProgrammeAxis,
  ProgrammeDocument,
  StageDocument,
  StructuredProjectDocument,
} from './documents';
import { Resolvers } from '../generated/resolvers-types';
import { achievementOf, IndicatorValue, latestValue, valuesOf } from './indicator-values';
import { recordIndicatorActual, RecordIndicatorActualInput } from './record-indicator';
import { recordStageProgress, RecordStageProgressInput } from './record-stage';
import { programmeGrants } from './grants';

const MAX_ID_LENGTH = 200;

/** An equality filter of the given optional arguments; ids longer than any id are refused. */
function equalities(args: Record<string, string | number | null | undefined>): Filter[] {
  const parts: Filter[] = [];
  for (const [field, value] of Object.entries(args)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string' && value.length > MAX_ID_LENGTH) throw badUserInputField(field, `must have at most ${MAX_ID_LENGTH} characters`);
    parts.push({ [field]: value });
  }
  return parts;
}

const all = (parts: Filter[]): Filter => (parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts });

function yearRange(year: number | null | undefined): Filter[] {
  if (year === null || year === undefined) return [];
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw badUserInputField('signedInYear', `must be a year from 1900 to 2200; got ${year}`);
  return [{ signedOn: { $gte: new Date(Date.UTC(year, 0, 1)), $lt: new Date(Date.UTC(year + 1, 0, 1)) } }];
}

/** PLANNED before any progress, COMPLETED when every stage is done, else ACTIVE; CANCELLED when decided. */
function projectStatus(project: StructuredProjectDocument, stages: readonly StageDocument[]): ProjectStatus {
  if (project.cancelled) return 'CANCELLED';
  if (stages.length > 0 && stages.every((s) => s.progress === 100)) return 'COMPLETED';
  return stages.some((s) => s.progress > 0) ? 'ACTIVE' : 'PLANNED';
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** The programmes feature's resolvers: its lists, its mutations and types. */
export const programmesResolvers = {
  Query: {
    chamberProgrammes: (_: unknown, args: PageRequest & { chamberId?: string | null; year?: number | null }, { programmes }: ProgrammesContext) =>
      programmes.repository.pageProgrammes(all(equalities({ chamberId: args.chamberId, year: args.year })), args),
    chamberProgramme: (_: unknown, { id }: { id: string }, { programmes }: ProgrammesContext) => (id.length > MAX_ID_LENGTH ? null : programmes.loaders.programme.load(id)),
    structuredProjects: (_: unknown, args: PageRequest & { chamberId?: string | null; programmeId?: string | null }, { programmes }: ProgrammesContext) =>
      programmes.repository.pageProjects(all(equalities({ chamberId: args.chamberId, programmeId: args.programmeId })), args),
    partnershipAgreements: (
      _: unknown,
      args: PageRequest & { chamberId?: string | null; kind?: AgreementKind | null; scope?: AgreementScope | null; signedInYear?: number | null },
      { programmes }: ProgrammesContext,
    ) => programmes.repository.pageAgreements(all([...equalities({ chamberId: args.chamberId, kind: args.kind, scope: args.scope }), ...yearRange(args.signedInYear)]), args),
  },
  // Who may: `@authenticated` in programmes.graphql at the gateway and here; the chamber's officers
  // or guilds:admin (./grants.ts) before anything is written.
  Mutation: {
    createChamberProgramme: (_: unknown, { input }: { input: CreateChamberProgrammeInput }, context: ProgrammesContext) => {
      programmeGrants.ofChamber(context, 'createChamberProgramme', input.chamberId);
      return createChamberProgramme(input, context);
    },
    addProgrammeAxis: async (_: unknown, { input }: { input: AddProgrammeAxisInput }, context: ProgrammesContext) => {
      await programmeGrants.ofProgramme(context, 'addProgrammeAxis', input.programmeId);
      return addProgrammeAxis(input, context);
    },
    addProgrammeIndicator: async (_: unknown, { input }: { input: AddProgrammeIndicatorInput }, context: ProgrammesContext) => {
      await programmeGrants.ofProgramme(context, 'addProgrammeIndicator', input.programmeId);
      return addProgrammeIndicator(input, context);
    },
    addStructuredProject: async (_: unknown, { input }: { input: AddStructuredProjectInput }, context: ProgrammesContext) => {
      await programmeGrants.ofProgramme(context, 'addStructuredProject', input.programmeId);
      return addStructuredProject(input, context);
    },
    recordProgrammeIndicatorActual: async (_: unknown, { input }: { input: RecordIndicatorActualInput }, context: ProgrammesContext) => {
      await programmeGrants.ofIndicator(context, 'recordProgrammeIndicatorActual', input.indicatorId);
      return recordIndicatorActual(input, context);
    },
    recordStructuredProjectStageProgress: async (_: unknown, { input }: { input: RecordStageProgressInput }, context: ProgrammesContext) => {
      await programmeGrants.ofProject(context, 'recordStructuredProjectStageProgress', input.projectId);
      return recordStageProgress(input, context);
    },
    addPartnershipAgreement: (_: unknown, { input }: { input: AddPartnershipAgreementInput }, context: ProgrammesContext) => {
      programmeGrants.ofChamber(context, 'addPartnershipAgreement', input.chamberId);
      return addPartnershipAgreement(input, context);
    },
  },
  ChamberProgramme: {
    id: (programme: ProgrammeDocument) => programme._id,
    chamber: (programme: ProgrammeDocument) => ({ id: programme.chamberId }),
    axes: (programme: ProgrammeDocument) => programme.axes.map((axis, i) => ({ programme, axis, order: i + 1 })),
    achievement: async (programme: ProgrammeDocument, _: unknown, context: ProgrammesContext) => {
      const indicators = await context.programmes.loaders.indicatorsOfProgramme.load(programme._id);
      const latest = (await Promise.all(indicators.map((i) => latestValue(i, context)))).filter((v): v is IndicatorValue => v !== undefined);
      return latest.length === 0 ? null : latest.filter((v) => v.value >= v.target).length / latest.length;
    },
    createdAt: (programme: ProgrammeDocument) => programme.createdAt?.toISOString() ?? null,
    createdBy: (programme: ProgrammeDocument) => programme.createdBy ?? null,
    structuredProjects: (programme: ProgrammeDocument, _: unknown, { programmes }: ProgrammesContext) => programmes.loaders.projectsOfProgramme.load(programme._id),
    partnershipAgreements: (programme: ProgrammeDocument, _: unknown, { programmes }: ProgrammesContext) => programmes.loaders.agreementsOfProgramme.load(programme._id),
  },
  ProgrammeAxis: {
    kind: ({ axis }: { axis: ProgrammeAxis }) => axis.kind,
    title: ({ axis }: { axis: ProgrammeAxis }) => axis.title,
    indicators: async ({ programme, axis }: { programme: ProgrammeDocument; axis: ProgrammeAxis }, _: unknown, { programmes }: ProgrammesContext) =>
      (await programmes.loaders.indicatorsOfProgramme.load(programme._id)).filter((i) => i.axis === axis.kind).sort((a, b) => a.order - b.order),
  },
  ProgrammeIndicator: {
    id: (indicator: IndicatorDocument) => indicator._id,
    actual: async (indicator: IndicatorDocument, _: unknown, context: ProgrammesContext) => (await latestValue(indicator, context))?.value ?? null,
    achievement: async (indicator: IndicatorDocument, _: unknown, context: ProgrammesContext) => {
      const latest = await latestValue(indicator, context);
      return latest ? achievementOf(latest.value, latest.target) : null;
    },
    actualAsOf: async (indicator: IndicatorDocument, _: unknown, context: ProgrammesContext) => optionalCalendarDateOf((await latestValue(indicator, context))?.asOf),
    values: (indicator: IndicatorDocument, _: unknown, context: ProgrammesContext) => valuesOf(indicator, context),
  },
  ProgrammeIndicatorValue: {
    asOf: (value: IndicatorValue) => calendarDateOf(value.asOf),
    achievement: (value: IndicatorValue) => achievementOf(value.value, value.target),
    recordedAt: (value: IndicatorValue) => value.recordedAt?.toISOString() ?? null,
    recordedBy: (value: IndicatorValue) => value.recordedBy ?? null,
  },
  StructuredProject: {
    id: (project: StructuredProjectDocument) => project._id,
    chamber: (project: StructuredProjectDocument) => ({ id: project.chamberId }),
    programme: (project: StructuredProjectDocument, _: unknown, { programmes }: ProgrammesContext) =>
      project.programmeId ? programmes.loaders.programme.load(project.programmeId) : null,
    status: async (project: StructuredProjectDocument, _: unknown, { programmes }: ProgrammesContext) =>
      projectStatus(project, await programmes.loaders.stagesOfProject.load(project._id)),
    progress: async (project: StructuredProjectDocument, _: unknown, { programmes }: ProgrammesContext) =>
      Math.round(mean((await programmes.loaders.stagesOfProject.load(project._id)).map((s) => s.progress)) * 10) / 10,
    stages: async (project: StructuredProjectDocument, _: unknown, { programmes }: ProgrammesContext) =>
      [...(await programmes.loaders.stagesOfProject.load(project._id))].sort((a, b) => a.order - b.order),
  },
  StructuredProjectStage: {
    progressAsOf: (stage: StageDocument) => optionalCalendarDateOf(stage.progressAsOf),
    completedOn: (stage: StageDocument) => optionalCalendarDateOf(stage.completedOn),
  },
  PartnershipAgreement: {
    id: (agreement: AgreementDocument) => agreement._id,
    chamber: (agreement: AgreementDocument) => ({ id: agreement.chamberId }),
    programme: (agreement: AgreementDocument, _: unknown, { programmes }: ProgrammesContext) =>
      agreement.programmeId ? programmes.loaders.programme.load(agreement.programmeId) : null,
    signedOn: (agreement: AgreementDocument) => calendarDateOf(agreement.signedOn),
    validUntil: (agreement: AgreementDocument) => optionalCalendarDateOf(agreement.validUntil),
  },
  PartnershipParty: {
    organisation: (party: AgreementParty) => (party.organisationId ? { id: party.organisationId } : null),
    country: (party: AgreementParty) => party.country ?? null,
  },
} satisfies Resolvers;
