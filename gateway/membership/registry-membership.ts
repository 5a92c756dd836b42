import { AsyncResource } from 'node:async_hooks';
import { GraphQLError } from 'graphql';
import type { Log } from '../../shared/server/log';
import { RegistryKey } from '../../shared/registry/keys';
import { MAX_MEMBER_CODES } from '../../shared/registry/member-codes';
import type { CodeList, CodeListSource, MemberCodeSource, MembershipLookup } from '../directory/registry-helpers';
import { subgraphUnavailable } from '../execution/outages';
import { MEMBERSHIP_DEFAULTS, MembershipSettings } from './settings';

/** How many check intervals old a list may be and still be used while the next check runs. */
const USED_WHILE_CHECKING = 5;

const NONE: readonly string[] = [];

/** How long the allowance of new codes (`maxNewCodesPerDay`) lasts before it starts again. */
const GROWTH_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The new codes one registry was allowed since `startedAt`. */
interface Growth {
  startedAt: number;
  added: number;
  /** Whether a list with more was logged in this window (once per window). */
  warned: boolean;
}

/**
 * `claimed` (sorted) kept to the codes of `before` (sorted) and at most `allowance` new ones, in
 * code order: how many new ones were kept, and how many were left out.
 */
function withinAllowance(before: readonly string[], claimed: readonly string[], allowance: number): { kept: string[]; added: number; left: number } {
  const kept: string[] = [];
  let added = 0;
  let left = 0;
  let i = 0;
  for (const code of claimed) {
    while (i < before.length && before[i]! < code) i++;
    if (before[i] === code) kept.push(code);
    else if (added < allowance) {
      kept.push(code);
      added++;
    } else left++;
  }
  return { kept, added, left };
}

/**
 * Each registry's allowance of new codes, shared by the lists of people it may be asked about and may
 * name (its members, and those it keeps records of): a code in either is one the registry may name,
 * so one allowance per list would let it name twice `maxNewCodesPerDay` people it did not before.
 */
export class NewCodeAllowances {
  readonly byRegistry = new Map<RegistryKey, Growth>();
}

/** One registry's codes as last read: sorted, so that a lookup is a binary search and a page a slice. */
interface KnownCodes {
  codes: readonly string[];
  /** What the registry's count said when they were read or last confirmed. */
  count: number;
  checkedAt: number;
  loadedAt: number;
  /**
   * A change went to the registry while these were read: a count equal to theirs proves nothing
   * (a stray record written and undone beside another's may leave it so), so the next check reads them whole.
   */
  unsettled?: boolean;
  /** How many changes to the registry had ended when the check that read or confirmed these began: fewer than now, and a check is waited for. */
  endedChangesSeen: number;
}

/** The changes going to one registry through this gateway: how many are under way, how many ended, and a number that moves when one starts or ends. */
interface Changes {
  underWay: number;
  ended: number;
  epoch: number;
}

/** A check of one registry: queued behind another until it begins, at the changes' `epoch` then. */
interface Reading {
  promise: Promise<KnownCodes>;
  began: { epoch?: number };
}

/** Where `sorted` would put `code`: the index of the first code not below it. */
function positionOf(sorted: readonly string[], code: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < code) low = middle + 1;
    else high = middle;
  }
  return low;
}

const holds = (sorted: readonly string[], code: string): boolean => sorted[positionOf(sorted, code)] === code;

/** Up to `first` of `sorted` after `after`, as a registry's `_memberCodes` gives them. */
function pageOf(sorted: readonly string[], after: string | null, first: number): string[] {
  const start = after === null ? 0 : positionOf(sorted, after) + (holds(sorted, after) ? 1 : 0);
  return sorted.slice(start, start + first);
}

/** Which of `wanted` are in `sorted`, each once, in code order, as a registry's `_membersAmong` gives them. */
const amongOf = (sorted: readonly string[], wanted: readonly string[]): string[] => [...new Set(wanted)].filter((code) => holds(sorted, code)).sort();

/** The error when the gateway does not know who a registry holds: it sends that registry no one's code. */
export const membershipUnknown = (registry: RegistryKey, reason: string): GraphQLError =>
  subgraphUnavailable(registry, `The gateway does not know who belongs to the ${registry} registry now (${reason}), so that registry's part cannot be given; try again shortly.`);

/**
 * Which national codes each registry holds, as the gateway keeps them in memory: read from the
 * registry's own `_memberCodes`, 1,000 at a time, and read again when its `_memberCount` changes
 * (asked at most every `checkEveryMs`, and at once after a change went to the registry), or after
 * `reloadEveryMs` whatever the count.
 *
 * The gateway asks a registry about a person only when the registry holds them: the Person
 * screen (person-screen.ts) leaves the others out of the entity fetches, and `sharedMembers`,
 * `registryOverlap` and the reference check intersect these lists here instead of sending one
 * registry's codes to another. So no association's subgraph learns who another one holds.
 *
 * It is a `MemberCodeSource` over what it keeps, each answer as fresh as above.
 */
export class RegistryMembership implements MembershipLookup {
  private readonly known = new Map<RegistryKey, KnownCodes>();
  private readonly reading = new Map<RegistryKey, Reading>();
  private readonly changes = new Map<RegistryKey, Changes>();
  /** When each registry last failed a check, until one succeeds: its codes, if any are kept, are not fresh meanwhile. */
  private readonly failedAt = new Map<RegistryKey, number>();
  /**
   * Where the checks run: outside any client request (its request id and trace), since one check
   * serves every request that waits for it; made with the membership, at the gateway's start.
   */
  private readonly outsideRequests = new AsyncResource('RegistryMembership');
  /** The codes last taken from each registry, kept through its failures: what a later list's new codes are counted against. */
  private readonly taken = new Map<RegistryKey, readonly string[]>();
  private readonly growth: Map<RegistryKey, Growth>;
  /** Registries whose failure is logged: once until they answer again. */
  private readonly warned = new Set<RegistryKey>();
  private readonly settings: Required<MembershipSettings>;
  /** Which list this keeps: the source's. */
  private readonly list: CodeList;

  constructor(
    private readonly source: CodeListSource,
    settings: Partial<MembershipSettings> = {},
    private readonly log?: Pick<Log, 'warn'>,
    private readonly now: () => number = Date.now,
    allowances: NewCodeAllowances = new NewCodeAllowances(),
  ) {
    this.growth = allowances.byRegistry;
    this.settings = { ...MEMBERSHIP_DEFAULTS, ...settings };
    this.list = source.list ?? 'members';
  }

  /** `registry`'s sorted codes, fresh as the settings say; `fresh` asks its count now whatever the last check. */
  async codesOf(registry: RegistryKey, fresh = false): Promise<readonly string[]> {
    const known = this.freshCodesOf(registry);
    return known && !fresh ? known : (await this.waitedFor(registry, this.check(registry))).codes;
  }

  /** `checking`, waited for at most `waitForCheckMs`: after that the check goes on, and this fails as a check that failed. */
  private waitedFor(registry: RegistryKey, checking: Promise<KnownCodes>): Promise<KnownCodes> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(membershipUnknown(registry, `its list took longer than the ${this.settings.waitForCheckMs} ms SUBGRAPH_TIMEOUT_MS to read`)),
        this.settings.waitForCheckMs,
      );
      timer.unref();
    });
    return Promise.race([checking, late]).finally(() => clearTimeout(timer));
  }

  /**
   * The lists of `registries`, each one's count asked again first, all at once: for the directory's
   * fields that read whole lists (`sharedMembers`, `registryOverlap`), so that a registry that
   * cannot answer now refuses the field, rather than being read from memory.
   */
  async checkedNow(registries: readonly RegistryKey[]): Promise<MemberCodeSource> {
    const lists = new Map(await Promise.all(registries.map(async (registry) => [registry, await this.codesOf(registry, true)] as const)));
    const codesOf = (registry: RegistryKey): readonly string[] => {
      const codes = lists.get(registry);
      if (!codes) throw new Error(`the ${registry} registry was not among those checked`);
      return codes;
    };
    return {
      count: async (registry) => codesOf(registry).length,
      codes: async (registry, after, first) => pageOf(codesOf(registry), after, first),
      among: async (registry, codes) => amongOf(codesOf(registry), codes),
    };
  }

  /** The codes the screen sends `registry` people of: at once when fresh, else as `lastKnownCodesOf` gives them. */
  codesToScreen(registry: RegistryKey): readonly string[] | Promise<readonly string[]> {
    return this.freshCodesOf(registry) ?? this.lastKnownCodesOf(registry);
  }

  /**
   * As `codesToScreen`, for a list a registry may not serve at all (its record holders): while it
   * failed a check within the last `checkEveryMs`, the codes it gave last, or none, without waiting
   * for another check; so a registry without the list costs a request one check a second at most.
   */
  codesToScreenUnlessFailing(registry: RegistryKey): readonly string[] | Promise<readonly string[]> {
    const fresh = this.freshCodesOf(registry);
    if (fresh) return fresh;
    const failedAt = this.failedAt.get(registry);
    if (failedAt !== undefined && this.now() - failedAt < this.settings.checkEveryMs) return this.known.get(registry)?.codes ?? NONE;
    return this.lastKnownCodesOf(registry).catch(() => NONE);
  }

  /**
   * The codes the screen sends `registry` people of: fresh as `codesOf`, or, while the registry
   * does not answer its count, the last it gave (it is sent no one it did not say it holds).
   */
  async lastKnownCodesOf(registry: RegistryKey): Promise<readonly string[]> {
    try {
      return await this.codesOf(registry);
    } catch (error) {
      const known = this.known.get(registry);
      if (known) return known.codes;
      throw error;
    }
  }

  /** The codes `registry` gave last, however old (none: never read, or not believed), without asking it anything. */
  lastReadCodesOf(registry: RegistryKey): readonly string[] | undefined {
    return this.known.get(registry)?.codes;
  }

  /** The codes `registry` holds, synchronously, when they are known and fresh (the screen's fast path). */
  freshCodesOf(registry: RegistryKey): readonly string[] | undefined {
    const known = this.known.get(registry);
    // While the registry fails its checks (`failedAt`), its codes are kept only to compare its next count with.
    if (!known || this.failedAt.has(registry) || known.endedChangesSeen !== this.changesOf(registry).ended) return undefined;
    const age = this.now() - known.checkedAt;
    if (age < this.settings.checkEveryMs) return known.codes;
    // Checked lately: used while the next check runs, so that a busy gateway never waits for one (an idle one does).
    if (age < this.settings.checkEveryMs * USED_WHILE_CHECKING) {
      this.check(registry).catch(() => undefined);
      return known.codes;
    }
    return undefined;
  }

  /** A change (a mutation) is going to `registry`: what is read of it until the change ends is not trusted as settled. */
  changeStarting(registry: RegistryKey): void {
    const changes = this.changesOf(registry);
    changes.underWay++;
    changes.epoch++;
  }

  /** The change to `registry` ended, well or not: its count is asked again at once, and waited for before its codes are used. */
  changeSettled(registry: RegistryKey): void {
    const changes = this.changesOf(registry);
    changes.underWay = Math.max(0, changes.underWay - 1);
    changes.epoch++;
    changes.ended++;
    this.check(registry, true).catch(() => undefined);
  }

  /** Forgets the registries the graph no longer joins. */
  keepOnly(registries: readonly RegistryKey[]): void {
    for (const registry of [...this.known.keys()]) if (!registries.includes(registry)) this.known.delete(registry);
    for (const registry of [...this.failedAt.keys()]) if (!registries.includes(registry)) this.failedAt.delete(registry);
    for (const registry of [...this.taken.keys()]) if (!registries.includes(registry)) this.taken.delete(registry);
    for (const registry of [...this.growth.keys()]) if (!registries.includes(registry)) this.growth.delete(registry);
  }

  /** Reads every registry's codes now (at start and when the graph's registries change); one that cannot answer yet is read when first needed. */
  async warm(registries: readonly RegistryKey[]): Promise<void> {
    await Promise.all(registries.map((registry) => this.check(registry, true).catch(() => undefined)));
  }

  async count(registry: RegistryKey): Promise<number> {
    return (await this.codesOf(registry)).length;
  }

  async codes(registry: RegistryKey, after: string | null, first: number): Promise<string[]> {
    return pageOf(await this.codesOf(registry), after, first);
  }

  async among(registry: RegistryKey, codes: readonly string[]): Promise<string[]> {
    return amongOf(await this.codesOf(registry), codes);
  }

  async amongChecked(registry: RegistryKey, codes: readonly string[]): Promise<string[]> {
    const found = await this.among(registry, codes);
    if (found.length === new Set(codes).size) return found;
    await this.codesOf(registry, true);
    return this.among(registry, codes);
  }

  /** Whether `registry` holds `code`, in its `codes` (as `freshCodesOf` or `codesOf` gave them). */
  static holds(codes: readonly string[], code: string): boolean {
    return holds(codes, code);
  }

  private changesOf(registry: RegistryKey): Changes {
    let changes = this.changes.get(registry);
    if (!changes) this.changes.set(registry, (changes = { underWay: 0, ended: 0, epoch: 0 }));
    return changes;
  }

  /**
   * One check of `registry` at a time: later callers wait for it, unless a change started or ended
   * since it began; then one more check is queued behind it, and every later caller waits for that
   * one. A `quiet` one (warming up, after a change) logs no failure.
   */
  private check(registry: RegistryKey, quiet = false): Promise<KnownCodes> {
    const current = this.reading.get(registry);
    if (current && (current.began.epoch === undefined || current.began.epoch === this.changesOf(registry).epoch)) return current.promise;
    const began: Reading['began'] = {};
    const start = (): Promise<KnownCodes> =>
      this.outsideRequests.runInAsyncScope(() => {
        began.epoch = this.changesOf(registry).epoch;
        return this.read(registry, quiet);
      });
    const promise = (current ? current.promise.then(start, start) : start()).finally(() => {
      if (this.reading.get(registry)?.promise === promise) this.reading.delete(registry);
    });
    const reading: Reading = { promise, began };
    this.reading.set(registry, reading);
    return reading.promise;
  }

  /** Whether no change to `registry` was under way, or started or ended, since the changes' epoch was `startedAt`. */
  private settledSince(registry: RegistryKey, startedAt: number): boolean {
    const changes = this.changesOf(registry);
    return changes.underWay === 0 && changes.epoch === startedAt;
  }

  private async read(registry: RegistryKey, quiet: boolean): Promise<KnownCodes> {
    const previous = this.known.get(registry);
    const startedAt = this.now();
    const { epoch, ended } = this.changesOf(registry);
    try {
      const count = await this.source.count(registry);
      // A count of records is no claim of that many codes.
      if (this.list === 'members' && count > this.settings.maxCodesPerRegistry) throw new TooManyCodes(count, this.settings.maxCodesPerRegistry);
      if (previous && !previous.unsettled && previous.count === count && startedAt - previous.loadedAt < this.settings.reloadEveryMs) {
        previous.checkedAt = startedAt;
        previous.endedChangesSeen = ended;
        this.failedAt.delete(registry);
        if (!this.settledSince(registry, epoch)) previous.unsettled = true;
        this.warned.delete(registry);
        return previous;
      }
      const codes = this.admitted(registry, await this.allCodes(registry), startedAt);
      const known: KnownCodes = { codes, count, checkedAt: startedAt, loadedAt: startedAt, endedChangesSeen: ended };
      if (!this.settledSince(registry, epoch)) known.unsettled = true;
      this.known.set(registry, known);
      this.warned.delete(registry);
      this.failedAt.delete(registry);
      return known;
    } catch (error) {
      const reason = error instanceof TooManyCodes ? error.message : 'its subgraph could not answer';
      this.failedAt.set(registry, startedAt);
      if (!previous || error instanceof TooManyCodes) this.known.delete(registry);
      // Meanwhile the registry is taken to keep no one's records besides its members' (none is named to it),
      // so the first list it gives later is growth from none: else it could hold that list back while the
      // gateway runs (at no cost: `me` asks it of its members only) and have every code it guessed taken whole.
      if (this.list === 'recordHolders' && !this.taken.has(registry)) this.taken.set(registry, []);
      if (!quiet && !this.warned.has(registry)) {
        this.warned.add(registry);
        this.log?.warn(
          this.list === 'members'
            ? `the ${registry} registry's members are not known (${reason}): no person is asked of it until they are`
            : `the people the ${registry} registry keeps records of besides its members are not known (${reason}): \`me\` asks it about its members only until they are`,
        );
      }
      throw membershipUnknown(registry, reason);
    }
  }

  /**
   * What is taken of the codes `registry` claims now: all of them the first time (for a list of
   * record holders, only when its first read did not fail: see `read`); after that the codes it
   * claimed before, and of those it did not, as many as its day's allowance has left (in code order).
   * The rest wait for the next day's allowance, with one warning a day.
   */
  private admitted(registry: RegistryKey, claimed: readonly string[], now: number): readonly string[] {
    const before = this.taken.get(registry);
    if (!before) {
      this.taken.set(registry, claimed);
      return claimed;
    }
    let growth = this.growth.get(registry);
    if (!growth || now - growth.startedAt >= GROWTH_WINDOW_MS) this.growth.set(registry, (growth = { startedAt: now, added: 0, warned: false }));
    const allowed = this.settings.maxNewCodesPerDay;
    const { kept, added, left } = withinAllowance(before, claimed, Math.max(0, allowed - growth.added));
    growth.added += added;
    if (left > 0 && !growth.warned) {
      growth.warned = true;
      this.log?.warn(
        `the ${registry} registry claims ${growth.added + left} people it did not claim before within a day, more than the ${allowed} MEMBERSHIP_MAX_NEW_CODES_PER_DAY allows: ` +
          `${left} of them are not asked of it until the allowance starts again (raise it for a bulk import)`,
      );
    }
    this.taken.set(registry, kept);
    return kept;
  }

  private async allCodes(registry: RegistryKey): Promise<string[]> {
    const codes: string[] = [];
    let after: string | null = null;
    for (;;) {
      const batch: string[] = await this.source.codes(registry, after, MAX_MEMBER_CODES);
      codes.push(...batch);
      if (codes.length > this.settings.maxCodesPerRegistry) throw new TooManyCodes(codes.length, this.settings.maxCodesPerRegistry);
      if (batch.length < MAX_MEMBER_CODES) break;
      after = batch[batch.length - 1]!;
    }
    // The registry reads them in code order; a registry that does not is not trusted to.
    for (let i = 1; i < codes.length; i++) if (!(codes[i - 1]! < codes[i]!)) return [...new Set(codes)].sort();
    return codes;
  }
}

class TooManyCodes extends Error {
  constructor(count: number, most: number) {
    super(`it claims ${count} members, more than the ${most} MEMBERSHIP_MAX_CODES allows`);
  }
}
