import { ProvenanceRecord } from '../../../shared/provenance/provenance';
import { StoredDocument } from '../../../shared/store/port';

/** The collections of the chamber programmes feature. */
export const PROGRAMME_COLLECTIONS = {
  programmes: 'chamber_programmes',
  indicators: 'programme_indicators',
  projects: 'structured_projects',
  stages: 'structured_project_stages',
  agreements: 'partnership_agreements',
  /** Every value recorded for an indicator, with its day and who recorded it: appended, never overwritten. */
  indicatorValues: 'programme_indicator_values',
} as const;

/** The axes of a chamber's annual action programme, as seed 004 lists them (in its order). */
export const PROGRAMME_AXES = [
  'GOVERNANCE',
  'ADMINISTRATIVE_SERVICES',
  'DEVELOPMENT_PLAN',
  'STRUCTURED_PROJECTS',
  'EVENTS_AND_SUPPORT',
  'TRAINING',
  'PROFESSIONAL_ASSOCIATIONS',
  'PARTNERSHIPS',
  'COMMUNICATION',
  'ECONOMIC_DIPLOMACY',
] as const;
export type ProgrammeAxisKind = (typeof PROGRAMME_AXES)[number];

export interface ProgrammeAxis {
  kind: ProgrammeAxisKind;
  /** The axis as the programme writes it, e.g. «هياكل التسيير ومنظومة الحكامة». */
  title: string;
}

/** A chamber's annual action programme (برنامج عمل الغرفة), in `chamber_programmes`. */
export interface ProgrammeDocument extends StoredDocument {
  /** Where the record came from (shared/provenance): a source text, invented for the demo, or entered by a caller. */
  provenance?: ProvenanceRecord;
  chamberId: string;
  /** Gregorian (2023), or Solar Hijri below 1700 (1403) for a chamber that keeps that calendar. */
  year: number;
  title: string;
  /** The axes in the programme's order; an axis added later goes last. */
  axes: ProgrammeAxis[];
  /** When and by whom it was created through the API; absent in the demo data. */
  createdAt?: Date;
  createdBy?: string;
}

/** One indicator of an axis: what is measured, in which unit, and the target; its values are kept apart. */
export interface IndicatorDocument extends StoredDocument {
  programmeId: string;
  axis: ProgrammeAxisKind;
  order: number;
  name: string;
  unit: string;
  target: number;
  /** A value written on the indicator itself by an earlier version (read as its first value); new values go to `programme_indicator_values`. */
  actual?: number;
  actualAsOf?: Date;
}

/** A value an indicator reached on a day, in `programme_indicator_values`; never replaced, so the history stays. */
export interface IndicatorValueDocument extends StoredDocument {
  indicatorId: string;
  programmeId: string;
  /** 1 for the indicator's first value recorded, then 2, ...: `_id` is `indicatorId|sequence`, so two values racing for one number cannot both be written. */
  sequence: number;
  value: number;
  /** The day it was measured (00:00 UTC). */
  asOf: Date;
  recordedAt: Date;
  /** The caller who recorded it (the token's subject); absent for the demo's figures. */
  recordedBy?: string;
}

export const STRUCTURED_PROJECT_STATUSES = ['PLANNED', 'ACTIVE', 'COMPLETED', 'CANCELLED'] as const;
export type StructuredProjectStatus = (typeof STRUCTURED_PROJECT_STATUSES)[number];

/** A structured project of a chamber (مشروع مهيكل), in `structured_projects`; its stages are kept apart. */
export interface StructuredProjectDocument extends StoredDocument {
  chamberId: string;
  programmeId?: string;
  name: string;
  city?: string;
  purpose: string;
  /** CANCELLED is decided; otherwise the status follows the stages' progress. */
  cancelled: boolean;
}

/** One stage of a structured project; `_id` is `projectId|order`. */
export interface StageDocument extends StoredDocument {
  projectId: string;
  order: number;
  name: string;
  /** Percent done, 0 to 100. */
  progress: number;
  /** The day of the last progress recorded (00:00 UTC). */
  progressAsOf?: Date;
  /** The day the stage reached 100 %. */
  completedOn?: Date;
}

export const AGREEMENT_KINDS = ['PARTNERSHIP_AGREEMENT', 'COOPERATION_PROTOCOL'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const AGREEMENT_SCOPES = ['NATIONAL', 'INTERNATIONAL'] as const;
export type AgreementScope = (typeof AGREEMENT_SCOPES)[number];

/** A party to an agreement: a name, and the registry organisation or country when known. */
export interface AgreementParty {
  name: string;
  organisationId?: string;
  /** ISO 3166-1 alpha-2 code, e.g. MA. */
  country?: string;
}

/** A partnership agreement or cooperation protocol (اتفاقية شراكة، بروتوكول تعاون), in `partnership_agreements`. */
export interface AgreementDocument extends StoredDocument {
  chamberId: string;
  programmeId?: string;
  title: string;
  kind: AgreementKind;
  scope: AgreementScope;
  parties: AgreementParty[];
  signedOn: Date;
  validUntil?: Date;
}

export const stageId = (projectId: string, order: number): string => `${projectId}|${order}`;
export const indicatorIdOf = (programmeId: string, axis: ProgrammeAxisKind, order: number): string => `${programmeId}|${axis}|${order}`;
/** `guilds:programme-casablanca-settat-2024` for the Casablanca-Settat chamber's 2024 programme: one per chamber and year. */
export const programmeIdOf = (chamberId: string, year: number): string => `guilds:programme-${chamberId.replace(/^guilds:/, '').replace(/-chamber$/, '')}-${year}`;
/**
 * The id with the chamber's id whole (`guilds:programme-fars-chamber-2027`): for a chamber whose short
 * id another chamber's programme of that year holds (`guilds:fars` and `guilds:fars-chamber` in one city).
 */
export const fullProgrammeIdOf = (chamberId: string, year: number): string => `guilds:programme-${chamberId.replace(/^guilds:/, '')}-${year}`;
