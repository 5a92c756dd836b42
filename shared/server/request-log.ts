import { RequestDone } from './http-server';
import { ServiceLog } from './log';
import { GraphQLOutcome } from './request-outcome';

/** The code of an error nobody asked for: a fault of the service, not of the request. */
const INTERNAL = 'INTERNAL_SERVER_ERROR';

function levelOf(status: number, graphql: GraphQLOutcome): Parameters<ServiceLog['event']>[0] {
  if (status >= 500 || graphql.errorCodes.includes(INTERNAL)) return 'error';
  return graphql.schemaOnly && graphql.errorCodes.length === 0 ? 'debug' : 'info';
}

/** The longest client-chosen text (an operation's name, a path) a log line keeps, as a metric label does. */
const MAX_LOGGED_TEXT = 100;

/** `text` cut to MAX_LOGGED_TEXT characters, saying how long it was: a client's 90 KB name makes no 90 KB line. */
const loggable = (text: string): string => (text.length <= MAX_LOGGED_TEXT ? text : `${text.slice(0, MAX_LOGGED_TEXT)}… (${text.length} characters)`);

/**
 * One log line per answered request: GraphQL requests at `info` (`graphql request`, with the
 * request id, operation, status, duration and error codes), or at `error` when the answer is a 5xx
 * or holds an internal error (`INTERNAL_SERVER_ERROR`, even beside partial data with status 200);
 * the schema query alone (`_service { sdl }`, the gateway's poll every few seconds) at `debug`;
 * other routes (`/health`, `/ready`, `/metrics`: probes and scrapers) at `debug`.
 */
export function logRequest(log: ServiceLog, done: RequestDone): void {
  const fields = {
    requestId: done.requestId,
    method: done.method,
    path: loggable(done.path),
    status: done.status,
    durationMs: Math.round(done.durationMs * 10) / 10,
    ...(done.graphql
      ? {
          operationName: done.graphql.operationName === undefined ? null : loggable(done.graphql.operationName),
          ...(done.graphql.operationType ? { operationType: done.graphql.operationType } : {}),
          errorCodes: done.graphql.errorCodes,
        }
      : {}),
    ...(done.failure !== undefined ? { failure: done.failure } : {}),
  };
  if (done.failure !== undefined) log.event('error', done.graphql ? 'graphql request' : 'http request', fields);
  else if (done.graphql) log.event(levelOf(done.status, done.graphql), 'graphql request', fields);
  else log.event('debug', 'http request', fields);
}
