import { GraphQLError } from 'graphql';
import { CodeList, CodeListSource } from '../../gateway/directory/registry-helpers';
import { RegistryMembership } from '../../gateway/membership';

/** A registry's helper fields over a list of codes, counting the calls; `down` makes every call fail. */
class FakeRegistries implements CodeListSource {
  calls: string[] = [];
  down = false;
  /** When set, each count is taken when asked but answered only once this resolves. */
  gate: Promise<void> | undefined;
  /** What each registry's count says, when not how many codes it holds (a count of records). */
  counted: Record<string, number> = {};
  constructor(
    readonly held: Record<string, string[]>,
    readonly list: CodeList = 'members',
  ) {}

  async count(registry: string): Promise<number> {
    this.calls.push(`${registry} count`);
    if (this.down) throw new Error('unreachable');
    const count = this.counted[registry] ?? this.held[registry]!.length;
    await this.gate;
    return count;
  }

  async codes(registry: string, after: string | null, first: number): Promise<string[]> {
    this.calls.push(`${registry} codes`);
    if (this.down) throw new Error('unreachable');
    const sorted = [...this.held[registry]!].sort();
    return sorted.filter((code) => after === null || code > after).slice(0, first);
  }
}

describe('RegistryMembership', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('reads a registry once, then only asks its count, and reads it again when the count changes', async () => {
    const registries = new FakeRegistries({ labs: ['0000000002', '0000000001'] });
    const membership = new RegistryMembership(registries, { checkEveryMs: 1_000 }, undefined, clock);
    expect(await membership.codesOf('labs')).toEqual(['0000000001', '0000000002']);
    expect(registries.calls).toEqual(['labs count', 'labs codes']);
    now += 500;
    await membership.codesOf('labs');
    expect(registries.calls).toHaveLength(2);
    // Long unchecked (an idle gateway): the count is asked before the codes are used.
    now += 10_000;
    await membership.codesOf('labs');
    expect(registries.calls.slice(2)).toEqual(['labs count']);
    registries.held['labs']!.push('0000000003');
    now += 10_000;
    expect(await membership.codesOf('labs')).toEqual(['0000000001', '0000000002', '0000000003']);
    expect(registries.calls.slice(3)).toEqual(['labs count', 'labs codes']);
  });

  it('uses a list checked lately at once while the next check runs (a busy gateway never waits for one)', async () => {
    const registries = new FakeRegistries({ labs: ['0000000001'] });
    const membership = new RegistryMembership(registries, { checkEveryMs: 1_000 }, undefined, clock);
    await membership.codesOf('labs');
    registries.held['labs']!.push('0000000002');
    now += 1_500;
    expect(await membership.codesOf('labs')).toEqual(['0000000001']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(registries.calls.slice(2)).toEqual(['labs count', 'labs codes']);
    expect(await membership.codesOf('labs')).toEqual(['0000000001', '0000000002']);
  });

  it('asks the count again at once after a change went to the registry, and waits for it before the codes are used', async () => {
    const registries = new FakeRegistries({ labs: ['0000000001'] });
    const membership = new RegistryMembership(registries, { checkEveryMs: 60_000 }, undefined, clock);
    await membership.codesOf('labs');
    membership.changeStarting('labs');
    registries.held['labs']!.push('0000000002');
    expect(membership.freshCodesOf('labs')).toEqual(['0000000001']);
    membership.changeSettled('labs');
    expect(membership.freshCodesOf('labs')).toBeUndefined();
    expect(registries.calls.slice(2)).toEqual(['labs count']);
    expect(await membership.codesOf('labs')).toEqual(['0000000001', '0000000002']);
    expect(registries.calls.slice(2)).toEqual(['labs count', 'labs codes']);
  });

  it('takes the count of a list of record holders for a sign of change only: more records than MEMBERSHIP_MAX_CODES is no claim', async () => {
    const registries = new FakeRegistries({ labs: ['0000000001'] }, 'recordHolders');
    const recordHolders = new RegistryMembership(registries, { checkEveryMs: 60_000, maxCodesPerRegistry: 1 }, undefined, clock);
    registries.counted['labs'] = 3;
    expect(await recordHolders.codesOf('labs')).toEqual(['0000000001']);
    registries.held['labs'] = ['0000000002'];
    registries.counted['labs'] = 4;
    expect(await recordHolders.codesOf('labs', true)).toEqual(['0000000002']);
    expect(registries.calls).toEqual(['labs count', 'labs codes', 'labs count', 'labs codes']);
  });

  it('answers a list a registry does not serve as none, asking it again at most every checkEveryMs', async () => {
    const registries = new FakeRegistries({ labs: ['0000000001'] }, 'recordHolders');
    registries.down = true;
    const recordHolders = new RegistryMembership(registries, { checkEveryMs: 1_000 }, { warn: () => undefined }, clock);
    expect(await recordHolders.codesToScreenUnlessFailing('labs')).toEqual([]);
    expect(registries.calls).toEqual(['labs count']);
    now += 500;
    expect(recordHolders.codesToScreenUnlessFailing('labs')).toEqual([]);
    expect(registries.calls).toHaveLength(1);
    registries.down = false;
    now += 600;
    expect(await recordHolders.codesToScreenUnlessFailing('labs')).toEqual(['0000000001']);
    expect(registries.calls.slice(1)).toEqual(['labs count', 'labs codes']);
  });

  it('reads a registry whole after changes that were under way while it was read, even when its count comes back as before', async () => {
    // Two registrations of one licence at once: the loser's owner is written, then undone, beside the winner's.
    const registries = new FakeRegistries({ labs: ['0000000001'] });
    const membership = new RegistryMembership(registries, { checkEveryMs: 60_000 }, undefined, clock);
    await membership.codesOf('labs');
    membership.changeStarting('labs');
    membership.changeStarting('labs');
    registries.held['labs']!.push('0000000009');
    expect(await membership.codesOf('labs', true)).toEqual(['0000000001', '0000000009']);
    registries.held['labs'] = ['0000000001', '0000000005'];
    membership.changeSettled('labs');
    membership.changeSettled('labs');
    expect(await membership.codesOf('labs')).toEqual(['0000000001', '0000000005']);
    // Settled now: the next equal count is believed again.
    const calls = registries.calls.length;
    membership.changeStarting('labs');
    membership.changeSettled('labs');
    expect(await membership.codesOf('labs')).toEqual(['0000000001', '0000000005']);
    expect(registries.calls.slice(calls)).toEqual(['labs count']);
  });

  it('does not hand callers after a change the answer of a check that began before it', async () => {
    const registries = new FakeRegistries({ labs: ['0000000001'] });
    const membership = new RegistryMembership(registries, { checkEveryMs: 60_000 }, undefined, clock);
    await membership.codesOf('labs');
    let open = () => undefined as void;
    registries.gate = new Promise((resolve) => (open = resolve));
    const early = membership.codesOf('labs', true);
    await new Promise((resolve) => setImmediate(resolve));
    membership.changeStarting('labs');
    registries.held['labs']!.push('0000000002');
    membership.changeSettled('labs');
    const late = membership.codesOf('labs');
    registries.gate = undefined;
    open();
    expect(await early).toEqual(['0000000001']);
    expect(await late).toEqual(['0000000001', '0000000002']);
    // Many changes ending while a check runs queue one check behind it, not one each (a whole read: they overlapped the running one).
    registries.gate = new Promise((resolve) => (open = resolve));
    const running = membership.codesOf('labs', true);
    await new Promise((resolve) => setImmediate(resolve));
    const calls = registries.calls.length;
    for (let i = 0; i < 5; i++) {
      membership.changeStarting('labs');
      membership.changeSettled('labs');
    }
    registries.gate = undefined;
    open();
    await running;
    await membership.codesOf('labs');
    expect(registries.calls.slice(calls)).toEqual(['labs count', 'labs codes']);
  });

  it('reads pages of 1,000 until a short one, and sorts what a registry gave out of order', async () => {
    const codes = Array.from({ length: 2_500 }, (_, i) => String(i).padStart(10, '0'));
    const registries = new FakeRegistries({ labs: codes });
    const membership = new RegistryMembership(registries, {}, undefined, clock);
    expect(await membership.count('labs')).toBe(2_500);
    expect(registries.calls.filter((call) => call === 'labs codes')).toHaveLength(3);
    expect(await membership.codes('labs', '0000000998', 3)).toEqual(['0000000999', '0000001000', '0000001001']);
    expect(await membership.among('labs', ['0000002499', '9999999999', '0000000005', '0000000005'])).toEqual(['0000000005', '0000002499']);
  });

  it('does not believe a registry that claims more members than MEMBERSHIP_MAX_CODES', async () => {
    const registries = new FakeRegistries({ labs: ['0000000001', '0000000002', '0000000003'] });
    const warnings: string[] = [];
    const membership = new RegistryMembership(registries, { maxCodesPerRegistry: 2 }, { warn: (message: string) => warnings.push(message) }, clock);
    const refused = await membership.codesOf('labs').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphQLError);
    expect((refused as GraphQLError).extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'labs' });
    expect((refused as GraphQLError).message).toMatch(/claims 3 members, more than the 2 MEMBERSHIP_MAX_CODES allows/);
    expect(registries.calls).toEqual(['labs count']);
    expect(warnings).toHaveLength(1);
  });

  it("takes a registry's first list whole, then at most MEMBERSHIP_MAX_NEW_CODES_PER_DAY codes it did not claim before in a day", async () => {
    // A registry that claims codes it guessed is sent those people wherever another registry's list names them.
    const code = (n: number) => String(n).padStart(10, '0');
    const registries = new FakeRegistries({ guilds: [code(1), code(2)] });
    const warnings: string[] = [];
    const membership = new RegistryMembership(registries, { checkEveryMs: 1_000, maxNewCodesPerDay: 3 }, { warn: (message: string) => warnings.push(message) }, clock);
    expect(await membership.codesOf('guilds')).toEqual([code(1), code(2)]);
    // Two kept, one dropped, five new: three are taken, in code order, and two wait.
    registries.held['guilds'] = [code(1), code(3), code(4), code(5), code(6), code(7)];
    now += 10_000;
    expect(await membership.codesOf('guilds')).toEqual([code(1), code(3), code(4), code(5)]);
    expect(warnings).toEqual([
      expect.stringMatching(/the guilds registry claims 5 people it did not claim before within a day, more than the 3 MEMBERSHIP_MAX_NEW_CODES_PER_DAY allows: 2 of them/),
    ]);
    // A swapped list (the same count) read again later that day takes none of its new codes: the day's allowance is spent.
    registries.held['guilds'] = [code(1), code(3), code(8), code(9), code(10), code(11)];
    now += 700_000;
    expect(await membership.codesOf('guilds')).toEqual([code(1), code(3)]);
    expect(warnings).toHaveLength(1);
    // A day later the allowance starts again.
    now += 24 * 60 * 60 * 1000;
    expect(await membership.codesOf('guilds')).toEqual([code(1), code(3), code(8), code(9), code(10)]);
    expect(warnings).toHaveLength(2);
  });

  it('counts new codes against the list taken before a claim past MEMBERSHIP_MAX_CODES, not as a first list', async () => {
    const registries = new FakeRegistries({ guilds: ['0000000001', '0000000002'] });
    const membership = new RegistryMembership(registries, { checkEveryMs: 1_000, maxCodesPerRegistry: 4, maxNewCodesPerDay: 1 }, { warn: () => undefined }, clock);
    await membership.codesOf('guilds');
    registries.held['guilds'] = ['0000000001', '0000000002', '0000000003', '0000000004', '0000000005'];
    now += 10_000;
    await expect(membership.codesOf('guilds')).rejects.toBeInstanceOf(GraphQLError);
    registries.held['guilds'] = ['0000000003', '0000000004', '0000000005', '0000000006'];
    now += 10_000;
    expect(await membership.codesOf('guilds')).toEqual(['0000000003']);
  });

  it('refuses a registry that cannot answer, except to the screen, which keeps sending it only whom it said it holds', async () => {
    const registries = new FakeRegistries({ labs: ['0000000001'] });
    const membership = new RegistryMembership(registries, { checkEveryMs: 1_000 }, { warn: () => undefined }, clock);
    await membership.codesOf('labs');
    registries.down = true;
    now += 10_000;
    await expect(membership.codesOf('labs')).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(membership.freshCodesOf('labs')).toBeUndefined();
    expect(await membership.lastKnownCodesOf('labs')).toEqual(['0000000001']);
    await expect(membership.checkedNow(['labs'])).rejects.toBeInstanceOf(GraphQLError);
    // Never read: nothing to fall back on.
    await expect(new RegistryMembership(registries, {}, { warn: () => undefined }, clock).lastKnownCodesOf('labs')).rejects.toBeInstanceOf(GraphQLError);
    // Back, with the same count: the codes kept are used again, not read anew.
    registries.down = false;
    registries.calls = [];
    expect(await membership.codesOf('labs')).toEqual(['0000000001']);
    expect(registries.calls).toEqual(['labs count']);
  });

  it('checks each registry listed once per checkedNow view, and finds a member just added through amongChecked', async () => {
    const registries = new FakeRegistries({ labs: ['0000000001'], guilds: ['0000000001'] });
    const membership = new RegistryMembership(registries, { checkEveryMs: 60_000 }, undefined, clock);
    await membership.warm(['labs', 'guilds']);
    registries.calls = [];
    const view = await membership.checkedNow(['labs', 'guilds']);
    await view.codes('labs', null, 10);
    await view.among('labs', ['0000000001']);
    await view.count('guilds');
    expect(registries.calls).toEqual(['labs count', 'guilds count']);
    registries.held['guilds']!.push('0000000009');
    expect(await membership.among('guilds', ['0000000009'])).toEqual([]);
    expect(await membership.amongChecked('guilds', ['0000000009'])).toEqual(['0000000009']);
  });
});
