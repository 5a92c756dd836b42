import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { SentOperation } from '../../shared/server/http-server';
import { ServiceLog } from '../../shared/server/log';
import type { GatewayContext } from '../auth';
import { automaticPersistedQueryRefusal, readableOperation } from './apq-checks';
import { readManifest } from './manifest';
import { persistedQueriesPlugin, safelistOutcome, UnregisteredOperation } from './plugin';
import { Safelist } from './safelist';
import { checkPersistedQuerySettings, PersistedQuerySettings } from './settings';

export interface GatewayPersistedQueries {
  /** Goes first among Apollo Server's plugins. */
  plugin: ApolloServerPlugin<GatewayContext>;
  /** `persistedQueries: false` when `APQ=false`; else nothing (Apollo's APQ, on its cache). */
  apolloOptions: { persistedQueries?: false };
  /**
   * For the HTTP layer, before Apollo Server reads the request: the checks of automatic persisted
   * queries (apq-checks.ts) on each operation that reaches them, one the safelist passes on as
   * sent while APQ is on (else the safelist or Apollo Server answer it, each with its own code).
   */
  checkOperation: (operation: SentOperation) => GraphQLFormattedError | undefined;
  /** One line for the start-up log, when there is something to say. */
  description?: string;
}

/**
 * The manifest (read and checked at start: a bad one stops the gateway with the reason) and the
 * safelist plugin; each unregistered operation is logged (`warn`) and passed to `onUnregistered`.
 */
export function gatewayPersistedQueries(settings: PersistedQuerySettings, log: ServiceLog, onUnregistered: (operation: UnregisteredOperation) => void): GatewayPersistedQueries {
  checkPersistedQuerySettings(settings);
  const safelist = settings.manifestFile ? new Safelist(readManifest(settings.manifestFile)) : undefined;
  const safelistOptions = { ...(safelist ? { safelist } : {}), mode: settings.safelist, requireId: settings.requireId };
  const plugin = persistedQueriesPlugin<GatewayContext>({
    ...safelistOptions,
    onUnregistered: (operation) => {
      onUnregistered(operation);
      log.event('warn', operation.refused ? 'refused an operation outside the safelist' : 'served an operation outside the safelist', {
        requestId: operation.requestId,
        operationName: operation.name ?? null,
        ...(operation.id ? { persistedQueryId: operation.id } : {}),
      });
    },
  });
  const checkOperation = (sent: SentOperation): GraphQLFormattedError | undefined => {
    const operation = settings.apq ? readableOperation(sent) : undefined;
    if (!operation?.extensions?.persistedQuery) return undefined;
    const outcome = safelistOutcome(safelistOptions, operation).kind;
    return outcome === 'as sent' || outcome === 'logged' ? automaticPersistedQueryRefusal(operation) : undefined;
  };
  return {
    plugin,
    apolloOptions: settings.apq ? {} : { persistedQueries: false },
    checkOperation,
    ...(safelist
      ? {
          description: `persisted queries: ${safelist.size} registered operations from ${settings.manifestFile}; SAFELIST=${settings.safelist}${settings.requireId ? ', ids only' : ''}${settings.apq ? '' : ', APQ off'}`,
        }
      : settings.apq
        ? {}
        : { description: 'automatic persisted queries are off (APQ=false)' }),
  };
}
