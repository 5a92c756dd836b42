import type { ProvenanceRecord } from '../../shared/provenance/provenance';
import { Validity } from '../../shared/credentials/validity';
import { OrganisationDocument, PersonDocument } from '../../shared/registry/documents';
import { StoredDocument } from '../../shared/store/port';

/** The disciplines of the building engineering system (رشته‌های نظام مهندسی ساختمان). */
export const ENGINEERING_DISCIPLINES = ['CIVIL', 'ARCHITECTURE', 'MECHANICAL', 'ELECTRICAL', 'SURVEYING', 'URBAN_PLANNING', 'TRAFFIC', 'GEOTECHNICS'] as const;
export type EngineeringDiscipline = (typeof ENGINEERING_DISCIPLINES)[number];

/** Licence grades, lowest first (پایه ۳، ۲، ۱، ارشد). */
export const ENGINEERING_GRADES = ['GRADE_3', 'GRADE_2', 'GRADE_1', 'SENIOR'] as const;
export type EngineeringGrade = (typeof ENGINEERING_GRADES)[number];

export type EngineeringOrganisationKind = 'CENTRAL_COUNCIL' | 'PROVINCIAL_ORGANISATION';

/**
 * An engineer's professional licence (پروانه اشتغال به کار), issued by a provincial organisation.
 * Its days are instants (00:00 UTC); its status is derived (shared/credentials). Licence numbers
 * are unique in the registry: the licence list is paged by them.
 */
export interface EngineeringLicenceRecord extends Validity {
  /** As issued, with ASCII digits: `1-23-45678`. */
  number: string;
  discipline: EngineeringDiscipline;
  grade: EngineeringGrade;
  /** The issuing organisation's province, e.g. «تهران». */
  province?: string;
  /** `engineering:<province>`. */
  provincialOrganisationId: string;
  /** The last day of validity, where recorded. */
  validUntil?: Date;
}

/** A training course an engineer completed (`courseCompletions`); `_id` is `<nationalCode>|<courseId>`. */
export interface CourseCompletionDocument extends StoredDocument {
  nationalCode: string;
  /** A course of `TRAINING_COURSES` (courses.ts). */
  courseId: string;
  /** The day it was completed, as an instant (00:00 UTC). */
  completedOn: Date;
  /** Where the record came from: invented for the demo, or entered by a caller (recordTrainingCourse). */
  provenance?: ProvenanceRecord;
}

/**
 * A certificate for working abroad (seed 000), in `abroadCertificates`; `_id` is its number. It is
 * issued for one destination country, to an engineer with a valid licence who completed the
 * courses it requires (courses.ts).
 */
export interface AbroadCertificateDocument extends StoredDocument, Validity {
  nationalCode: string;
  /** ISO 3166 code of the destination, e.g. `QA` (قطر). */
  country: string;
  /** The completed courses it was issued on, in course order. */
  courseIds: string[];
  validFrom: Date;
  validUntil: Date;
}

export const courseCompletionId = (nationalCode: string, courseId: string): string => `${nationalCode}|${courseId}`;

export interface EngineeringPersonDocument extends PersonDocument {
  licence?: EngineeringLicenceRecord;
}

export interface EngineeringOrganisationDocument extends OrganisationDocument {
  kind: EngineeringOrganisationKind;
}
