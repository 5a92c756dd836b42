import { badUserInputField } from '../../shared/errors';
import { pageSize } from '../../shared/graphql/pagination';
import { RegistryKey } from '../../shared/registry/keys';
import { RegistryList } from './registries';
import { MemberCodeSource, RegistryLinks } from './registry-helpers';

/** The largest batch of the driving registry's codes narrowed at once. */
export const MAX_BATCH = 1_000;
/** The most codes of the driving registry one page request scans; past it the page ends early (hasNextPage stays true). */
export const MAX_SCANNED_PER_PAGE = 20_000;

export interface SharedMembersPage {
  codes: string[];
  hasNextPage: boolean;
  /** The national code the next page scans after. */
  endKey: string | null;
}

/**
 * One page of the people who belong to every registry listed, in national-code order, from
 * `source` (the gateway's lists of who each registry holds, gateway/membership).
 *
 * The smallest registry drives: its codes after the cursor are taken in batches (growing from a few
 * times the page size up to MAX_BATCH), and each batch is narrowed by the other registries,
 * smallest first. It stops once it has the page plus one (so it knows another follows), when the
 * driver has no more codes, or after MAX_SCANNED_PER_PAGE codes (a short page; the cursor then
 * marks how far it scanned), so one page's work stays bounded whatever the registries hold.
 */
export async function sharedMembersPage(source: MemberCodeSource, registries: readonly RegistryKey[], first: number, after: string | null): Promise<SharedMembersPage> {
  const sizes = new Map(await Promise.all(registries.map(async (registry) => [registry, await source.count(registry)] as const)));
  const [driver, ...others] = [...registries].sort((a, b) => sizes.get(a)! - sizes.get(b)! || a.localeCompare(b));
  const found: string[] = [];
  let cursor = after;
  let scanned = 0;
  let exhausted = [...sizes.values()].some((size) => size === 0);
  let batch = Math.min(MAX_BATCH, Math.max(50, (first + 1) * 4));
  while (!exhausted && found.length <= first && scanned < MAX_SCANNED_PER_PAGE) {
    const codes = await source.codes(driver!, cursor, Math.min(batch, MAX_SCANNED_PER_PAGE - scanned));
    scanned += codes.length;
    let candidates = codes;
    for (const other of others) {
      if (candidates.length === 0) break;
      candidates = await source.among(other, candidates);
    }
    found.push(...candidates);
    if (codes.length === 0 || codes.length < batch) exhausted = true;
    if (codes.length > 0) cursor = codes[codes.length - 1]!;
    batch = Math.min(MAX_BATCH, batch * 2);
  }
  if (found.length > first) return { codes: found.slice(0, first), hasNextPage: true, endKey: found[first - 1]! };
  if (exhausted) return { codes: found, hasNextPage: false, endKey: found[found.length - 1] ?? null };
  return { codes: found, hasNextPage: true, endKey: cursor };
}

interface SharedMembersArgs {
  /** `Registry` values (checked by GraphQL). */
  registries: string[];
  first?: number | null;
  /** The national code the client's cursor was opened into (list-cursors.ts). */
  after?: string | null;
}

/** `Query.sharedMembers` over the graph's registries, reaching them through `links` (the gateway's URLs and signer). */
export function sharedMembersResolvers(graph: RegistryList, links: RegistryLinks | undefined) {
  return {
    Query: {
      sharedMembers: async (_: unknown, args: SharedMembersArgs) => {
        const registries = [...new Set(args.registries.map((value) => graph.keyOf(value)!))];
        if (registries.length === 0) throw badUserInputField('registries', 'must name at least one registry');
        const first = pageSize(args.first);
        const after = args.after ?? null;
        if (!links) throw new Error('sharedMembers needs the gateway to tell the directory how to reach the registries');
        // Intersected in the gateway's own lists, each registry's count asked first: no registry is sent another's codes (gateway/membership).
        const page = await sharedMembersPage(await links.membership.checkedNow(registries), registries, first, after);
        return {
          nodes: page.codes.map((nationalCode) => ({ nationalCode })),
          // The end position, a national code, is sealed into an opaque cursor on the way out (list-cursors.ts).
          pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endKey },
        };
      },
    },
  };
}
