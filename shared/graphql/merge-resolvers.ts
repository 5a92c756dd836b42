type ResolverObject = Record<string, unknown>;
export type ResolverMap = Record<string, ResolverObject>;

/** Merges resolver maps type by type; a later map's field wins over an earlier one's. */
export function mergeResolvers(...maps: ResolverMap[]): ResolverMap {
  const merged: ResolverMap = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map)) merged[typeName] = { ...(merged[typeName] ?? {}), ...fields };
  }
  return merged;
}
