import { RequestDone } from '../../shared/server/http-server';
import { createLog } from '../../shared/server/log';
import { logRequest } from '../../shared/server/request-log';

/** The level and message of every line `logRequest` writes for `done`. */
function linesFor(done: RequestDone): { level: string; msg: string; errorCodes?: string[]; operationName?: string; path?: string; failure?: string }[] {
  const lines: string[] = [];
  const log = createLog('test', { level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  logRequest(log, done);
  return lines.map((line) => JSON.parse(line) as { level: string; msg: string; errorCodes?: string[]; operationName?: string; path?: string; failure?: string });
}

const request = (status: number, errorCodes: string[]): RequestDone => ({
  requestId: 'r-1',
  method: 'POST',
  path: '/graphql',
  status,
  durationMs: 1.25,
  graphql: { operationName: 'Q', operationType: 'query', errorCodes, hasData: true },
});

describe('the request log line', () => {
  it('is an error when the answer holds an internal error, even with status 200 and partial data', () => {
    expect(linesFor(request(200, ['INTERNAL_SERVER_ERROR']))).toEqual([expect.objectContaining({ level: 'error', msg: 'graphql request', errorCodes: ['INTERNAL_SERVER_ERROR'] })]);
    expect(linesFor(request(200, ['BAD_USER_INPUT', 'INTERNAL_SERVER_ERROR']))[0]!.level).toBe('error');
    expect(linesFor(request(500, []))[0]!.level).toBe('error');
  });

  it("stays at info for answers whose errors are the caller's (bad input, refused, limits) or none", () => {
    for (const codes of [[], ['BAD_USER_INPUT'], ['UNAUTHENTICATED'], ['QUERY_TOO_COSTLY']]) {
      expect(linesFor(request(codes.length ? 400 : 200, codes))[0]!.level).toBe('info');
    }
  });

  it("puts the schema query alone (the gateway's poll) at debug, unless it failed", () => {
    const poll = (status: number, errorCodes: string[]): RequestDone => ({
      ...request(status, errorCodes),
      graphql: { operationName: '(anonymous)', operationType: 'query', errorCodes, hasData: true, schemaOnly: true },
    });
    expect(linesFor(poll(200, []))).toEqual([expect.objectContaining({ level: 'debug', msg: 'graphql request' })]);
    expect(linesFor(poll(400, ['GRAPHQL_VALIDATION_FAILED']))[0]!.level).toBe('info');
    expect(linesFor(poll(500, ['INTERNAL_SERVER_ERROR']))[0]!.level).toBe('error');
  });

  it("keeps a client's operation name and path to 100 characters, saying how long they were", () => {
    const name = 'Q'.repeat(90_000);
    const [line] = linesFor({ ...request(200, []), path: `/${'p'.repeat(5_000)}`, graphql: { operationName: name, operationType: 'query', errorCodes: [], hasData: true } });
    expect(line!.operationName).toBe(`${'Q'.repeat(100)}… (90000 characters)`);
    expect(line!.path).toBe(`/${'p'.repeat(99)}… (5001 characters)`);
    expect(linesFor(request(200, []))[0]).toEqual(expect.objectContaining({ operationName: 'Q', path: '/graphql' }));
  });

  it('logs a request whose handling threw at error, with what failed (the answer carried only its id)', () => {
    const lines = linesFor({ requestId: 'r-3', method: 'POST', path: '/graphql', status: 500, durationMs: 2, failure: 'Error: the socket went away' });
    expect(lines).toEqual([expect.objectContaining({ level: 'error', msg: 'http request', failure: 'Error: the socket went away' })]);
  });

  it('keeps probes and scrapes at debug', () => {
    expect(linesFor({ requestId: 'r-2', method: 'GET', path: '/health', status: 200, durationMs: 0.5 })).toEqual([
      expect.objectContaining({ level: 'debug', msg: 'http request' }),
    ]);
  });
});
