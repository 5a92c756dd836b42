import { defineCredentialKinds } from '../../shared/credentials/kinds';

/** The credentials the labs registry keeps, as the graph's `CredentialKind` enum names them. */
export const LABS_CREDENTIAL_KINDS = defineCredentialKinds('labs', {
  LAB_ACCREDITATION: {
    slug: 'lab-accreditation',
    holder: 'ORGANISATION',
    description: "A laboratory's ISO/IEC 17025 accreditation (labs registry); held by the laboratory.",
  },
});
