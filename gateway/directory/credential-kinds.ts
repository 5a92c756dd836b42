import { DocumentNode, Kind, parse } from 'graphql';
import { credentialKindEnumName } from '../../shared/credentials/kinds';
import { RegistryKey } from '../../shared/registry/keys';
import { RegistryList } from './registries';

/** A kind of credential of the graph: its `CredentialKind` value, the registry that keeps it, what it is. */
export interface GraphCredentialKind {
  name: string;
  registry: RegistryKey;
  description?: string;
}

/** The value the `CredentialKind` enum holds when no registry declares a kind (an enum needs one). */
export const NO_CREDENTIAL_KIND = 'NONE';

/**
 * The credential kinds the registries' schemas declare, each registry in its own `enum
 * <Key>CredentialKind` (docs/registry-contract.md, CRED-1), read from their SDLs or from a supergraph
 * composed of them; in the registries' order, then as declared. Throws when two registries declare
 * the same kind.
 */
export function declaredCredentialKinds(sdls: readonly (string | DocumentNode)[], registries: RegistryList): GraphCredentialKind[] {
  const documents = sdls.map((sdl) => (typeof sdl === 'string' ? parse(sdl) : sdl));
  const kinds = new Map<string, GraphCredentialKind>();
  for (const registry of registries.keys) {
    const enumName = credentialKindEnumName(registry);
    for (const document of documents) {
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== enumName) continue;
        for (const value of definition.values ?? []) {
          const name = value.name.value;
          const earlier = kinds.get(name);
          if (earlier && earlier.registry !== registry) throw new Error(`the ${earlier.registry} and ${registry} registries both declare the credential kind ${name}`);
          if (!earlier) kinds.set(name, { name, registry, ...(value.description ? { description: value.description.value } : {}) });
        }
      }
    }
  }
  return [...kinds.values()];
}

/** The directory's `CredentialKind` enum: every kind the registries declare. */
export function credentialKindEnumTypeDefs(kinds: readonly GraphCredentialKind[]): string {
  const values = kinds.length
    ? kinds.map((kind) => `  ${JSON.stringify(kind.description ?? `A kind of credential of the ${kind.registry} registry.`)}\n  ${kind.name}`)
    : [`  "No registry of the graph declares a kind of credential."\n  ${NO_CREDENTIAL_KIND}`];
  return `"The kinds of credential the registries keep: each registry declares its own."\nenum CredentialKind {\n${values.join('\n')}\n}\n`;
}
