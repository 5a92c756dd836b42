import { RegistryKey, typePrefixOf } from '../registry/keys';

/** Who holds a kind of credential. */
export type CredentialHolderKind = 'PERSON' | 'ORGANISATION';

/** One kind of credential as the registry that keeps it declares it (in its own folder, `credential-kinds.ts`). */
export interface CredentialKindDeclaration {
  /** What its ids carry after the registry's key: `lab-accreditation` -> `labs:lab-accreditation:<key>`. */
  slug: string;
  holder: CredentialHolderKind;
  /** What it is, for the graph's `CredentialKind` enum: one sentence, naming the registry and the holder. */
  description: string;
}

/** The kinds one registry keeps, by their `CredentialKind` value (`LAB_ACCREDITATION`). */
export type CredentialKinds<N extends string = string> = Readonly<Record<N, CredentialKindDeclaration>>;

/** A kind's `CredentialKind` value: upper-case letters, digits and underscores. */
export type CredentialKind = string;

const KIND_NAME = /^[A-Z][A-Z0-9_]*$/;
const SLUG = /^[a-z][a-z0-9-]*$/;

/**
 * A registry's credential kinds, checked: their names are GraphQL enum values, their slugs
 * distinct, so every credential has one global id. Each registry declares its own; the graph's
 * `CredentialKind` enum is built from what the registries' schemas declare (see credentialKindsTypeDefs).
 */
export function defineCredentialKinds<N extends string>(registry: RegistryKey, kinds: Record<N, CredentialKindDeclaration>): CredentialKinds<N> {
  const slugs = new Set<string>();
  for (const [name, kind] of Object.entries<CredentialKindDeclaration>(kinds)) {
    if (!KIND_NAME.test(name)) throw new Error(`${registry}: credential kind "${name}" must be upper-case letters, digits and underscores`);
    if (!SLUG.test(kind.slug) || slugs.has(kind.slug))
      throw new Error(`${registry}: credential kind ${name} needs its own slug of lower-case letters, digits and dashes; got "${kind.slug}"`);
    slugs.add(kind.slug);
  }
  return kinds;
}

/** `<registry>:<slug>:`: every id of the kind starts with it, so ids sort by registry, then kind, then key. */
export const credentialIdPrefix = (registry: RegistryKey, kind: CredentialKindDeclaration): string => `${registry}:${kind.slug}:`;

/**
 * A credential's global id: its kind's prefix and its key in the registry (a laboratory's id, a
 * certificate or licence number; never a national code), e.g. `labs:lab-accreditation:labs:lab-0001`.
 */
export const credentialId = (registry: RegistryKey, kind: CredentialKindDeclaration, key: string): string => `${credentialIdPrefix(registry, kind)}${key}`;

/** The kinds a registry keeps, in the order of their ids. */
export function kindsInIdOrder(registry: RegistryKey, kinds: CredentialKinds): CredentialKind[] {
  return Object.keys(kinds).sort((a, b) => (credentialIdPrefix(registry, kinds[a]!) < credentialIdPrefix(registry, kinds[b]!) ? -1 : 1));
}

/** The enum a registry's schema declares its credential kinds in: `LabsCredentialKind`. */
export const credentialKindEnumName = (registry: RegistryKey): string => `${typePrefixOf(registry)}CredentialKind`;

const quoted = (text: string): string => JSON.stringify(text);

/**
 * A registry's credential kinds as its schema declares them, for the directory to read:
 * `enum <Key>CredentialKind @inaccessible`, one value per kind with its description. No client
 * sees it; the graph's `CredentialKind` enum (the directory's) holds every registry's values.
 * Nothing when the registry keeps no credentials.
 */
export function credentialKindsTypeDefs(registry: RegistryKey, kinds: CredentialKinds): string {
  const names = Object.keys(kinds);
  if (names.length === 0) return '';
  const values = names.map((name) => `  ${quoted(kinds[name]!.description)}\n  ${name}`);
  return `${quoted(`The kinds of credential the ${registry} registry keeps (read by the gateway's directory).`)}\nenum ${credentialKindEnumName(registry)} @inaccessible {\n${values.join('\n')}\n}\n`;
}
