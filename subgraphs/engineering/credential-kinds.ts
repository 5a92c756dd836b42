import { defineCredentialKinds } from '../../shared/credentials/kinds';

/** The credentials the engineering registry keeps, as the graph's `CredentialKind` enum names them. */
export const ENGINEERING_CREDENTIAL_KINDS = defineCredentialKinds('engineering', {
  ENGINEERING_LICENCE: {
    slug: 'licence',
    holder: 'PERSON',
    description: "An engineer's professional licence (پروانه اشتغال به کار), engineering registry; held by the engineer.",
  },
  ABROAD_CERTIFICATE: {
    slug: 'abroad-certificate',
    holder: 'PERSON',
    description: 'The certificate for working abroad (seed 000), engineering registry; held by the engineer.',
  },
});
