import type { ApolloServerPlugin } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { SentOperation } from '../../shared/server/http-server';
import { ServiceLog } from '../../shared/server/log';
import { currentRequestCaller, currentRequestId } from '../../shared/server/request-id';
import type { GatewayContext } from '../auth';
import { automaticPersistedQueryRefusal, readableOperation } from './apq-checks';
import { cacheKeyDigest } from '../cache/cache-key-digest';
import { CallerPartitionedCache } from './caller-partitioned-cache';
import { readManifest } from './manifest';
import { nameOfOperation, persistedQueriesPlugin, persistedQueryId, safelistOutcome, safelistRefusal, UnregisteredOperation } from './plugin';
import { Safelist } from './safelist';
import { checkPersistedQuerySettings, PersistedQuerySettings } from './settings';
import { keptInCallersPart } from './shared-part';

export interface GatewayPersistedQueries {
  /** Goes first among Apollo Server's plugins. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /**
   * Apollo Server's `persistedQueries`: `false` when `APQ=false`; else APQ on `cache` (Apollo's
   * in-memory one when undefined), kept apart per caller (caller-partitioned-cache.ts); a text that
   * passes free text is not kept in the anonymous callers' shared part, read against `schema`, the
   * API schema served (shared-part.ts).
   */
  apolloOptions(cache: KeyValueCache<string> | undefined, schema: () => GraphQLSchema | undefined): { persistedQueries: false | { cache: KeyValueCache<string> } };
  /**
   * For the HTTP layer, before Apollo Server reads the request: the safelist (an unregistered
   * operation is reported, and under `SAFELIST=enforce` refused: 400 `PERSISTED_QUERY_NOT_IN_LIST`,
   * `QUERY_NOT_IN_SAFELIST` or `PERSISTED_QUERY_ID_REQUIRED`), then the checks of automatic persisted
   * queries (apq-checks.ts) on an operation the safelist passes on as sent while APQ is on.
   */
  checkOperation: (operation: SentOperation) => GraphQLFormattedError | undefined;
  /** The text an operation runs: the registered one its id names, else the one sent (undefined for a hash alone: APQ's cache has it). */
  textOf: (operation: SentOperation) => string | undefined;
  /** One line for the start-up log, when there is something to say. */
  description?: string;
}

/** How long a text registered by its hash is kept (then the client sends it again, as the APQ protocol has it). */
export const APQ_TTL_SECONDS = 24 * 60 * 60;

/**
 * The manifest (read and checked at start: a bad one stops the gateway with the reason), the
 * safelist's check for the HTTP layer and the plugin that serves registered operations by id; each
 * unregistered operation is logged (`warn`) and passed to `onUnregistered`.
 */
export function gatewayPersistedQueries(settings: PersistedQuerySettings, log: ServiceLog, onUnregistered: (operation: UnregisteredOperation) => void): GatewayPersistedQueries {
  checkPersistedQuerySettings(settings);
  const safelist = settings.manifestFile ? new Safelist(readManifest(settings.manifestFile)) : undefined;
  const safelistOptions = { ...(safelist ? { safelist } : {}), mode: settings.safelist, requireId: settings.requireId };
  const plugin = persistedQueriesPlugin<GatewayContext>(safelistOptions);
  const report = (operation: UnregisteredOperation) => {
    onUnregistered(operation);
    log.event('warn', operation.refused ? 'refused an operation outside the safelist' : 'served an operation outside the safelist', {
      requestId: operation.requestId,
      operationName: operation.name ?? null,
      ...(operation.id ? { persistedQueryId: operation.id } : {}),
    });
  };
  const checkOperation = (sent: SentOperation): GraphQLFormattedError | undefined => {
    // Apollo Server refuses an operation it cannot read itself, before the safelist would see it.
    const operation = readableOperation(sent);
    if (!operation) return undefined;
    const outcome = safelistOutcome(safelistOptions, operation);
    if (outcome.kind === 'logged' || outcome.kind === 'refused') {
      const name = nameOfOperation(typeof sent.operationName === 'string' ? sent.operationName : undefined, operation.query);
      const id = persistedQueryId(operation);
      const requestId = currentRequestId();
      report({ ...(name ? { name } : {}), ...(id ? { id } : {}), ...(requestId ? { requestId } : {}), refused: outcome.kind === 'refused' });
      if (outcome.kind === 'refused') return safelistRefusal(outcome.reason, name);
    }
    if (!settings.apq || !operation.extensions?.persistedQuery) return undefined;
    return outcome.kind === 'by id' ? undefined : automaticPersistedQueryRefusal(operation);
  };
  const textOf = (sent: SentOperation): string | undefined => {
    const operation = readableOperation(sent);
    if (!operation) return undefined;
    const outcome = safelistOutcome(safelistOptions, operation);
    return outcome.kind === 'by id' ? outcome.body : operation.query;
  };
  return {
    plugin,
    apolloOptions: (cache, schema) => ({
      persistedQueries: settings.apq
        ? { cache: new CallerPartitionedCache(cache ?? new InMemoryLRUCache<string>(), currentRequestCaller, cacheKeyDigest(), keptInCallersPart(schema)), ttl: APQ_TTL_SECONDS }
        : false,
    }),
    checkOperation,
    textOf,
    ...(safelist
      ? {
          description: `persisted queries: ${safelist.size} registered operations from ${settings.manifestFile}; SAFELIST=${settings.safelist}${settings.requireId ? ', ids only' : ''}${settings.apq ? '' : ', APQ off'}`,
        }
      : settings.apq
        ? {}
        : { description: 'automatic persisted queries are off (APQ=false)' }),
  };
}
