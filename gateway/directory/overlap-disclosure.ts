import { equalTo, solve, type Constraint, type OptimizationDirection } from 'yalps';

/**
 * Which of `registryOverlap`'s figures a caller without `personal:read` may see, so that no count of
 * fewer than `minimum` people can be worked out from them and the registries' public head counts
 * (`counts(measure: "members")`): primary suppression of the small combinations, then complementary
 * suppression of the totals where that is enough, else of as few other combinations as it takes.
 *
 * A combination is a bit mask over the registries. The reader knows each registry's head count (the sum
 * of the combinations that hold it), and `people` and `inSeveralRegistries` when published; what is
 * left out is unknown to them, empty combinations included. A left-out count is worked out when every
 * table of whole, non-negative counts that agrees with what the reader knows gives it the same value:
 * the smallest and the largest it can take (two integer programs) are equal.
 */

/** What may be published. */
export interface OverlapRelease {
  /** The combinations (bit masks) whose counts may be published. */
  published: Set<number>;
  /** Whether the number of different people may be published. */
  people: boolean;
  /** Whether the number of people in several registries may be published. */
  inSeveralRegistries: boolean;
}

interface Sum {
  cells: Set<number>;
  total: number;
}

/** Above this many registries (2^n - 1 combinations to audit) nothing but `minimumGroupSize` is published to such callers. */
export const MOST_REGISTRIES_AUDITED = 6;
/** An audit that takes longer than this publishes nothing but `minimumGroupSize` (it holds up the gateway's other requests meanwhile). */
export const AUDIT_BUDGET_MS = 500;

const nothing = (): OverlapRelease => ({ published: new Set(), people: false, inSeveralRegistries: false });

class OverBudget extends Error {}

const bitCount = (mask: number) => {
  let count = 0;
  for (let rest = mask; rest; rest &= rest - 1) count += 1;
  return count;
};

/** Whether `cell` takes one value only in every whole, non-negative table of the `unknown` cells that meets `sums`. */
function pinnedDown(cell: number, unknown: ReadonlySet<number>, sums: readonly Sum[], countOf: (mask: number) => number, deadline: number): boolean {
  const constraints = sums.map((sum, index): [string, Constraint] => {
    const known = [...sum.cells].filter((mask) => !unknown.has(mask)).reduce((total, mask) => total + countOf(mask), 0);
    return [`sum${index}`, equalTo(sum.total - known)];
  });
  const variables = [...unknown].map((mask): [string, [string, number][]] => [
    String(mask),
    [...sums.flatMap((sum, index): [string, number][] => (sum.cells.has(mask) ? [[`sum${index}`, 1]] : [])), ...(mask === cell ? [['value', 1] as [string, number]] : [])],
  ]);
  const extreme = (direction: OptimizationDirection) => {
    const timeout = deadline - performance.now();
    if (timeout <= 0) throw new OverBudget();
    const solution = solve({ direction, objective: 'value', constraints, variables, integers: true }, { timeout });
    if (solution.status === 'timedout') throw new OverBudget();
    return solution;
  };
  const least = extreme('minimize');
  const most = extreme('maximize');
  if (least.status !== 'optimal' || most.status !== 'optimal') return true;
  return Math.round(least.result) === Math.round(most.result);
}

/**
 * The figures of `counts` (people per combination of `registryCount` registries, by bit mask) that a
 * caller without `personal:read` may see when counts below `minimum` must not be learnt.
 */
export function releasableOverlap(counts: ReadonlyMap<number, number>, registryCount: number, minimum: number, budgetMs = AUDIT_BUDGET_MS): OverlapRelease {
  if (registryCount > MOST_REGISTRIES_AUDITED) return nothing();
  try {
    return audited(counts, registryCount, minimum, performance.now() + budgetMs);
  } catch (error) {
    if (error instanceof OverBudget) return nothing();
    throw error;
  }
}

function audited(counts: ReadonlyMap<number, number>, registryCount: number, minimum: number, deadline: number): OverlapRelease {
  const countOf = (mask: number) => counts.get(mask) ?? 0;
  const cells = Array.from({ length: 2 ** registryCount - 1 }, (_, index) => index + 1);
  const sumOf = (keep: (mask: number) => boolean): Sum => {
    const kept = cells.filter(keep);
    return { cells: new Set(kept), total: kept.reduce((sum, mask) => sum + countOf(mask), 0) };
  };
  const headCounts = Array.from({ length: registryCount }, (_, bit) => sumOf((mask) => Boolean(mask & (1 << bit))));
  const everyone = sumOf(() => true);
  const several = sumOf((mask) => bitCount(mask) > 1);
  const release: OverlapRelease = { published: new Set(), people: everyone.total >= minimum, inSeveralRegistries: several.total >= minimum };

  const withheld = new Set(cells.filter((mask) => countOf(mask) < minimum));
  // A small combination the head counts alone fix (a registry's only one) is public through `counts` already.
  const allUnknown = new Set(cells);
  const protectable = cells.filter((mask) => countOf(mask) > 0 && countOf(mask) < minimum && !pinnedDown(mask, allUnknown, headCounts, countOf, deadline));
  const sumsWith = (people: boolean, inSeveral: boolean) => [...headCounts, ...(people ? [everyone] : []), ...(inSeveral ? [several] : [])];
  const exposedUnder = (sums: readonly Sum[]) => protectable.find((mask) => pinnedDown(mask, withheld, sums, countOf, deadline));
  for (;;) {
    const exposed = exposedUnder(sumsWith(release.people, release.inSeveralRegistries));
    if (exposed === undefined) break;
    if (release.inSeveralRegistries && exposedUnder(sumsWith(release.people, false)) === undefined) {
      release.inSeveralRegistries = false;
      continue;
    }
    if ((release.people || release.inSeveralRegistries) && exposedUnder(sumsWith(false, false)) === undefined) {
      release.people = release.inSeveralRegistries = false;
      continue;
    }
    const [next] = cells.filter((mask) => !withheld.has(mask)).sort((a, b) => Number(!(a & exposed)) - Number(!(b & exposed)) || countOf(a) - countOf(b) || a - b);
    if (next !== undefined) withheld.add(next);
    else if (release.inSeveralRegistries) release.inSeveralRegistries = false;
    else if (release.people) release.people = false;
    else break;
  }
  for (const mask of cells) if (!withheld.has(mask)) release.published.add(mask);
  return release;
}
