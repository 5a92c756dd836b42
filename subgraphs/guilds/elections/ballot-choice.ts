import { createHmac } from 'node:crypto';
import { keyFromCursorSecret } from '../../../shared/graphql/cursor-keys';

const PREFIX = 'choice-';

/** The key ballot choices are made with: derived from `CURSOR_SECRET`, so replicas agree and no other use shares it. */
const choiceKey = (): Buffer => keyFromCursorSecret('association-registries-graph ballot choices v1', 'guilds elections');

/**
 * What a ballot names a candidate by when the voter may not read national codes: a keyed digest of
 * the election and the candidate's code, the same for every voter, that tells nothing of the code.
 */
export function ballotChoiceOf(electionId: string, nationalCode: string): string {
  return PREFIX + createHmac('sha256', choiceKey()).update(`${electionId}\u0000${nationalCode}`).digest('base64url').slice(0, 22);
}

/** Whether a ballot's value is a ballot choice (not a national code). */
export const isBallotChoice = (value: string): boolean => value.startsWith(PREFIX);
