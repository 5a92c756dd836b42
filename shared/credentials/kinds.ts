import { RegistryKey } from '../registry';

/** Every kind of credential the registries keep, with the registry that keeps it and the slug its ids carry. */
export const CREDENTIAL_KINDS = {
  LAB_ACCREDITATION: { registry: 'labs', slug: 'lab-accreditation', holder: 'ORGANISATION' },
  INSPECTION_ACCREDITATION: { registry: 'auditors', slug: 'inspection-accreditation', holder: 'ORGANISATION' },
  AUDITOR_CERTIFICATION: { registry: 'auditors', slug: 'certification', holder: 'PERSON' },
  ENGINEERING_LICENCE: { registry: 'engineering', slug: 'licence', holder: 'PERSON' },
  ABROAD_CERTIFICATE: { registry: 'engineering', slug: 'abroad-certificate', holder: 'PERSON' },
  GUILD_UNIT_LICENCE: { registry: 'guilds', slug: 'unit-licence', holder: 'PERSON' },
} as const satisfies Record<string, { registry: RegistryKey; slug: string; holder: 'PERSON' | 'ORGANISATION' }>;

export type CredentialKind = keyof typeof CREDENTIAL_KINDS;

/** `<registry>:<slug>:`: every id of the kind starts with it, so ids sort by registry, then kind, then key. */
export const credentialIdPrefix = (kind: CredentialKind): string => `${CREDENTIAL_KINDS[kind].registry}:${CREDENTIAL_KINDS[kind].slug}:`;

/**
 * A credential's global id: its kind's prefix and its key in the registry (a laboratory's id, a
 * certificate or licence number; never a national code), e.g. `labs:lab-accreditation:labs:lab-0001`.
 */
export const credentialId = (kind: CredentialKind, key: string): string => `${credentialIdPrefix(kind)}${key}`;

/** The kinds a registry keeps, in the order of their ids. */
export function kindsOf(registry: RegistryKey): CredentialKind[] {
  return (Object.keys(CREDENTIAL_KINDS) as CredentialKind[])
    .filter((kind) => CREDENTIAL_KINDS[kind].registry === registry)
    .sort((a, b) => (credentialIdPrefix(a) < credentialIdPrefix(b) ? -1 : 1));
}
