/** How long the same appended change from the same caller is taken for one sent again (its answer lost to a timeout), not a second one. */
export const SENT_AGAIN_WITHIN_MS = 24 * 3_600_000;

/** Who made an appended change (a token's subject; undefined without one), and when. */
export interface MadeBy {
  by: string | undefined;
  at: Date | string;
}

/**
 * Whether a change `sent` now repeats the record's latest appended change (`latest`, the same in what
 * it says: `sameChange`): from the same caller, within a day. A client that sends an appended change
 * again after its answer was lost gets the record with the change it made then, once. Callers
 * without a subject cannot be told apart: each one's change is appended.
 */
export function isSentAgain(latest: MadeBy | undefined, sent: { by: string | undefined; at: Date }, sameChange: boolean): boolean {
  return sent.by !== undefined && latest !== undefined && latest.by === sent.by && sameChange && sent.at.getTime() - new Date(latest.at).getTime() < SENT_AGAIN_WITHIN_MS;
}
