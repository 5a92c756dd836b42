import { OrganisationDocument, PersonDocument } from '../../shared/registry/documents';

export const AUDITOR_CERTIFICATION_KINDS = ['AUDITOR', 'LEAD_AUDITOR', 'INSPECTOR', 'TECHNICAL_EXPERT'] as const;
export type AuditorCertificationKind = (typeof AUDITOR_CERTIFICATION_KINDS)[number];

/** GRADE_1 is the highest grade. */
export const AUDITOR_GRADES = ['GRADE_1', 'GRADE_2', 'GRADE_3'] as const;
export type AuditorGrade = (typeof AUDITOR_GRADES)[number];

/** One certification of an auditor or inspector; dates are ISO (Gregorian) days. */
export interface AuditorCertificationRecord {
  kind: AuditorCertificationKind;
  field: string;
  grade: AuditorGrade;
  certificateNumber: string;
  validFrom: string;
  validUntil: string;
}

export interface AuditorsPersonDocument extends PersonDocument {
  certifications: AuditorCertificationRecord[];
}

/** An inspection body's accreditation against ISO/IEC 17020; dates are ISO (Gregorian) days. */
export interface InspectionAccreditationRecord {
  standard: string;
  inspectionType: 'TYPE_A' | 'TYPE_B' | 'TYPE_C';
  fields: string[];
  certificateNumber: string;
  validFrom: string;
  validUntil: string;
}

export interface AuditorsOrganisationDocument extends OrganisationDocument {
  kind: 'SOCIETY' | 'INSPECTION_BODY';
  inspectionAccreditation?: InspectionAccreditationRecord;
}
