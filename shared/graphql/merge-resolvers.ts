type ResolverObject = Record<string, unknown>;
export type ResolverMap = Record<string, ResolverObject>;

/**
 * `{ [name]: value }` keeping the name's literal type (a computed key alone widens it to `string`), so
 * a map whose names follow the registry key can be checked against a registry's generated `Resolvers`.
 */
export const named = <N extends string, V>(name: N, value: V): { [P in N]: V } => ({ [name]: value }) as { [P in N]: V };

/** Merges resolver maps type by type; a later map's field wins over an earlier one's. */
export function mergeResolvers(...maps: ResolverMap[]): ResolverMap {
  const merged: ResolverMap = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map)) merged[typeName] = { ...(merged[typeName] ?? {}), ...fields };
  }
  return merged;
}

/** Each type and field of `T` that `R` has, as `unknown`; each it has not, as `never`. */
type KnownNames<T, R> = { [K in keyof T]: K extends keyof R ? { [F in keyof T[K]]: F extends keyof NonNullable<R[K]> ? unknown : never } : never };

/**
 * `T`, a resolver map shared/ builds for one registry, checked against that registry's generated
 * `Resolvers` (`R`): a type error unless every type and field it names is in the registry's schema
 * and each resolver fits its field's parent, arguments, context and answer.
 */
export type ResolversFor<R, T extends R & KnownNames<T, R>> = T;
