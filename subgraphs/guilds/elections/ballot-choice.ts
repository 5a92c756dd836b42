import { createHmac, hkdfSync } from 'node:crypto';
import { cursorSecret } from '../../../shared/graphql/cursor-keys';

const PREFIX = 'choice-';
const keys = new Map<string, Buffer>();

/** The key ballot choices are made with: derived from `CURSOR_SECRET` (HKDF), so replicas agree and no other use shares it. */
function choiceKey(): Buffer {
  const { secret } = cursorSecret();
  const id = secret.toString('base64');
  let key = keys.get(id);
  if (!key) keys.set(id, (key = Buffer.from(hkdfSync('sha256', secret, 'association-registries-graph ballot choices v1', 'guilds elections', 32))));
  return key;
}

/**
 * What a ballot names a candidate by when the voter may not read national codes: a keyed digest of
 * the election and the candidate's code, the same for every voter, that tells nothing of the code.
 */
export function ballotChoiceOf(electionId: string, nationalCode: string): string {
  return PREFIX + createHmac('sha256', choiceKey()).update(`${electionId}\u0000${nationalCode}`).digest('base64url').slice(0, 22);
}

/** Whether a ballot's value is a ballot choice (not a national code). */
export const isBallotChoice = (value: string): boolean => value.startsWith(PREFIX);
