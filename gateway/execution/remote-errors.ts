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

/** The error with its `subgraph` naming the one that sent it, and without `extensions.http`. */
function owned(error: unknown, subgraph: string): unknown {
  if (!misnamed(error, subgraph) && !setsHttp(error)) return error;
  const { http: _http, ...extensions } = (error as AnswerError).extensions!;
  return { ...(error as AnswerError), extensions: misnamed(error, subgraph) ? { ...extensions, subgraph } : extensions };
}

/**
 * A remote subgraph's answer with its errors as the gateway takes them: the first
 * MAX_SUBGRAPH_ERRORS, and one saying how many more there were; each that names a `subgraph` naming
 * the one that sent it, and none setting the client answer's HTTP status (`extensions.http`). A
 * subgraph is run by an association the others do not control, and an error under another
 * registry's name would be read as that registry's. The answer itself when nothing needs changing.
 */
export function remoteAnswerErrors<T extends { errors?: unknown }>(answer: T, subgraph: string): T {
  const { errors } = answer;
  if (!Array.isArray(errors) || (errors.length <= MAX_SUBGRAPH_ERRORS && !errors.some((error) => misnamed(error, subgraph) || setsHttp(error)))) return answer;
  const kept = errors.slice(0, MAX_SUBGRAPH_ERRORS).map((error: unknown) => owned(error, subgraph));
  if (errors.length > MAX_SUBGRAPH_ERRORS) {
    const truncated = message('SUBGRAPH_ERRORS_TRUNCATED', { subgraph, count: errors.length, kept: MAX_SUBGRAPH_ERRORS });
    kept.push({ message: truncated.text, extensions: { code: 'SUBGRAPH_ERRORS_TRUNCATED', subgraph, ...messageExtensions(truncated) } });
  }
  return { ...answer, errors: kept };
}
