import { OrganisationDocument, PersonDocument } from '../../shared/registry/documents';

/** The disciplines of the building engineering system (رشته‌های نظام مهندسی ساختمان). */
export const ENGINEERING_DISCIPLINES = [
  'CIVIL',
  'ARCHITECTURE',
  'MECHANICAL',
  'ELECTRICAL',
  'SURVEYING',
  'URBAN_PLANNING',
  'TRAFFIC',
  'GEOTECHNICS',
] as const;
export type EngineeringDiscipline = (typeof ENGINEERING_DISCIPLINES)[number];

/** Licence grades, lowest first (پایه ۳، ۲، ۱، ارشد). */
export const ENGINEERING_GRADES = ['GRADE_3', 'GRADE_2', 'GRADE_1', 'SENIOR'] as const;
export type EngineeringGrade = (typeof ENGINEERING_GRADES)[number];

export type EngineeringOrganisationKind = 'CENTRAL_COUNCIL' | 'PROVINCIAL_ORGANISATION';

/** An engineer's professional licence (پروانه اشتغال به کار), issued by a provincial organisation. */
export interface EngineeringLicenceRecord {
  /** As issued, with ASCII digits: `1-23-45678`. */
  number: string;
  discipline: EngineeringDiscipline;
  grade: EngineeringGrade;
  /** The issuing organisation's province, e.g. «تهران». */
  province?: string;
  /** `engineering:<province>`. */
  provincialOrganisationId: string;
  /** ISO date of the last day of validity. */
  validUntil?: string;
}

export interface EngineeringPersonDocument extends PersonDocument {
  licence?: EngineeringLicenceRecord;
}

export interface EngineeringOrganisationDocument extends OrganisationDocument {
  kind: EngineeringOrganisationKind;
}
