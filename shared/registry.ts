/** The four registries the graph federates, as the `Registry` enum names them. */
export const REGISTRIES = ['LABS', 'AUDITORS', 'ENGINEERING', 'GUILDS'] as const;
export type Registry = (typeof REGISTRIES)[number];

/** The lower-case key each registry uses for its subgraph name, database, fields and ids. */
export type RegistryKey = 'labs' | 'auditors' | 'engineering' | 'guilds';

export const registryKey = (registry: Registry): RegistryKey => registry.toLowerCase() as RegistryKey;
export const registryOfKey = (key: RegistryKey): Registry => key.toUpperCase() as Registry;

/** Ids of organisations and joint projects start with their registry's key: `labs:association`. */
export function registryOfId(id: string): Registry | undefined {
  const prefix = id.slice(0, id.indexOf(':'));
  return (REGISTRIES as readonly string[]).includes(prefix.toUpperCase()) ? (prefix.toUpperCase() as Registry) : undefined;
}

export const ownsId = (key: RegistryKey, id: string): boolean => id.startsWith(`${key}:`);

/** Every registry's key, in the `Registry` enum's order. */
export const REGISTRY_KEYS: readonly RegistryKey[] = REGISTRIES.map(registryKey);

/** The prefix of a registry's own type names: `labs` -> `Labs` (`LabsMember`, `LabsResolution`). */
export const typePrefixOf = (key: RegistryKey): string => key[0]!.toUpperCase() + key.slice(1);
