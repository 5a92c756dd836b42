import type { GraphQLRequest } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { SentOperation } from '../../shared/server/http-server';
import { sha256Hex } from './manifest';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The operation as Apollo Server reads it, when Apollo would read it: `query` a string, `operationName`
 * a string, `variables` and `extensions` objects, each or absent. Otherwise undefined: Apollo Server
 * refuses the request itself, before its persisted-query checks, with its own coded error.
 */
export function readableOperation(sent: SentOperation): Pick<GraphQLRequest, 'query' | 'extensions'> | undefined {
  const { query, operationName, variables, extensions } = sent;
  if ((query ?? undefined) !== undefined && typeof query !== 'string') return undefined;
  if ((operationName ?? undefined) !== undefined && typeof operationName !== 'string') return undefined;
  if ((variables ?? undefined) !== undefined && !isRecord(variables)) return undefined;
  if ((extensions ?? undefined) !== undefined && !isRecord(extensions)) return undefined;
  return { ...(typeof query === 'string' ? { query } : {}), ...(isRecord(extensions) ? { extensions } : {}) };
}

const badRequest = (message: string): GraphQLFormattedError => ({ message, extensions: { code: 'BAD_REQUEST' } });

/**
 * Automatic persisted queries' checks of a request that carries `extensions.persistedQuery`, as
 * Apollo Server makes them, made here so that their refusals have a code of their own choosing
 * (Apollo raises both without one): a version other than 1, and a text whose SHA-256 is not the
 * `sha256Hash` sent. The wording is Apollo's, which clients may already know.
 */
export function automaticPersistedQueryRefusal(operation: Pick<GraphQLRequest, 'query' | 'extensions'>): GraphQLFormattedError | undefined {
  const persisted: unknown = operation.extensions?.persistedQuery;
  if (!persisted) return undefined;
  const { version, sha256Hash } = isRecord(persisted) ? persisted : {};
  if (version !== 1) return badRequest('Unsupported persisted query version');
  if (operation.query !== undefined && sha256Hash !== sha256Hex(operation.query)) return badRequest('provided sha does not match query');
  return undefined;
}
