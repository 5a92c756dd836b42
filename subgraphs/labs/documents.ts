import { Validity } from '../../shared/credentials/validity';
import { OrganisationDocument, PersonDocument } from '../../shared/registry/documents';

export interface LabsPersonDocument extends PersonDocument {
  expertise?: string;
}

/** A laboratory's ISO/IEC 17025 accreditation; its days are instants (00:00 UTC), its status derived (shared/credentials). */
export interface LabAccreditationRecord extends Validity {
  standard: string;
  scope: 'TESTING' | 'CALIBRATION';
  fields: string[];
  certificateNumber: string;
  validFrom: Date;
  validUntil: Date;
}

export interface LabsOrganisationDocument extends OrganisationDocument {
  kind: 'ASSOCIATION' | 'LABORATORY';
  accreditation?: LabAccreditationRecord;
}
