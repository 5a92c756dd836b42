import { AccreditationRecord } from '../../shared/credentials/held-by-organisation';
import { Validity } from '../../shared/credentials/validity';
import { OrganisationDocument, PersonDocument } from '../../shared/registry/documents';
import { StoredDocument } from '../../shared/store/port';

export const AUDITOR_CERTIFICATION_KINDS = ['AUDITOR', 'LEAD_AUDITOR', 'INSPECTOR', 'TECHNICAL_EXPERT'] as const;
export type AuditorCertificationKind = (typeof AUDITOR_CERTIFICATION_KINDS)[number];

/** GRADE_1 is the highest grade. */
export const AUDITOR_GRADES = ['GRADE_1', 'GRADE_2', 'GRADE_3'] as const;
export type AuditorGrade = (typeof AUDITOR_GRADES)[number];

/**
 * One certification of an auditor or inspector, in the `certifications` collection; `_id` is the
 * certificate number, unique in the registry. Days are instants (00:00 UTC); its status is derived
 * (shared/credentials).
 */
export interface AuditorCertificationDocument extends StoredDocument, Validity {
  /** The holder. */
  nationalCode: string;
  kind: AuditorCertificationKind;
  field: string;
  grade: AuditorGrade;
  validFrom: Date;
  validUntil: Date;
}

/** Certifications live in their own collection (`AuditorCertificationDocument`), not in the person. */
export type AuditorsPersonDocument = PersonDocument;

export const INSPECTION_BODY_TYPES = ['TYPE_A', 'TYPE_B', 'TYPE_C'] as const;

/** An inspection body's accreditation against ISO/IEC 17020, kept in its organisation document. */
export interface InspectionAccreditationRecord extends AccreditationRecord {
  inspectionType: (typeof INSPECTION_BODY_TYPES)[number];
}

export interface AuditorsOrganisationDocument extends OrganisationDocument {
  kind: 'SOCIETY' | 'INSPECTION_BODY';
  inspectionAccreditation?: InspectionAccreditationRecord;
}
