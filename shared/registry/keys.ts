/**
 * A registry's key: its subgraph's name, the prefix of its ids (`labs:association`), fields
 * (`Person.labs`, `labsMembers`), types (`LabsMember`), database (`registry_labs`) and variables
 * (`LABS_PORT`). Lower-case ASCII letters and digits, starting with a letter. Shared code knows no
 * registry by name: which registries the graph joins is the gateway's configuration.
 */
export type RegistryKey = string;

const KEY_PATTERN = /^[a-z][a-z0-9]*$/;

/** Why `key` cannot be a registry key, or undefined when it can. */
export function registryKeyProblem(key: string): string | undefined {
  if (!KEY_PATTERN.test(key)) return `"${key}" must be lower-case ASCII letters and digits, starting with a letter (it names GraphQL fields, ids and variables)`;
  if (key.length < 2 || key.length > 30) return `"${key}" must have 2 to 30 characters`;
  return undefined;
}

/** The registry key an id starts with (`labs:association` -> `labs`), or undefined when it has none. */
export function registryKeyOfId(id: string): RegistryKey | undefined {
  const colon = id.indexOf(':');
  if (colon < 1) return undefined;
  const prefix = id.slice(0, colon);
  return KEY_PATTERN.test(prefix) ? prefix : undefined;
}

export const ownsId = (key: RegistryKey, id: string): boolean => id.startsWith(`${key}:`);

/** The prefix of a registry's own type names: `labs` -> `Labs` (`LabsMember`, `LabsResolution`). */
export const typePrefixOf = <K extends string>(key: K): Capitalize<K> => (key.charAt(0).toUpperCase() + key.slice(1)) as Capitalize<K>;

/** A schema template for one registry: `__Key__` -> `Labs`, `__key__` -> `labs`. */
export const fillRegistryTemplate = (template: string, key: RegistryKey): string => template.replace(/__Key__/g, typePrefixOf(key)).replace(/__key__/g, key);
