import { RegistryKey } from '../../shared/registry/keys';
import { RegistryMembership } from './registry-membership';

const NO_ONE: readonly string[] = [];

/** The codes of the people a registry may be asked about (sorted): its members, and those it keeps records of besides. */
export interface ScreenLists {
  members: readonly string[];
  recordHolders: readonly string[];
}

/**
 * Who the screens may name to each registry: its members (the gateway's membership lists), and the
 * people it keeps records of besides them (committee seats, meeting attendance, roles, credentials:
 * `_recordHolderCodes`), to whom its part of their own record (`me`) belongs. A registry whose list
 * of the latter is not known is taken to keep no one's records besides its members'.
 */
export class KnownPeople {
  constructor(
    readonly members: RegistryMembership,
    private readonly recordHolders: RegistryMembership,
  ) {}

  /**
   * `registry`'s lists, at once when fresh (RegistryMembership.codesToScreen): refused while its
   * members are not known; its record holders only when `withRecordHolders`, and none while they
   * are not known (RegistryMembership.codesToScreenUnlessFailing).
   */
  listsToScreen(registry: RegistryKey, withRecordHolders: boolean): ScreenLists | Promise<ScreenLists> {
    const members = this.members.codesToScreen(registry);
    const recordHolders = withRecordHolders ? this.recordHolders.codesToScreenUnlessFailing(registry) : NO_ONE;
    if (!(members instanceof Promise) && !(recordHolders instanceof Promise)) return { members, recordHolders };
    return Promise.all([members, recordHolders]).then(([memberCodes, holderCodes]) => ({ members: memberCodes, recordHolders: holderCodes }));
  }

  /**
   * `registry`'s lists with its counts asked now (each list read again when its count moved): for an
   * answer that names someone the lists in use do not, who may have joined the registry since.
   */
  async freshListsOf(registry: RegistryKey): Promise<ScreenLists> {
    const [members, recordHolders] = await Promise.all([this.members.codesOf(registry, true), this.recordHolders.codesOf(registry, true).catch(() => NO_ONE)]);
    return { members, recordHolders };
  }

  /** `registry`'s lists as last read, however old, asking it nothing; null when its members were never read or not believed. */
  lastReadListsOf(registry: RegistryKey): ScreenLists | null {
    const members = this.members.lastReadCodesOf(registry);
    return members ? { members, recordHolders: this.recordHolders.lastReadCodesOf(registry) ?? NO_ONE } : null;
  }

  /** Whether `registry` may name `code` (its member, or someone it keeps a record of): by its lists as last read, else as checked now; no, while they cannot be read. */
  async mayName(registry: RegistryKey, code: string): Promise<boolean> {
    const read = this.lastReadListsOf(registry);
    if (read && KnownPeople.keepRecordOf(read, code)) return true;
    const fresh = await this.freshListsOf(registry).catch(() => null);
    return fresh !== null && KnownPeople.keepRecordOf(fresh, code);
  }

  /** Whether `lists` name `code`: a member, or someone the registry keeps a record of. */
  static keepRecordOf(lists: ScreenLists, code: string): boolean {
    return RegistryMembership.holds(lists.members, code) || RegistryMembership.holds(lists.recordHolders, code);
  }

  /** A change (a mutation) is going to `registry`: both its lists are read again once it ends. */
  changeStarting(registry: RegistryKey): void {
    this.members.changeStarting(registry);
    this.recordHolders.changeStarting(registry);
  }

  changeSettled(registry: RegistryKey): void {
    this.members.changeSettled(registry);
    this.recordHolders.changeSettled(registry);
  }

  /** Forgets the registries the graph no longer joins. */
  keepOnly(registries: readonly RegistryKey[]): void {
    this.members.keepOnly(registries);
    this.recordHolders.keepOnly(registries);
  }

  /** Reads both lists of every registry now. */
  async warm(registries: readonly RegistryKey[]): Promise<void> {
    await Promise.all([this.members.warm(registries), this.recordHolders.warm(registries)]);
  }
}
