import { RequestDone } from './http-server';
import { ServiceLog } from './log';
import { GraphQLOutcome } from './request-outcome';

/** The code of an error nobody asked for: a fault of the service, not of the request. */
const INTERNAL = 'INTERNAL_SERVER_ERROR';

function levelOf(status: number, graphql: GraphQLOutcome): Parameters<ServiceLog['event']>[0] {
  if (status >= 500 || graphql.errorCodes.includes(INTERNAL)) return 'error';
  return graphql.schemaOnly && graphql.errorCodes.length === 0 ? 'debug' : 'info';
}

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
    path: done.path,
    status: done.status,
    durationMs: Math.round(done.durationMs * 10) / 10,
    ...(done.graphql
      ? {
          operationName: done.graphql.operationName ?? null,
          ...(done.graphql.operationType ? { operationType: done.graphql.operationType } : {}),
          errorCodes: done.graphql.errorCodes,
        }
      : {}),
  };
  if (done.graphql) log.event(levelOf(done.status, done.graphql), 'graphql request', fields);
  else log.event('debug', 'http request', fields);
}
