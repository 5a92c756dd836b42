import { Caller, hasScope, PERSONAL_READ_SCOPE } from './caller';
import { accessRefusal } from './requirements';

/**
 * Refuses a change that names people by national code (`fields`, the input paths that hold one)
 * unless the caller holds `personal:read`: what the change answers or records would tell whose
 * code it is, or that a code belongs to nobody. Mutations that always take a code say so in the
 * schema (`@requiresScopes` with `personal:read`); this is for an input where a code is optional.
 */
export function requirePersonalReadFor(caller: Caller, fields: readonly string[]): void {
  if (fields.length === 0 || hasScope(caller, PERSONAL_READ_SCOPE)) return;
  throw accessRefusal(
    caller,
    fields.map((field) => ({ field, requirement: { authenticated: true, anyOf: [[PERSONAL_READ_SCOPE]] } })),
  );
}
