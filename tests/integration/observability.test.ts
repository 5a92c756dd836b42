import { RunningGateway } from '../../gateway/gateway';
import type { GatewaySettings } from '../../gateway/config';
import { observabilitySettingsFromEnvironment } from '../../gateway/observability/settings';
import { QUERY_PLAN_SCOPE } from '../../gateway/observability';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { useLogDestination } from '../../shared/server/log';
import { testToken } from '../support/auth';
import { gatewayOver, startTestGraph, TestGraph } from '../support/graph';

const TAJIK = SEED_PEOPLE.saeedTajik.nationalCode;

/** One JSON log line, as pino writes it. */
interface LogRecord {
  level: string;
  service: string;
  msg: string;
  requestId?: string;
  operationName?: string | null;
  status?: number;
  durationMs?: number;
  errorCodes?: string[];
  [field: string]: unknown;
}

/** One sample of the Prometheus exposition text. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the exposition text format (comments skipped; label values unescaped). */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, name, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[name!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

const sampleValue = (samples: Sample[], name: string, labels: Record<string, string>): number =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

describe('observability: logs, request ids, metrics and query plans', () => {
  let graph: TestGraph;
  const lines: string[] = [];
  const savedLevel = process.env.LOG_LEVEL;
  const records = (): LogRecord[] => lines.map((line) => JSON.parse(line) as LogRecord);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(graph.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const scrape = async (url = graph.gatewayUrl) => {
    const response = await fetch(url.replace(/\/graphql$/, '/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await response.text());
  };

  /** Another gateway in this process, over the test graph's subgraphs. */
  const secondGateway = (settings: Partial<GatewaySettings> = {}) => gatewayOver(graph, settings);

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'info';
    useLogDestination({ write: (line: string) => void lines.push(line) });
    graph = await startTestGraph();
  });
  afterAll(async () => {
    await graph?.stop();
    useLogDestination(undefined);
    if (savedLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = savedLevel;
  });

  it('writes every log line as JSON with level, time, service and message', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const record of records()) {
      expect(record).toMatchObject({ level: expect.stringMatching(/^(debug|info|warn|error)$/), service: expect.any(String), msg: expect.any(String) });
      expect(Number.isNaN(Date.parse(String(record.time)))).toBe(false);
    }
    expect(records().some((r) => r.service === 'gateway' && /^gateway ready at http:\/\/127\.0\.0\.1:\d+\/graphql$/.test(r.msg))).toBe(true);
  });

  it('keeps a valid x-request-id, returns it, logs one gateway line for the request, and the subgraphs log it too', async () => {
    const requestId = 'obs-test-request-0001';
    const reader = await testToken([PERSONAL_READ_SCOPE]);
    const response = await post(
      { query: `query SharedPerson { person(nationalCode: "${TAJIK}") { fullName labs { fullName } auditors { fullName } } }` },
      { 'x-request-id': requestId, authorization: `Bearer ${reader}` },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();

    const mine = records().filter((r) => r.requestId === requestId);
    const gatewayLines = mine.filter((r) => r.service === 'gateway');
    expect(gatewayLines).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'graphql request',
        operationName: 'SharedPerson',
        operationType: 'query',
        status: 200,
        errorCodes: [],
        method: 'POST',
        path: '/graphql',
      }),
    ]);
    expect(gatewayLines[0]!.durationMs).toEqual(expect.any(Number));
    // The person's labs and auditors views come from those subgraphs: each logged the gateway's request id. Engineering and guilds
    // do not hold the person, so they are asked nothing (gateway/membership).
    const subgraphServices = new Set(mine.filter((r) => r.service !== 'gateway' && r.msg === 'graphql request').map((r) => r.service));
    expect(subgraphServices).toEqual(new Set(['labs', 'auditors']));
  });

  it("logs the schema query (the gateway's poll, `_service { sdl }`) below info, at debug", async () => {
    const subgraphUrl = Object.values(graph.subgraphUrls)[0]!;
    const poll = await fetch(subgraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'obs-schema-poll-1' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    expect(poll.status).toBe(200);
    expect(((await poll.json()) as { data?: { _service?: { sdl?: string } } }).data?._service?.sdl).toEqual(expect.any(String));
    // at LOG_LEVEL=info the poll leaves no line; any other query to the same subgraph does (this one is refused: no caller assertion)
    expect(records().filter((r) => r.requestId === 'obs-schema-poll-1')).toEqual([]);
    const ordinary = await fetch(subgraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'obs-schema-poll-2' },
      body: JSON.stringify({ query: '{ _service { sdl } __typename }' }),
    });
    await ordinary.text();
    expect(records().filter((r) => r.requestId === 'obs-schema-poll-2')).toEqual([expect.objectContaining({ level: 'info', msg: 'graphql request' })]);
  });

  it('makes a new request id when none is sent or the one sent is malformed', async () => {
    const none = await post({ query: '{ __typename }' });
    const malformed = await post({ query: '{ __typename }' }, { 'x-request-id': 'not valid: has spaces and "quotes"' });
    const tooLong = await post({ query: '{ __typename }' }, { 'x-request-id': 'a'.repeat(129) });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const ids = [none, malformed, tooLong].map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(3);
    expect(records().some((r) => typeof r.requestId === 'string' && r.requestId.includes('quotes'))).toBe(false);
  });

  it('logs the status and error codes of refused requests', async () => {
    const anonymous = await post({ query: `query Personal { person(nationalCode: "${TAJIK}") { nationalCode } }` }, { 'x-request-id': 'obs-refused-1' });
    expect(anonymous.status).toBe(401);
    const tooLarge = await post({ query: `{ ${'__typename '.repeat(20_000)}}` }, { 'x-request-id': 'obs-refused-2' });
    expect(tooLarge.status).toBe(413);
    const line = (id: string) => records().find((r) => r.requestId === id && r.service === 'gateway')!;
    expect(line('obs-refused-1')).toMatchObject({ msg: 'graphql request', operationName: 'Personal', status: 401, errorCodes: ['UNAUTHENTICATED'] });
    expect(line('obs-refused-2')).toMatchObject({ msg: 'graphql request', operationName: null, status: 413, errorCodes: ['PAYLOAD_TOO_LARGE'] });
  });

  it('counts requests by operation and outcome, durations by operation and by subgraph, and errors by code at /metrics', async () => {
    const before = await scrape();
    const reader = await testToken([PERSONAL_READ_SCOPE]);
    for (let i = 0; i < 3; i += 1) {
      const ok = await post({ query: `query MetricsCounted { person(nationalCode: "${TAJIK}") { fullName labs { fullName } } }` }, { authorization: `Bearer ${reader}` });
      expect(ok.status).toBe(200);
    }
    const refused = await post({ query: `query MetricsRefused { person(nationalCode: "${TAJIK}") { nationalCode } }` });
    expect(refused.status).toBe(401);
    const allowed = await post({ query: `query MetricsRefused { person(nationalCode: "${TAJIK}") { nationalCode } }` }, { authorization: `Bearer ${reader}` });
    expect(allowed.status).toBe(200);
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta('graphql_requests_total', { operation: 'MetricsCounted', outcome: 'success' })).toBe(3);
    expect(delta('graphql_requests_total', { operation: 'MetricsRefused', outcome: 'error' })).toBe(1);
    expect(delta('graphql_requests_total', { operation: 'MetricsRefused', outcome: 'success' })).toBe(1);
    expect(delta('graphql_request_duration_seconds_count', { operation: 'MetricsCounted' })).toBe(3);
    expect(delta('graphql_request_duration_seconds_sum', { operation: 'MetricsCounted' })).toBeGreaterThan(0);
    // Every bucket of the histogram is there, `+Inf` holding them all.
    expect(delta('graphql_request_duration_seconds_bucket', { operation: 'MetricsCounted', le: '+Inf' })).toBe(3);
    expect(after.filter((s) => s.name === 'graphql_request_duration_seconds_bucket' && s.labels.operation === 'MetricsCounted').length).toBeGreaterThanOrEqual(10);
    expect(delta('graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    // Each of the three queries fetched from labs (its view) and from the directory (fullName).
    expect(delta('graphql_subgraph_fetch_duration_seconds_count', { subgraph: 'labs', outcome: 'success' })).toBeGreaterThanOrEqual(3);
    expect(delta('graphql_subgraph_fetch_duration_seconds_count', { subgraph: 'directory', outcome: 'success' })).toBeGreaterThanOrEqual(3);
    expect(after.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    // The admission gate, idle between requests: none running or held, the limit at least its minimum (8).
    for (const name of ['graphql_requests_running', 'graphql_requests_held']) expect(after.filter((s) => s.name === name).map((s) => s.value)).toEqual([0]);
    expect(sampleValue(after, 'graphql_requests_running_limit', {})).toBeGreaterThanOrEqual(8);
  });

  it("keeps each gateway's metrics apart: a second gateway in the process counts only its own requests", async () => {
    let second: RunningGateway | undefined;
    try {
      second = await secondGateway();
      const fresh = await scrape(second.url);
      expect(sampleValue(fresh, 'graphql_requests_total', { operation: 'MetricsCounted' })).toBe(0);
      await fetch(second.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query OnlySecond { __typename }' }) });
      expect(sampleValue(await scrape(second.url), 'graphql_requests_total', { operation: 'OnlySecond', outcome: 'success' })).toBe(1);
      expect(sampleValue(await scrape(), 'graphql_requests_total', { operation: 'OnlySecond' })).toBe(0);
    } finally {
      await second?.stop();
    }
  });

  it('answers /metrics only to a scraper bearing METRICS_TOKEN when the gateway has one', async () => {
    const token = 'a-scraper-token-for-the-observability-test';
    let guarded: RunningGateway | undefined;
    try {
      guarded = await secondGateway({ observability: observabilitySettingsFromEnvironment({ METRICS_TOKEN: token }) });
      const metricsUrl = guarded.url.replace(/\/graphql$/, '/metrics');
      const without = await fetch(metricsUrl);
      expect(without.status).toBe(401);
      expect(await without.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
      expect((await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}-not` } })).status).toBe(401);
      const bearing = await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}` } });
      expect(bearing.status).toBe(200);
      expect(await bearing.text()).toContain('graphql_requests_total');
    } finally {
      await guarded?.stop();
    }
  });

  describe('query plans for analysts (x-query-plan: true)', () => {
    const QUERY = `query PlanOfPerson { person(nationalCode: "${TAJIK}") { fullName labs { roles { position organisation { name } } } } }`;

    /** The plan's scope, and personal:read for the look-up by national code. */
    const analystToken = () => testToken([QUERY_PLAN_SCOPE, PERSONAL_READ_SCOPE]);

    it('returns the plan in extensions.queryPlan to a caller with query-plan:read, beside the data', async () => {
      const analyst = await analystToken();
      const response = await post({ query: QUERY }, { 'x-query-plan': 'true', authorization: `Bearer ${analyst}` });
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        data?: { person: { fullName: string } };
        errors?: unknown;
        extensions?: { queryPlan?: { text: string; fetches: number; subgraphs: string[] } };
      };
      expect(body.errors).toBeUndefined();
      expect(body.data!.person.fullName).toBe('سعید تاجیک');
      const plan = body.extensions!.queryPlan!;
      expect(plan.text).toMatch(/^QueryPlan \{\n {2}Sequence \{/);
      expect(plan.text).toContain('Fetch(service: "labs")');
      expect(plan.text).toContain('Flatten(path: "person")');
      expect(plan.subgraphs).toEqual(expect.arrayContaining(['directory', 'labs']));
      expect(plan.fetches).toBeGreaterThanOrEqual(plan.subgraphs.length);
      console.log(`[observability] the query plan of PlanOfPerson: ${plan.fetches} fetches from ${plan.subgraphs.join(', ')}; ${plan.text.split('\n').length} lines of text`);
    });

    it("gives no plan without the header, and none through Apollo's experimental header", async () => {
      const authorization = `Bearer ${await analystToken()}`;
      const plain = (await (await post({ query: QUERY }, { authorization })).json()) as { data?: unknown; extensions?: unknown };
      expect(plain.data).toBeDefined();
      expect(plain.extensions).toBeUndefined();
      const apollo = (await (await post({ query: QUERY }, { 'apollo-query-plan-experimental': '1', authorization })).json()) as { extensions?: unknown };
      expect(apollo.extensions).toBeUndefined();
    });

    it('refuses the plan, and runs nothing, for a caller without the scope: 401 anonymous, 403 with other scopes', async () => {
      const calls = Object.values(graph.stores).reduce((sum, store) => sum + store.total, 0);
      const anonymous = await post({ query: QUERY }, { 'x-query-plan': 'true' });
      expect(anonymous.status).toBe(401);
      const reader = await testToken([PERSONAL_READ_SCOPE]);
      const forbidden = await post({ query: QUERY }, { 'x-query-plan': 'true', authorization: `Bearer ${reader}` });
      expect(forbidden.status).toBe(403);
      const body = (await forbidden.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        expect.objectContaining({ message: 'The query plan (x-query-plan) needs the scope query-plan:read', extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
      ]);
      expect(Object.values(graph.stores).reduce((sum, store) => sum + store.total, 0)).toBe(calls);
    });
  });
});
