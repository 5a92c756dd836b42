export interface MembershipSettings {
  /** How long a registry's codes are used without asking its count again (`MEMBERSHIP_CHECK_MS`). */
  checkEveryMs: number;
  /** The most codes kept for one registry (`MEMBERSHIP_MAX_CODES`): a registry that claims more is not believed. */
  maxCodesPerRegistry: number;
  /**
   * The most codes one registry may add in a day to those it claimed before (`MEMBERSHIP_MAX_NEW_CODES_PER_DAY`):
   * the codes it claims are the people the gateway then sends it, so a registry claiming codes it
   * guessed would be sent those people wherever another registry's list names them.
   */
  maxNewCodesPerDay: number;
  /** How long a registry's codes are used at most before they are read again whatever its count says (a removal and an addition leave it unchanged). */
  reloadEveryMs?: number;
  /**
   * How long a request waits at most for a check of a registry's list (`SUBGRAPH_TIMEOUT_MS`): then
   * it goes on with the list as last read, as while the registry does not answer. A registry reads
   * its list in pages of a thousand, each within the subgraph timeout, so one that answered each just
   * in time, its count new at every check, would otherwise hold every request that joins a person
   * for as many timeouts as it claims thousands of members.
   */
  waitForCheckMs?: number;
}

export const MEMBERSHIP_DEFAULTS: Required<MembershipSettings> = {
  checkEveryMs: 1_000,
  maxCodesPerRegistry: 2_000_000,
  maxNewCodesPerDay: 10_000,
  reloadEveryMs: 600_000,
  waitForCheckMs: 10_000,
};
