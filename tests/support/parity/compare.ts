import type { Exchange } from './gateways';

type Path = (string | number)[];
interface FormattedError {
  path?: Path;
  extensions?: { serviceName?: unknown };
}
interface Answer {
  errors?: FormattedError[];
  data?: unknown;
  extensions?: Record<string, unknown>;
}

/** What the comparison needs to know of the operation and of the fetches made for it. */
export interface ComparisonContext {
  /** Whether the client's operation asks for the field at `path` (its `@skip`/`@include` applied). */
  asked(path: Path): boolean;
  /**
   * Whether the error is a subgraph's error at a field of an entity (`["_entities", i, field]`)
   * that the subgraph answered null: a field of a fetch that failed.
   */
  atFailedEntityField(error: { message?: unknown; path?: Path; extensions?: { serviceName?: unknown } }): boolean;
  /** The `cache-control` an answer without errors gets from the subgraphs the product asked (their least max-age and scope, or `no-store`). */
  cacheControlWithoutErrors(): string;
}

const serviceOf = (error: FormattedError): string => (typeof error.extensions?.serviceName === 'string' ? error.extensions.serviceName : '');

/** Each error's JSON per subgraph that reported it ('' for the gateway's own). */
function bySubgraph(errors: FormattedError[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const error of errors) groups.set(serviceOf(error), [...(groups.get(serviceOf(error)) ?? []), JSON.stringify(error)]);
  return groups;
}

const sameWithinEachSubgraph = (a: FormattedError[], b: FormattedError[]): boolean => {
  const left = bySubgraph(a);
  const right = bySubgraph(b);
  return left.size === right.size && [...left].every(([service, errors]) => JSON.stringify(right.get(service)) === JSON.stringify(errors));
};

const written = (answer: Answer): string => `${JSON.stringify(answer)}\n`;

function withBody(exchange: Exchange, body: string, cacheControl?: string): Exchange {
  return {
    ...exchange,
    body,
    headers: { ...exchange.headers, 'content-length': String(Buffer.byteLength(body)), ...(cacheControl ? { 'cache-control': cacheControl } : {}) },
  };
}

/**
 * What the product's answer must be, byte for byte and header for header, given stock Apollo
 * Gateway's. It is the same, but for two things, each stated here:
 *
 * 1. Errors of different subgraphs may come in another order. Both gateways run the fetches of a
 *    `Parallel` plan node at once and add each fetch's errors when its answer arrives, so that order
 *    follows which subgraph answered first, in stock Apollo Gateway as in the product, from one
 *    request to the next. The errors of one subgraph keep their order.
 * 2. Deliberately (README, "The database, and when things fail": "one error per field asked for,
 *    none for fields the gateway fetched only for itself"), where a field of an entity came back
 *    null with an error and the client did not ask for that field, the error is left out. The
 *    planner fetches such fields for its own use, for another path of the same entity fetch, or even
 *    where `@skip`/`@include` exclude them (it can drop the directive of a fragment it merges);
 *    stock Apollo Gateway reports their errors all the same, at paths absent from its answer. (An
 *    error deeper in the entity is reported by both.) When no error is left, the answer has no
 *    `errors`, and its `cache-control` is what the subgraphs' answers make it (Apollo Server's
 *    cache-control plugin only sets one on an answer without errors).
 */
export function expectedProductAnswer(fromStock: Exchange, fromProduct: Exchange, context: ComparisonContext): Exchange {
  let stock: Answer;
  let product: Answer;
  try {
    stock = JSON.parse(fromStock.body) as Answer;
    product = JSON.parse(fromProduct.body) as Answer;
  } catch {
    return fromStock;
  }
  if (!stock.errors) return fromStock;
  const kept = stock.errors.filter((error) => !error.path || context.asked(error.path) || !context.atFailedEntityField(error));
  if (kept.length > 0) {
    const errors = product.errors && sameWithinEachSubgraph(kept, product.errors) ? product.errors : kept;
    const body = written({ ...stock, errors });
    return body === fromStock.body ? fromStock : withBody(fromStock, body);
  }
  const { errors: _dropped, ...withoutErrors } = stock;
  return withBody(fromStock, written(withoutErrors), context.cacheControlWithoutErrors());
}
