import { message, messageExtensions } from '../../shared/messages/catalog';

/**
 * The most errors of one subgraph answer the gateway passes on. Each costs the gateway work (an
 * error object, its path in the answer) and the client bytes; an answer of hundreds of thousands,
 * which any subgraph can send within the answer size limit, stalled the gateway for every registry
 * (integrity audit, 2026-12-06).
 */
export const MAX_SUBGRAPH_ERRORS = 1_000;

type AnswerError = { extensions?: Record<string, unknown> } & Record<string, unknown>;

/** Whether an error names a `subgraph` other than the one that sent it. */
const misnamed = (error: unknown, subgraph: string): boolean => {
  const extensions = (error as AnswerError | null)?.extensions;
  return typeof extensions === 'object' && extensions !== null && 'subgraph' in extensions && extensions.subgraph !== subgraph;
};

/**
 * Whether an error carries `extensions.http`, which Apollo Server reads off every error of the
 * client's answer to set that answer's HTTP status: a registry's error with `http: { status: 401 }`
 * made the whole answer, every other registry's part included, a 401 (one a client takes for its
 * session ended), and `204` left the client no body at all (audit, 2026-12-07). The gateway's own
 * errors set it where they mean it; a subgraph's answer is not the client's HTTP head.
 */
const setsHttp = (error: unknown): boolean => {
  const extensions = (error as AnswerError | null)?.extensions;
  return typeof extensions === 'object' && extensions !== null && 'http' in extensions;
};

/**
 * The message parameters that name a registry or a subgraph (`{subgraph}`, `{registry}` in
 * shared/messages): the gateway words an error from its `messageId` and `params` in the caller's
 * language, and a client may word it itself, so a registry's error with `params: { subgraph: 'labs' }`
 * read "Le sous-graphe labs est injoignable" under any `extensions.subgraph` (audit, 2026-12-07).
 */
const NAMING_PARAMS = ['subgraph', 'registry'] as const;

/** Whether an error's message parameters name a registry or subgraph other than the one that sent it. */
const paramsNameAnother = (error: unknown, subgraph: string): boolean => {
  const params = (error as AnswerError | null)?.extensions?.['params'];
  return typeof params === 'object' && params !== null && NAMING_PARAMS.some((name) => name in params && (params as Record<string, unknown>)[name] !== subgraph);
};

/** The parameters with each that names a registry or subgraph naming the one that sent the error. */
function ownedParams(params: Record<string, unknown>, subgraph: string): Record<string, unknown> {
  return { ...params, ...Object.fromEntries(NAMING_PARAMS.filter((name) => name in params).map((name) => [name, subgraph])) };
}

/** Whether the gateway changes an error before passing it on (see `owned`). */
const needsOwning = (error: unknown, subgraph: string): boolean => misnamed(error, subgraph) || setsHttp(error) || paramsNameAnother(error, subgraph);

/** The error with its `subgraph`, and the registry or subgraph its message parameters name, the one that sent it, and without `extensions.http`. */
function owned(error: unknown, subgraph: string): unknown {
  if (!needsOwning(error, subgraph)) return error;
  const { http: _http, ...extensions } = (error as AnswerError).extensions!;
  if (misnamed(error, subgraph)) extensions['subgraph'] = subgraph;
  if (paramsNameAnother(error, subgraph)) extensions['params'] = ownedParams(extensions['params'] as Record<string, unknown>, subgraph);
  return { ...(error as AnswerError), extensions };
}

/**
 * A remote subgraph's answer with its errors as the gateway takes them: the first
 * MAX_SUBGRAPH_ERRORS, and one saying how many more there were; each that names a `subgraph` (or a
 * registry or subgraph in its message parameters) naming the one that sent it, and none setting the client answer's HTTP status (`extensions.http`). A
 * subgraph is run by an association the others do not control, and an error under another
 * registry's name would be read as that registry's. The answer itself when nothing needs changing.
 */
export function remoteAnswerErrors<T extends { errors?: unknown }>(answer: T, subgraph: string): T {
  const { errors } = answer;
  if (!Array.isArray(errors) || (errors.length <= MAX_SUBGRAPH_ERRORS && !errors.some((error) => needsOwning(error, subgraph)))) return answer;
  const kept = errors.slice(0, MAX_SUBGRAPH_ERRORS).map((error: unknown) => owned(error, subgraph));
  if (errors.length > MAX_SUBGRAPH_ERRORS) {
    const truncated = message('SUBGRAPH_ERRORS_TRUNCATED', { subgraph, count: errors.length, kept: MAX_SUBGRAPH_ERRORS });
    kept.push({ message: truncated.text, extensions: { code: 'SUBGRAPH_ERRORS_TRUNCATED', subgraph, ...messageExtensions(truncated) } });
  }
  return { ...answer, errors: kept };
}
