import { composeServices } from '@apollo/composition';
import { GraphQLError, parse } from 'graphql';
import { ANONYMOUS } from '../shared/auth/caller';
import { Log } from '../shared/server/log';
import { SubgraphEndpoint } from './config';
import { DIRECTORY_SUBGRAPH, directoryTypeDefs } from './directory';
import { CallerSigner } from './trust';

export const LOCAL_DIRECTORY_URL = 'local://directory';

/** Headers that bind one request body to its sender (the caller assertion), given the body. */
export type BodySigner = (body: string) => Record<string, string>;

/** How the gateway signs its own requests to a subgraph (schema, health): as the anonymous caller, for it; nothing without a signer. */
export function gatewayRequestSigner(signer: CallerSigner | undefined, subgraph: string): BodySigner | undefined {
  return signer ? (body) => signer.headers(ANONYMOUS, subgraph, body) : undefined;
}

/** The schema request: the federation `_service { sdl }` query, which a subgraph answers to anyone. */
const SCHEMA_REQUEST_BODY = JSON.stringify({ query: '{ _service { sdl } }' });

/**
 * Asks a running subgraph for its schema (the federation `_service { sdl }` query), its body signed
 * by `sign` when given (the gateway signs all it sends; the operator commands have no key, and need
 * none for this query). A refusal says why, in the subgraph's words.
 */
export async function fetchSubgraphSdl(url: string, timeoutMs = 5_000, sign?: BodySigner): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sign?.(SCHEMA_REQUEST_BODY) },
    body: SCHEMA_REQUEST_BODY,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    const refusal = (await response.json().catch(() => undefined)) as { errors?: { message?: string }[] } | undefined;
    const message = refusal?.errors?.[0]?.message;
    throw new Error(`HTTP ${response.status}${message ? `: ${message}` : ''}`);
  }
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(body.errors?.[0]?.message ?? 'no _service.sdl in the answer');
  return sdl;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fetches every subgraph's schema (as the anonymous caller, signed by `signer`), waiting (and saying so) for the ones not up yet. */
export async function waitForSubgraphSdls(
  subgraphs: SubgraphEndpoint[],
  log: Log,
  timeoutMs: number,
  signer?: CallerSigner,
): Promise<Map<string, string>> {
  const deadline = Date.now() + timeoutMs;
  const sdls = new Map<string, string>();
  for (let attempt = 1; ; attempt += 1) {
    const missing = subgraphs.filter((s) => !sdls.has(s.name));
    const results = await Promise.allSettled(missing.map((s) => fetchSubgraphSdl(s.url, 5_000, gatewayRequestSigner(signer, s.name))));
    results.forEach((result, i) => {
      const subgraph = missing[i]!;
      if (result.status === 'fulfilled') sdls.set(subgraph.name, result.value);
    });
    const stillMissing = subgraphs.filter((s) => !sdls.has(s.name));
    if (stillMissing.length === 0) return sdls;
    if (Date.now() > deadline) {
      const why = (s: SubgraphEndpoint) => {
        const failure = results[missing.indexOf(s)];
        return failure?.status === 'rejected' ? ` (${(failure.reason as Error).message})` : '';
      };
      throw new Error(`gave up after ${timeoutMs} ms waiting for subgraphs: ${stillMissing.map((s) => `${s.name} at ${s.url}${why(s)}`).join(', ')}`);
    }
    if (attempt === 1 || attempt % 10 === 0) {
      log.info(`waiting for subgraphs to come up: ${stillMissing.map((s) => `${s.name} at ${s.url}`).join(', ')}`);
    }
    await sleep(Math.min(200 * attempt, 1_000));
  }
}

/** A subgraph's schema for composition: its name, routing URL and SDL. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

/** Composition refused the subgraphs: every error, with its composition code. */
export class CompositionError extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(`the subgraphs do not compose:\n${errors.map((e) => `- ${describeCompositionError(e)}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

/** One composition error as a line: `[CODE] message`. */
export function describeCompositionError(error: GraphQLError): string {
  const code = error.extensions?.code;
  return `${typeof code === 'string' ? `[${code}] ` : ''}${error.message}`;
}

/**
 * Composes registry subgraphs with the gateway's directory (always part of the supergraph) into
 * one supergraph SDL; throws a CompositionError naming every error when they do not compose.
 */
export function composeWithDirectory(subgraphs: readonly SubgraphSdl[]): string {
  const services = [
    ...subgraphs.filter((s) => s.name !== DIRECTORY_SUBGRAPH).map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })),
    { name: DIRECTORY_SUBGRAPH, url: LOCAL_DIRECTORY_URL, typeDefs: directoryTypeDefs },
  ];
  const result = composeServices(services);
  if (result.errors) throw new CompositionError(result.errors);
  return result.supergraphSdl;
}

/** Composes the registry subgraphs and the gateway's directory into one supergraph SDL. */
export function composeSupergraph(subgraphs: SubgraphEndpoint[], sdls: Map<string, string>): string {
  return composeWithDirectory(subgraphs.map((s) => ({ name: s.name, url: s.url, sdl: sdls.get(s.name)! })));
}
