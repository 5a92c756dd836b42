import { RegistryKey, registryKeyOfId, registryKeyProblem } from '../../shared/registry/keys';

/** A registry's display names, by language: Persian, Arabic, French, English. */
export interface RegistryNames {
  fa?: string;
  ar?: string;
  fr?: string;
  en?: string;
}

export const REGISTRY_NAME_LANGUAGES = ['fa', 'ar', 'fr', 'en'] as const;

/**
 * What the gateway's configuration says of a registry subgraph (supergraph.yaml's `registry:`
 * block): its `Registry` enum value (its key in upper case when absent) and display names.
 */
export interface RegistrySettings {
  enumValue?: string;
  names?: RegistryNames;
}

/** A registry of the graph: its subgraph's name (the key), its `Registry` value, its display names. */
export interface GraphRegistry {
  key: RegistryKey;
  enumValue: string;
  names: RegistryNames;
}

const ENUM_VALUE = /^[A-Z][A-Z0-9_]*$/;
const RESERVED_ENUM_VALUES = new Set(['TRUE', 'FALSE', 'NULL']);

/**
 * The registries of the graph, in the configuration's order: every subgraph but those whose
 * settings are `false` (a subgraph that is not a registry; the directory leaves it alone). Throws
 * saying which entry is wrong: a name that cannot be a registry key, an enum value that is not a
 * GraphQL name in upper case, or two registries with one enum value.
 */
export function graphRegistries(subgraphs: readonly { name: string }[], settings: Readonly<Record<string, RegistrySettings | false>> = {}): GraphRegistry[] {
  const registries = subgraphs.flatMap(({ name }): GraphRegistry[] => {
    const own = settings[name];
    if (own === false) return [];
    const problem = registryKeyProblem(name);
    if (problem) throw new Error(`subgraph ${name} cannot be a registry: ${problem}; mark it \`registry: false\` if it is not one`);
    const enumValue = own?.enumValue ?? name.toUpperCase();
    if (!ENUM_VALUE.test(enumValue) || RESERVED_ENUM_VALUES.has(enumValue)) {
      throw new Error(`registry ${name}: enum_value "${enumValue}" must be upper-case letters, digits and underscores, starting with a letter`);
    }
    return [{ key: name, enumValue, names: { ...(own?.names ?? {}) } }];
  });
  const seen = new Map<string, string>();
  for (const registry of registries) {
    const other = seen.get(registry.enumValue);
    if (other) throw new Error(`registries ${other} and ${registry.key} have the same enum value ${registry.enumValue}`);
    seen.set(registry.enumValue, registry.key);
  }
  return registries;
}

/** The graph's registries, looked up by key, enum value or id; in the configuration's order. */
export class RegistryList {
  readonly keys: readonly RegistryKey[];
  private readonly byKey: ReadonlyMap<RegistryKey, GraphRegistry>;
  private readonly byEnumValue: ReadonlyMap<string, GraphRegistry>;

  constructor(readonly all: readonly GraphRegistry[]) {
    this.keys = all.map((registry) => registry.key);
    this.byKey = new Map(all.map((registry) => [registry.key, registry]));
    this.byEnumValue = new Map(all.map((registry) => [registry.enumValue, registry]));
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The key of a `Registry` value (`LABS` -> `labs`). */
  keyOf(enumValue: string): RegistryKey | undefined {
    return this.byEnumValue.get(enumValue)?.key;
  }

  /** The `Registry` value of a key (`labs` -> `LABS`). */
  enumValueOf(key: RegistryKey): string | undefined {
    return this.byKey.get(key)?.enumValue;
  }

  /** The registry an id belongs to (its key), when it is one of the graph's. */
  keyOfId(id: string): RegistryKey | undefined {
    const key = registryKeyOfId(id);
    return key !== undefined && this.byKey.has(key) ? key : undefined;
  }
}

/** A `Registry` value's description: the English name, then the others; the subgraph's name. */
function describe(registry: GraphRegistry): string {
  const { en, fa, ar, fr } = registry.names;
  const others = [fa, ar, fr].filter((name): name is string => Boolean(name));
  const main = en ?? others.shift() ?? `The ${registry.key} registry`;
  return `${main}${others.length ? ` (${others.join('; ')})` : ''}. Subgraph \`${registry.key}\`.`;
}

/** The `Registry` enum, one value per registry of the graph, in the configuration's order. */
export function registryEnumTypeDefs(registries: RegistryList): string {
  const values = registries.all.map((registry) => `  ${JSON.stringify(describe(registry))}\n  ${registry.enumValue}`);
  return `"The registries federated into this graph: those of the gateway's configuration."\nenum Registry {\n${values.join('\n')}\n}\n`;
}
