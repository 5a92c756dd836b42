import { GraphQLResolveInfo } from 'graphql';
import { hasScope, PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { badUserInputField } from '../../shared/errors';
import { ResolverMap } from '../../shared/graphql/merge-resolvers';
import { CountQuery, parseCountQuery } from '../../shared/aggregate/schema';
import { RegistryKey } from '../../shared/registry/keys';
import { GatewayContext } from '../auth/operation-check';
import { BoundedCache } from '../execution/bounded-cache';
import { OverlapRelease, releasableOverlap } from './overlap-disclosure';
import { RegistryList } from './registries';
import { MemberCodeSource, RegistryLinks } from './registry-helpers';
import { Unanswered } from './unanswered';

/** Below this many people a combination's count is withheld from callers without `personal:read`. */
export const MINIMUM_GROUP_SIZE = 5;
const CODE_BATCH = 1_000;
/** Audited overlaps kept, by their counts. */
const RELEASES_KEPT = 8;

interface Slice {
  offered: boolean;
  groups: { key: string | null; count: number }[];
  measures: { name: string; description: string }[];
}
type CountList = { filter: string; [registry: RegistryKey]: Slice | string | null | undefined };

/**
 * How many people belong to each combination of `registries` (a bit mask, bit i for `registries[i]`):
 * every registry's national codes read in batches of a thousand (the member-code interface), each
 * person's registries collected.
 */
export async function overlapOf(source: MemberCodeSource, registries: readonly RegistryKey[]): Promise<Map<number, number>> {
  const membership = new Map<string, number>();
  for (const [bit, registry] of registries.entries()) {
    let after: string | null = null;
    for (;;) {
      const codes: string[] = await source.codes(registry, after, CODE_BATCH);
      for (const code of codes) membership.set(code, (membership.get(code) ?? 0) | (1 << bit));
      if (codes.length < CODE_BATCH) break;
      after = codes[codes.length - 1]!;
    }
  }
  const combinations = new Map<number, number>();
  for (const mask of membership.values()) combinations.set(mask, (combinations.get(mask) ?? 0) + 1);
  return combinations;
}

/** `Query.counts` and `Query.registryOverlap` over the graph's registries. */
export function countsDirectoryResolvers(registries: RegistryList, links: RegistryLinks | undefined): ResolverMap {
  const { fromEvery } = new Unanswered(registries);
  // The audit is CPU work on the event loop: the same counts are audited once, however often they are asked for.
  const releases = new BoundedCache<string, OverlapRelease>(RELEASES_KEPT);
  const releaseOf = (counts: Map<number, number>) => {
    const key = JSON.stringify([...counts].sort(([a], [b]) => a - b));
    let release = releases.get(key);
    if (!release) releases.set(key, (release = releasableOverlap(counts, registries.keys.length, MINIMUM_GROUP_SIZE)));
    return release;
  };
  const slicesOf = (list: CountList): [RegistryKey, Slice][] =>
    registries.keys.flatMap((key) => {
      const slice = list[key];
      return slice && typeof slice === 'object' ? [[key, slice] as [RegistryKey, Slice]] : [];
    });
  const groupsOf = (list: CountList) => {
    const { measure } = parseCountQuery(list.filter);
    const slices = slicesOf(list);
    if (!slices.some(([, slice]) => slice.offered)) {
      throw badUserInputField('measure', `no registry offers "${measure}"; \`counts { measures { name } }\` lists those they do`);
    }
    return slices.flatMap(([key, slice]) =>
      slice.groups.map((group) => ({
        registry: registries.enumValueOf(key),
        key: group.key,
        count: group.count,
        // Only the registry's own organisations: another's id is its key as any other value, linked to nothing.
        organisation: group.key !== null && registries.keyOfId(group.key) === key ? { id: group.key } : null,
      })),
    );
  };
  return {
    Query: {
      counts: (_: unknown, args: { measure: string; registries?: string[] | null }) => {
        const query: CountQuery = {
          measure: args.measure,
          registries: args.registries?.length ? [...new Set(args.registries.map((value) => registries.keyOf(value)!))] : null,
        };
        return { filter: JSON.stringify(query) };
      },
      registryOverlap: async (_: unknown, __: unknown, context: Partial<GatewayContext>) => {
        if (!links) throw new Error('registryOverlap needs the gateway to tell the directory how to reach the registries');
        const counts = await overlapOf(await links.membership.checkedNow(registries.keys), registries.keys);
        const everything = context.caller !== undefined && hasScope(context.caller, PERSONAL_READ_SCOPE);
        const release = everything ? undefined : releaseOf(counts);
        const published = [...counts].filter(([mask]) => !release || release.published.has(mask));
        const keysOf = (mask: number) => registries.keys.filter((_, bit) => mask & (1 << bit));
        const sumOf = (entries: [number, number][]) => entries.reduce((sum, [, count]) => sum + count, 0);
        const entries = published.map(([mask, count]) => ({ keys: keysOf(mask), count }));
        entries.sort((a, b) => b.keys.length - a.keys.length || b.count - a.count || a.keys.join(' ').localeCompare(b.keys.join(' ')));
        return {
          minimumGroupSize: MINIMUM_GROUP_SIZE,
          people: !release || release.people ? sumOf([...counts]) : null,
          inSeveralRegistries: !release || release.inSeveralRegistries ? sumOf([...counts].filter(([mask]) => keysOf(mask).length > 1)) : null,
          combinations: entries.map((entry) => ({ registries: entry.keys.map((key) => registries.enumValueOf(key)), count: entry.count })),
        };
      },
    },
    CountList: {
      measure: (list: CountList) => parseCountQuery(list.filter).measure,
      groups: (list: CountList, _: unknown, context: unknown, info: GraphQLResolveInfo) => fromEvery(list, context, info, () => groupsOf(list)) ?? [],
      total: (list: CountList, _: unknown, context: unknown, info: GraphQLResolveInfo) =>
        fromEvery(list, context, info, () => groupsOf(list).reduce((sum, group) => sum + group.count, 0)),
      measures: (list: CountList) => {
        const byName = new Map<string, { name: string; description: string; registries: string[] }>();
        for (const [key, slice] of slicesOf(list)) {
          for (const measure of slice.measures) {
            const entry = byName.get(measure.name) ?? { ...measure, registries: [] };
            entry.registries.push(registries.enumValueOf(key)!);
            byName.set(measure.name, entry);
          }
        }
        return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
      },
    },
  };
}
