import { createHash, randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { DocumentNode, GraphQLSchema, OperationDefinitionNode, OperationTypeNode, printSchema } from 'graphql';
import { jsonOfData } from '../execution/serialised-result';
import { passesText } from './typed-text';

/** Whether an operation selects only fields that anyone, anonymous included, may read. */
export type PublicOperationCheck = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => boolean;

export interface ResponseCacheOptions<C extends BaseContext> {
  /** Where responses are kept: the replicas' shared Redis, or this gateway's memory. */
  cache: KeyValueCache<string>;
  /** How long a response is kept, in seconds (more than 0). */
  ttlSeconds: number;
  isPublic: PublicOperationCheck;
  /**
   * Who an answer is for, as part of its key: some unguarded fields answer by who asks (who entered a
   * record, to the registry's admins; small groups, with personal:read), so an answer made for one
   * caller is kept for that caller (anonymous callers are one caller) and never handed to another.
   */
  callerOf: (context: C) => string;
  /**
   * Whether answers made for this caller may be kept at all. A few unguarded fields carry personal
   * data to some callers (who entered a record, a token's subject and possibly a national code, to a
   * registry's admins with `personal:read`): the key hides the caller, but the value is kept as
   * answered, where whoever reads the cache (a Redis operator) reads it. So those callers' answers
   * are never kept; they run every time, as a query selecting a guarded field does.
   */
  keepsAnswersFor: (context: C) => boolean;
  /** Names an entry after its query, variables and caller without revealing them to whoever reads the cache (cache-key-digest.ts). */
  keyDigest: (text: string) => string;
}

/** The key holding the current generation: every mutation the gateway runs sets a new one. */
export const GENERATION_KEY = 'response-cache:generation';
const ENTRY_PREFIX = 'response-cache:entry:';

interface Entry {
  generation: string;
  storedAt: number;
  data: Record<string, unknown>;
}

function readEntry(text: string | undefined): Entry | undefined {
  if (!text) return undefined;
  try {
    const entry = JSON.parse(text) as Partial<Entry>;
    return typeof entry.generation === 'string' && typeof entry.storedAt === 'number' && entry.data && typeof entry.data === 'object' ? (entry as Entry) : undefined;
  } catch {
    return undefined;
  }
}

const schemaDigests = new WeakMap<GraphQLSchema, string>();

/**
 * A digest of the schema a replica serves, in each entry's key: replicas sharing a cache with other
 * supergraphs (a registry removed from one, a roll-out under way) never serve each other's answers,
 * such as a list naming the records of a registry one of them no longer has (audit, 2026-12-07).
 */
function schemaDigest(schema: GraphQLSchema): string {
  let digest = schemaDigests.get(schema);
  if (digest === undefined) {
    digest = createHash('sha256').update(printSchema(schema)).digest('base64url');
    schemaDigests.set(schema, digest);
  }
  return digest;
}

/**
 * Whole responses of public queries, kept for a short time in a cache every replica shares.
 *
 * What is kept: the data of a query (never a mutation) that selects no guarded field (no
 * `@requiresScopes`, no `@authenticated`: nothing personal) and passes no free text (typed-text.ts), when it ran without errors,
 * for a caller whose answers may be kept (`keepsAnswersFor`: not one holding `personal:read`). The key is
 * the schema served (schemaDigest), the document's hash, the operation name, the variables and the caller (`callerOf`: every anonymous
 * caller alike), since a few unguarded fields answer by who asks. A query touching a personal field
 * is never cached, whoever asks: it runs every time.
 *
 * Freshness: an entry lives `ttlSeconds`, and every mutation run through any replica sets a new
 * generation, which makes every entry kept before it stale at once (the generation is read with the
 * entry, in the same round trip). A client that changed something through the gateway reads its
 * change back; a change made around the gateway shows within `ttlSeconds`.
 *
 * A hit answers before the query is planned, with an `age` header (seconds since it was kept); the
 * request limits and the authorization check have run before, as for any request.
 */
export function responseCachePlugin<C extends BaseContext>(options: ResponseCacheOptions<C>): ApolloServerPlugin<C> {
  const { cache, ttlSeconds, isPublic, callerOf, keepsAnswersFor, keyDigest } = options;
  const entryKey = (schema: GraphQLSchema, queryHash: string, operationName: string | null, variables: unknown, caller: string): string =>
    ENTRY_PREFIX + keyDigest(JSON.stringify([schemaDigest(schema), queryHash, operationName, variables ?? {}, caller]));
  return {
    async requestDidStart() {
      let key: string | undefined;
      let generation = 'initial';
      let hit = false;
      let executed = false;
      return {
        async responseForOperation(requestContext) {
          const { operation, document, schema, request } = requestContext;
          if (operation.operation !== OperationTypeNode.QUERY || !isPublic(schema, document, operation) || passesText(schema, document)) return null;
          if (!keepsAnswersFor(requestContext.contextValue)) return null;
          const queryHash = requestContext.queryHash ?? createHash('sha256').update(requestContext.source).digest('hex');
          key = entryKey(schema, queryHash, requestContext.operationName, request.variables, callerOf(requestContext.contextValue));
          // One round trip: the adapter batches the two gets of this tick into one MGET.
          const [current, stored] = await Promise.all([cache.get(GENERATION_KEY), cache.get(key)]);
          generation = current ?? 'initial';
          const entry = readEntry(stored);
          if (!entry || entry.generation !== generation) return null;
          hit = true;
          requestContext.response.http.headers.set('age', String(Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000))));
          return { http: requestContext.response.http, body: { kind: 'single', singleResult: { data: entry.data } } };
        },
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse(requestContext) {
          if (requestContext.operation?.operation === OperationTypeNode.MUTATION) {
            // Only a mutation that ran: one refused before execution changed nothing.
            if (executed) await cache.set(GENERATION_KEY, randomUUID());
            return;
          }
          if (hit || !key || !executed) return;
          const body = requestContext.response.body;
          if (body.kind !== 'single' || body.singleResult.errors?.length || !body.singleResult.data) return;
          // The data's JSON text as the executor wrote it (read through, it would be parsed and written again).
          const entry: Omit<Entry, 'data'> = { generation, storedAt: Date.now() };
          await cache.set(key, `${JSON.stringify(entry).slice(0, -1)},"data":${jsonOfData(body.singleResult.data)}}`, { ttl: ttlSeconds });
        },
      };
    },
  };
}
