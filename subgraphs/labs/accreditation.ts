import { OrganisationCredentialSpec } from '../../shared/credentials/held-by-organisation';
import { LabAccreditationRecord, LabsOrganisationDocument } from './documents';

/** A laboratory's ISO/IEC 17025 accreditation, kept in its organisation document (`accreditation`). */
export const LAB_ACCREDITATION: OrganisationCredentialSpec<LabsOrganisationDocument, LabAccreditationRecord> = {
  registry: 'labs',
  kind: 'LAB_ACCREDITATION',
  field: 'accreditation',
  holderKind: 'LABORATORY',
  holderField: 'laboratoryId',
  holderName: 'laboratory',
  what: 'ISO/IEC 17025 accreditation',
  read: (organisation) => organisation.accreditation,
  write: (organisation, accreditation) => ({ ...organisation, accreditation }),
};
