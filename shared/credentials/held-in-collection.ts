import { badUserInputField, InputChecker } from '../errors';
import { DuplicateKeyError, StoredDocument } from '../store/port';
import { applyCredentialAction, CredentialAction } from './changes';
import { credentialActionEvent, CredentialChangeEvent } from './events';
import { Validity } from './validity';

/** How the mutations reach credentials kept as documents of their own (`_id` is the number). */
export interface CredentialDocumentStore<T extends StoredDocument & Validity> {
  load: (key: string) => Promise<T | null>;
  /**
   * Writes `next` over `previous` as it was read (WRITE_CONFLICT when another request changed it
   * since), with the event of what was done (`credentialEvent`, shared/credentials/events.ts) in the same write.
   */
  save: (previous: T, next: T, event: CredentialChangeEvent) => Promise<void>;
}

/**
 * Renews or changes the standing of the credential stored under `key`; `field` is the input field
 * naming it. Everything is checked before the one write.
 */
export async function actOnCredentialDocument<T extends StoredDocument & Validity>(
  store: CredentialDocumentStore<T>,
  field: string,
  key: string,
  what: string,
  action: CredentialAction,
  more?: (checker: InputChecker, current: T) => Partial<T> | undefined,
): Promise<T> {
  const checker = new InputChecker();
  const current = await store.load(key);
  if (!current) checker.add(field, `no ${what} "${key}" in this registry`);
  const changed = current ? applyCredentialAction(checker, current, action) : undefined;
  const extra = current && more ? more(checker, current) : undefined;
  checker.throwIfAny();
  const document = { ...changed!, ...(extra ?? {}) };
  await store.save(current!, document, credentialActionEvent(action));
  return document;
}

/** Runs an insert of a new credential, turning a number someone registered meanwhile into BAD_USER_INPUT. */
export async function insertingCredential(field: string, key: string, insert: () => Promise<void>): Promise<void> {
  try {
    await insert();
  } catch (error) {
    if (error instanceof DuplicateKeyError) throw badUserInputField(field, `${key} is already registered`);
    throw error;
  }
}
