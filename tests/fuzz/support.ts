import fc from 'fast-check';
import { ALL_SCOPES, testToken } from '../support/auth';
import { TestGraph } from '../support/graph';
import { textOf } from '../../shared/text/text-of';

/**
 * Shared by the fuzz suites: sends requests to the gateway over real HTTP, checks what must hold for
 * every answer (no 5xx, a JSON body, every error with `extensions.code`), and keeps the figures
 * each suite prints in one summary line.
 */

/** Every suite runs with a fixed seed and number of runs, so a run is repeatable and bounded. */
export const FUZZ_SEED = 20_260_505;

/**
 * fast-check's parameters for one property: the fixed seed, `numRuns`, and a report that keeps a
 * failure readable (the counterexample cut to 600 characters, since inputs can be 60,000 long).
 */
export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  return {
    seed: FUZZ_SEED,
    numRuns,
    reporter(details) {
      if (!details.failed) return;
      const example = JSON.stringify(details.counterexample) ?? String(details.counterexample);
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(
        `Property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}")\n` +
          `Counterexample: ${example.length > 600 ? `${example.slice(0, 600)}... (${example.length} characters)` : example}\n` +
          `Cause: ${cause.slice(0, 1_000)}`,
      );
    },
  };
}

export interface Answer {
  status: number;
  body: unknown;
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

export class FuzzFigures {
  requests = 0;
  readonly statuses = new Map<number, number>();
  readonly codes = new Map<string, number>();
  /** Requests that wrote something, and how many store writes they made. */
  writingRequests = 0;
  writes = 0;

  constructor(readonly suite: string) {}

  record(answer: Answer): void {
    this.requests += 1;
    this.statuses.set(answer.status, (this.statuses.get(answer.status) ?? 0) + 1);
    for (const error of answer.errors) {
      const code = textOf(error.extensions?.code ?? 'NO CODE');
      this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
    }
  }

  line(): string {
    const sorted = <K extends string | number>(map: Map<K, number>) =>
      [...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
    return (
      `[fuzz] ${this.suite}: ${this.requests} requests; HTTP ${sorted(this.statuses)}; errors by code: ${sorted(this.codes) || 'none'}; ` +
      `written: ${this.writes} store writes by ${this.writingRequests} accepted requests, none by a rejected one`
    );
  }
}

/**
 * A bearer token with every scope (personal data, every registry's writes), so that fuzzed
 * requests reach the limits, validation and resolvers rather than stop at authorization, which
 * tests/integration/authorization.test.ts covers.
 */
export const everyScopeToken = (): Promise<string> => testToken(ALL_SCOPES, { subject: 'fuzz', expiresIn: '1h' });

/** Sends a raw body to the gateway (with `token` as its bearer token, if given) and checks the answer's invariants. */
export async function sendRaw(url: string, body: string, figures: FuzzFigures, contentType = 'application/json', token?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  const errors = Array.isArray(parsed) ? parsed.flatMap((part) => (part as { errors?: Answer['errors'] }).errors ?? []) : ((parsed as { errors?: Answer['errors'] }).errors ?? []);
  const answer: Answer = { status: response.status, body: parsed, errors };
  figures.record(answer);
  if (response.status >= 500) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  const uncoded = errors.find((e) => typeof e.extensions?.code !== 'string');
  if (uncoded) throw new Error(`an error without extensions.code: ${JSON.stringify(uncoded).slice(0, 300)}`);
  // Bad input is the client's mistake and must say so; an internal error means something crashed on it.
  const internal = errors.find((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
  if (internal) throw new Error(`INTERNAL_SERVER_ERROR: ${JSON.stringify(internal).slice(0, 300)}`);
  return answer;
}

export const sendOperation = (url: string, figures: FuzzFigures, query: unknown, variables?: unknown, operationName?: unknown, token?: string) =>
  sendRaw(url, JSON.stringify({ query, variables, operationName }), figures, 'application/json', token);

/** Store writes across the four registries, from the counting stores. */
export const writesIn = (graph: TestGraph): number => Object.values(graph.stores).reduce((sum, store) => sum + store.totalWrites, 0);

/** The gateway and every subgraph still answer. */
export async function expectStillAnswering(graph: TestGraph): Promise<void> {
  const response = await fetch(graph.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"query":"{ labsMembers(first: 1) { totalCount } auditorsMembers(first: 1) { totalCount } engineeringMembers(first: 1) { totalCount } guildsMembers(first: 1) { totalCount } }"}',
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data?: Record<string, { totalCount: number }>; errors?: unknown };
  expect(body.errors).toBeUndefined();
  expect(Object.keys(body.data ?? {})).toHaveLength(4);
}

/** Persian and Arabic letters, Persian and Arabic-Indic digits, joiners and marks. */
/** Persian as people type it: letters (Arabic forms too), digits, the zero-width non-joiner, diacritics, punctuation. */
const PERSIAN = [...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإآءئؤ', ...'۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', '\u200c', '\u064b', '\u0650', '\u0651', '«', '»', '،', '؛', '؟', ' '];
export const persianText = (maxLength = 40) => fc.string({ unit: fc.constantFrom(...PERSIAN), maxLength });

/** Any text: Persian and Arabic, any unicode code point, ASCII, control characters. */
export const anyText = (maxLength = 60) =>
  fc.oneof(
    persianText(maxLength),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: fc.constantFrom('\u0000', '\n', '\t', '"', '\\', '\u2028', '\ufeff', '\ud800', 'a', '1'), maxLength }),
  );

/** A string of 1 to 60 thousand characters, to reach the body limit from inside a value. */
export const hugeText = () => fc.tuple(fc.constantFrom('x', 'ی', '۹', '"', '\\', '😀'), fc.integer({ min: 1_000, max: 60_000 })).map(([c, n]) => c.repeat(n));

/** Any JSON value, with nulls, wrong types, huge strings and nesting. */
export const anyJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: hugeText() },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 2 ** 31, -(2 ** 53), 1e308, 0.5, '', ' ', [], {}) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).map((n) => JSON.parse('{"a":'.repeat(n) + '1' + '}'.repeat(n)) as unknown) },
  );
