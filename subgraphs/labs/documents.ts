import { OrganisationDocument, PersonDocument } from '../../shared/registry/documents';

export interface LabsPersonDocument extends PersonDocument {
  expertise?: string;
}

export interface LabAccreditationRecord {
  standard: string;
  scope: 'TESTING' | 'CALIBRATION';
  fields: string[];
  certificateNumber: string;
  validFrom: string;
  validUntil: string;
}

export interface LabsOrganisationDocument extends OrganisationDocument {
  kind: 'ASSOCIATION' | 'LABORATORY';
  accreditation?: LabAccreditationRecord;
}
