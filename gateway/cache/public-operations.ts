import type { GuardedFields } from '../auth';
import { PublicOperationCheck } from './response-cache';

/**
 * Whether an operation selects only unguarded fields: the authorization check's guarded fields of
 * the current supergraph (so a field that becomes personal stops being cached with the next one).
 */
export function publicOperations(guarded: GuardedFields): PublicOperationCheck {
  return (schema, document, operation) => guarded(schema, document, operation).length === 0;
}
