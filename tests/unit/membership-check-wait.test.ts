import { CodeListSource } from '../../gateway/directory/registry-helpers';
import { RegistryMembership } from '../../gateway/membership';

/**
 * A registry reads its list in pages of a thousand, each within the subgraph timeout, and a request
 * that joins a person waits for a check of the lists of every registry it fetches from. A registry
 * run by an operator the others do not control could make its count new at every check and answer
 * each page just in time: without a bound, every request joining a person anywhere in the graph
 * would then wait as many timeouts as it claims thousands of members. A request waits at most
 * `waitForCheckMs` (SUBGRAPH_TIMEOUT_MS), then goes on with the list as last read.
 */
class StallingRegistry implements CodeListSource {
  readonly held = ['0000000001', '0000000002'];
  stalled = false;
  private counted = 0;

  async count(): Promise<number> {
    // A new count at every check: its list is read again each time.
    return this.held.length + this.counted++;
  }

  async codes(_: string, after: string | null, first: number): Promise<string[]> {
    if (this.stalled) await new Promise<never>(() => undefined);
    return this.held.filter((code) => after === null || code > after).slice(0, first);
  }
}

describe("a request waits for a check of a registry's list at most waitForCheckMs", () => {
  it('goes on with the list as last read once the check has taken that long', async () => {
    let now = 1_000_000;
    const registry = new StallingRegistry();
    const membership = new RegistryMembership(registry, { checkEveryMs: 1_000, waitForCheckMs: 50 }, undefined, () => now);
    expect(await membership.codesOf('nurses')).toEqual(registry.held);
    registry.stalled = true;
    // Long unchecked: the screen waits for a check, which never ends.
    now += 60_000;
    const started = Date.now();
    expect(await membership.codesToScreen('nurses')).toEqual(registry.held);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The answer check asks for the list now: it is told the registry's list is not known.
    await expect(membership.codesOf('nurses', true)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
  });
});
