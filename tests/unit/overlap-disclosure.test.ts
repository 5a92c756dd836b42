import fc from 'fast-check';
import { MOST_REGISTRIES_AUDITED, releasableOverlap } from '../../gateway/directory/overlap-disclosure';

const MINIMUM = 5;
const bitCount = (mask: number) => [...mask.toString(2)].filter((bit) => bit === '1').length;

interface Published {
  registryTotals: number[];
  people: number | null;
  inSeveral: number | null;
  shown: Map<number, number>;
}

/** What a caller without `personal:read` reads: the shown combinations, the shown totals and every registry's head count. */
function publishedOf(counts: Map<number, number>, registryCount: number): Published {
  const release = releasableOverlap(counts, registryCount, MINIMUM);
  const sum = (keep: (mask: number) => boolean) => [...counts].filter(([mask]) => keep(mask)).reduce((total, [, count]) => total + count, 0);
  return {
    registryTotals: Array.from({ length: registryCount }, (_, bit) => sum((mask) => Boolean(mask & (1 << bit)))),
    people: release.people ? sum(() => true) : null,
    inSeveral: release.inSeveralRegistries ? sum((mask) => bitCount(mask) > 1) : null,
    shown: new Map([...release.published].map((mask) => [mask, counts.get(mask) ?? 0])),
  };
}

/**
 * The outsider's attack, by exhaustion: every table of non-negative counts that agrees with what was
 * published, and for each left-out combination the values it takes across them.
 */
function valuesConsistentWith(published: Published, registryCount: number): Map<number, Set<number>> {
  const cells = Array.from({ length: 2 ** registryCount - 1 }, (_, index) => index + 1);
  const unknown = cells.filter((mask) => !published.shown.has(mask));
  const remaining = published.registryTotals.map((total, bit) => total - [...published.shown].filter(([mask]) => mask & (1 << bit)).reduce((sum, [, count]) => sum + count, 0));
  let people = published.people === null ? null : published.people - [...published.shown.values()].reduce((sum, count) => sum + count, 0);
  let several = published.inSeveral === null ? null : published.inSeveral - [...published.shown].filter(([mask]) => bitCount(mask) > 1).reduce((sum, [, count]) => sum + count, 0);
  const seen = new Map(unknown.map((mask) => [mask, new Set<number>()]));
  const chosen: number[] = [];
  const search = (index: number) => {
    if (index === unknown.length) {
      if (remaining.every((left) => left === 0) && (people ?? 0) === 0 && (several ?? 0) === 0) chosen.forEach((value, at) => seen.get(unknown[at]!)!.add(value));
      return;
    }
    const mask = unknown[index]!;
    const bits = Array.from({ length: registryCount }, (_, bit) => bit).filter((bit) => mask & (1 << bit));
    const ceiling = Math.min(...bits.map((bit) => remaining[bit]!));
    for (let value = 0; value <= ceiling; value += 1) {
      for (const bit of bits) remaining[bit]! -= value;
      if (people !== null) people -= value;
      if (several !== null && bits.length > 1) several -= value;
      if ((people === null || people >= 0) && (several === null || several >= 0)) {
        chosen.push(value);
        search(index + 1);
        chosen.pop();
      }
      for (const bit of bits) remaining[bit]! += value;
      if (people !== null) people += value;
      if (several !== null && bits.length > 1) several += value;
    }
  };
  search(0);
  return seen;
}

const table = (registryCount: number, largest: number) =>
  fc
    .array(fc.integer({ min: 0, max: largest }), { minLength: 2 ** registryCount - 1, maxLength: 2 ** registryCount - 1 })
    .map((values) => new Map(values.flatMap((count, index) => (count > 0 ? [[index + 1, count] as [number, number]] : []))));

describe('registryOverlap for a caller without personal:read', () => {
  it('shows no count below the minimum, and no total that is one', () => {
    fc.assert(
      fc.property(table(4, 40), (counts) => {
        const published = publishedOf(counts, 4);
        for (const count of published.shown.values()) expect(count).toBeGreaterThanOrEqual(MINIMUM);
        if (published.people !== null) expect(published.people).toBeGreaterThanOrEqual(MINIMUM);
        if (published.inSeveral !== null) expect(published.inSeveral).toBeGreaterThanOrEqual(MINIMUM);
      }),
      { numRuns: 150 },
    );
  });

  // A combination the head counts alone pin down (a registry's only combination) is public through `counts` already.
  it.each([2, 3])('leaves no small combination that an outsider can pin down from the head counts and totals (%i registries)', (registryCount) => {
    fc.assert(
      fc.property(table(registryCount, registryCount === 2 ? 12 : 6), (counts) => {
        const published = publishedOf(counts, registryCount);
        const fromHeadCounts = () => valuesConsistentWith({ ...published, people: null, inSeveral: null, shown: new Map() }, registryCount);
        for (const [mask, values] of valuesConsistentWith(published, registryCount)) {
          const count = counts.get(mask) ?? 0;
          expect(values.has(count)).toBe(true);
          if (count > 0 && count < MINIMUM && values.size < 2 && fromHeadCounts().get(mask)!.size > 1)
            throw new Error(`combination ${mask} (${count} people) can be worked out: ${JSON.stringify(published, (_, v: unknown) => (v instanceof Map ? [...v] : v))}`);
        }
      }),
      { numRuns: registryCount === 2 ? 200 : 100 },
    );
  });

  it('shows everything that is large and protects a lone small group by leaving out others', () => {
    // LABS, AUDITORS, ENGINEERING as bits 1, 2, 4: one person in LABS + AUDITORS only.
    const counts = new Map([
      [1, 40],
      [2, 30],
      [4, 25],
      [3, 1],
      [5, 12],
      [6, 9],
    ]);
    const release = releasableOverlap(counts, 3, MINIMUM);
    expect(release.published.has(3)).toBe(false);
    const left = [...counts.keys()].filter((mask) => !release.published.has(mask));
    expect(left.length).toBeGreaterThan(1);
    const again = releasableOverlap(new Map([...counts].filter(([mask]) => mask !== 3)), 3, MINIMUM);
    expect([...again.published].sort()).toEqual([1, 2, 4, 5, 6]);
    expect(again.people && again.inSeveralRegistries).toBe(true);
  });

  it('publishes nothing but the minimum when the audit cannot be done: too many registries, or past its time budget', () => {
    const counts = new Map([
      [1, 40],
      [2, 30],
      [4, 25],
      [3, 1],
    ]);
    const nothing = { published: new Set(), people: false, inSeveralRegistries: false };
    expect(releasableOverlap(counts, MOST_REGISTRIES_AUDITED + 1, MINIMUM)).toEqual(nothing);
    expect(releasableOverlap(counts, 3, MINIMUM, 0)).toEqual(nothing);
    expect(releasableOverlap(counts, 3, MINIMUM).published.size).toBeGreaterThan(0);
  });
});
