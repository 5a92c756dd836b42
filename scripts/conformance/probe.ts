import { Caller } from '../../shared/auth/caller';
import { CALLER_HEADER } from '../../shared/auth/caller-assertion';
import { CallerSigner } from '../../gateway/trust';

/** An answer of the subgraph: the HTTP status and the GraphQL body (when it was JSON). */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** The first error code of an answer, or its status when it has none. */
export const codeOf = (answer: Answer<unknown>): string => (answer.errors?.[0]?.extensions?.code as string | undefined) ?? `HTTP ${answer.status}`;

/** An answer in a few words, for a reason. */
export const said = (answer: Answer<unknown>): string =>
  `HTTP ${answer.status}${
    answer.errors?.length
      ? `, ${answer.errors
          .map((e) => `${(e.extensions?.code as string | undefined) ?? 'error'}: ${e.message}`)
          .join('; ')
          .slice(0, 300)}`
      : ''
  }`;

/** The caller the kit asks as: every scope a reader has (personal codes are the member-code interface's business). */
export const KIT_CALLER: Caller = { authenticated: true, subject: 'registry-conformance-kit', scopes: ['personal:read'] };

/**
 * Talks to the subgraph under test as the gateway does: POSTs of JSON bodies, each signed (when the
 * kit has a key) with a fresh caller assertion for this subgraph and that exact body.
 */
export class Probe {
  constructor(
    readonly url: string,
    readonly key: string,
    readonly signer: CallerSigner | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  /** POSTs `body` as it is, with `headers`. */
  async raw<T>(body: string, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    try {
      const parsed = JSON.parse(text) as Omit<Answer<T>, 'status'>;
      return { status: response.status, ...parsed };
    } catch {
      return { status: response.status, errors: [{ message: `not JSON: ${text.slice(0, 120)}` }] };
    }
  }

  /** GETs a route beside the GraphQL endpoint (`/health`, `/ready`). */
  async route(name: string): Promise<number> {
    const url = new URL(this.url);
    url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + name;
    return (await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) })).status;
  }

  /** The body of an operation. */
  static body(query: string, variables?: Record<string, unknown>): string {
    return JSON.stringify(variables ? { query, variables } : { query });
  }

  /** The caller header the gateway would send with `body` (none without a key). */
  assertion(body: string, audience = this.key, caller: Caller = KIT_CALLER, signer = this.signer): Record<string, string> {
    return signer ? { [CALLER_HEADER]: signer.sign(caller, audience, body) } : {};
  }

  /** An operation with no caller assertion. */
  unsigned<T>(query: string, variables?: Record<string, unknown>): Promise<Answer<T>> {
    return this.raw<T>(Probe.body(query, variables));
  }

  /** An operation as the gateway sends it: signed for this subgraph and this body. */
  signed<T>(query: string, variables?: Record<string, unknown>, caller: Caller = KIT_CALLER): Promise<Answer<T>> {
    const body = Probe.body(query, variables);
    return this.raw<T>(body, this.assertion(body, this.key, caller));
  }

  /** Entities by representation, as the gateway's planner asks for them; `selection` inside `... on <typename>`. */
  entities<T>(representations: Record<string, unknown>[], typename: string, selection: string): Promise<Answer<{ _entities: (T | null)[] }>> {
    return this.signed(`query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`, { representations });
  }
}
