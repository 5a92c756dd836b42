import type { Caller } from '../../shared/auth/caller';
import type { SentOperation } from '../../shared/server/http-server';
import { callerIdentity } from '../transport/in-flight-shares';

/** A word that can start an operation other than a query; anywhere in the text (even in a string or a comment) it rules sharing out. */
const NOT_ONLY_QUERIES = /\b(?:mutation|subscription)\b/;

/**
 * The gateway's part of the HTTP layer's key for identical requests answered once
 * (shared/server/shared-answers.ts): the caller (subject and sorted scopes, or anonymous), for a
 * document whose every operation is a query; undefined (never shared) for any other, and for an
 * operation whose text is unknown (a persisted id not registered).
 */
export function answerSharing(textOf: (operation: SentOperation) => string | undefined): (operation: SentOperation, context: { caller?: Caller }) => string | undefined {
  return (operation, context) => {
    const text = typeof operation.query === 'string' ? operation.query : textOf(operation);
    if (text === undefined || NOT_ONLY_QUERIES.test(text)) return undefined;
    return callerIdentity(context.caller);
  };
}
