import { defineCredentialKinds } from '../../shared/credentials/kinds';

/** The credentials the auditors registry keeps, as the graph's `CredentialKind` enum names them. */
export const AUDITORS_CREDENTIAL_KINDS = defineCredentialKinds('auditors', {
  INSPECTION_ACCREDITATION: {
    slug: 'inspection-accreditation',
    holder: 'ORGANISATION',
    description: "An inspection body's ISO/IEC 17020 accreditation (auditors registry); held by the inspection body.",
  },
  AUDITOR_CERTIFICATION: {
    slug: 'certification',
    holder: 'PERSON',
    description: "An auditor's or inspector's certification, with its grade (auditors registry); held by the person.",
  },
});
