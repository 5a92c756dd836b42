import { OrganisationCredentialSpec } from '../../shared/credentials/held-by-organisation';
import { AuditorsOrganisationDocument, InspectionAccreditationRecord } from './documents';

/** An inspection body's ISO/IEC 17020 accreditation, kept in its organisation document (`inspectionAccreditation`). */
export const INSPECTION_ACCREDITATION: OrganisationCredentialSpec<AuditorsOrganisationDocument, InspectionAccreditationRecord> = {
  registry: 'auditors',
  kind: 'INSPECTION_ACCREDITATION',
  field: 'inspectionAccreditation',
  holderKind: 'INSPECTION_BODY',
  holderField: 'inspectionBodyId',
  holderName: 'inspection body',
  what: 'ISO/IEC 17020 accreditation',
  read: (organisation) => organisation.inspectionAccreditation,
  write: (organisation, inspectionAccreditation) => ({ ...organisation, inspectionAccreditation }),
};
