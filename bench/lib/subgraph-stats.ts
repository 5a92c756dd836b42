import type { SubgraphStats } from '../federation-subgraphs/serve';

export type { SubgraphStats };

/** Zeroes the request counters of the benchmark subgraphs (base URLs such as `http://127.0.0.1:4201`). */
export async function resetSubgraphStats(baseUrls: string[]): Promise<void> {
  await Promise.all(
    baseUrls.map(async (base) => {
      const response = await fetch(`${base}/__reset`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`${base}/__reset: HTTP ${response.status}`);
      await response.arrayBuffer();
    }),
  );
}

export async function readSubgraphStats(baseUrls: string[]): Promise<SubgraphStats[]> {
  return Promise.all(
    baseUrls.map(async (base) => {
      const response = await fetch(`${base}/__stats`, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`${base}/__stats: HTTP ${response.status}`);
      return (await response.json()) as SubgraphStats;
    }),
  );
}

export const totalRequests = (stats: SubgraphStats[]) => stats.reduce((sum, s) => sum + s.requests, 0);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the subgraphs see no new request for `quietMs` (the gateway has finished the
 * requests a stopped load run left in flight), polling at most `timeoutMs / 100` times.
 */
export async function waitForQuiet(baseUrls: string[], quietMs = 500, timeoutMs = 15_000): Promise<boolean> {
  let last = totalRequests(await readSubgraphStats(baseUrls));
  let quietSince = Date.now();
  for (let polls = 0; polls < timeoutMs / 100; polls += 1) {
    await sleep(100);
    const now = totalRequests(await readSubgraphStats(baseUrls));
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return true;
    }
  }
  return false;
}
