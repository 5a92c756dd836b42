import { composeServices } from '@apollo/composition';
import { DocumentNode, GraphQLError, Kind, parse } from 'graphql';
import { ANONYMOUS } from '../shared/auth/caller';
import { Log } from '../shared/server/log';
import { readAtMost } from '../shared/server/read-at-most';
import { RegistrySettingsByName, SubgraphEndpoint } from './config';
import { declaredCredentialKinds, DIRECTORY_SUBGRAPH, DirectoryPlan, directoryTypeDefs, graphRegistries, registryEnumsOfSupergraph, RegistryList } from './directory';
import { joinGraphNames, routesOf } from './supergraph-routing';
import { unguardedPersonalFields } from './personal-fields';
import { oversizedSchemas } from './schema-size';
import { accessMarksOnShared, foreignTypes, narrowedSharedInputs, supergraphTakeovers, unscreenedPersonTypes } from './subgraph-boundaries';
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

/** The longest schema answer read from a subgraph: the four registries' schemas are about 100 KB each. */
export const MAX_SCHEMA_ANSWER_BYTES = 4 * 1024 * 1024;

const parseOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Asks a running subgraph for its schema (the federation `_service { sdl }` query), its body signed
 * by `sign` when given (the gateway signs all it sends; the operator commands have no key, and need
 * none for this query). A refusal says why, in the subgraph's words. A redirect is refused, not
 * followed: the subgraph is another association's, and its `Location` would have the gateway post
 * to any address it reaches and read the answer as that subgraph's schema (until 2026-12-07 it was
 * followed, as the GraphQL requests, over undici's pool, never were).
 */
export async function fetchSubgraphSdl(url: string, timeoutMs = 5_000, sign?: BodySigner): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sign?.(SCHEMA_REQUEST_BODY) },
    body: SCHEMA_REQUEST_BODY,
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status >= 300 && response.status <= 399) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${response.status}: the subgraph sends its schema query elsewhere, which the gateway does not follow; set its routing URL to where it answers GraphQL`);
  }
  const text = await readAtMost(response, MAX_SCHEMA_ANSWER_BYTES);
  if (!response.ok) {
    const refusal = parseOrUndefined(text) as { errors?: { message?: string }[] } | undefined;
    const message = refusal?.errors?.[0]?.message;
    throw new Error(`HTTP ${response.status}${message ? `: ${message}` : ''}`);
  }
  const body = JSON.parse(text) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(body.errors?.[0]?.message ?? 'no _service.sdl in the answer');
  return sdl;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fetches every subgraph's schema (as the anonymous caller, signed by `signer`), waiting (and saying so) for the ones not up yet. */
export async function waitForSubgraphSdls(subgraphs: SubgraphEndpoint[], log: Log, timeoutMs: number, signer?: CallerSigner): Promise<Map<string, string>> {
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

/** A supergraph composed with the directory, and what the directory was built for. */
export interface Composition {
  supergraphSdl: string;
  directory: DirectoryPlan;
}

/** The GraphQL type fields a document's `type Person` (and its extensions) define. */
function personFieldsOf(document: DocumentNode): Set<string> {
  const fields = new Set<string>();
  for (const definition of document.definitions) {
    if ((definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === 'Person') {
      for (const field of definition.fields ?? []) fields.add(field.name.value);
    }
  }
  return fields;
}

/**
 * A registry whose schema lacks its view of a person (`Person.<key>`, docs/registry-contract.md
 * VIEW-1) would make composition fail with an error about the directory's `@external` field: said
 * first, in the operator's terms.
 */
function registryWithoutViews(name: string): GraphQLError {
  return new GraphQLError(
    `subgraph ${name} is configured as a registry, but its schema has no Person.${name} (registry contract VIEW-1; run npm run conformance against it). ` +
      `Build it with shared/registry/define.ts, or mark it \`registry: false\` in the supergraph config if it is not a registry.`,
    { extensions: { code: 'REGISTRY_CONTRACT' } },
  );
}

/**
 * Composes the subgraphs with the gateway's directory (always part of the supergraph), built for
 * the registries among them (`registries`: which are registries and their names; every subgraph
 * is one when absent) and the credential kinds their schemas declare. Throws a CompositionError
 * naming every error when they do not compose.
 */
/** How composeWithDirectory checks what it composes. */
export interface ComposeChecks {
  /**
   * The subgraphs whose national codes and contacts must ask `personal:read` (personal-fields.ts):
   * every one unless said. The subgraphs extracted from a supergraph file have lost their access
   * marks, so a file is checked on its own SDL instead (supergraph-source.ts), and a schema proposed
   * against a file alone (`npm run check --supergraph`) is checked for its own fields.
   */
  personalFieldsOf?: readonly string[];
}

export function composeWithDirectory(subgraphs: readonly SubgraphSdl[], registries: RegistrySettingsByName = {}, checks: ComposeChecks = {}): Composition {
  const services = subgraphs.filter((s) => s.name !== DIRECTORY_SUBGRAPH).map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) }));
  const oversized = oversizedSchemas(services);
  if (oversized.length > 0) throw new CompositionError(oversized);
  const list = new RegistryList(graphRegistries(services, registries));
  const lacking = services.filter((s) => list.has(s.name) && !personFieldsOf(s.typeDefs).has(s.name));
  if (lacking.length > 0) throw new CompositionError(lacking.map((s) => registryWithoutViews(s.name)));
  if (list.keys.length === 0)
    throw new CompositionError([new GraphQLError('no subgraph is a registry: the directory needs at least one', { extensions: { code: 'REGISTRY_CONTRACT' } })]);
  // Which registry declares which enum is the supergraph's to say: known once composed.
  const directory: Omit<DirectoryPlan, 'registryEnums'> = {
    registries: list.all,
    credentialKinds: declaredCredentialKinds(
      services.filter((s) => list.has(s.name)).map((s) => s.typeDefs),
      list,
    ),
  };
  // One association's subgraph cannot reach into another's part of the graph (docs/registry-contract.md, OWN-1).
  const foreign = [...foreignTypes(services, list.keys), ...unscreenedPersonTypes(services, list.keys)];
  if (foreign.length > 0) throw new CompositionError(foreign);
  const withDirectory = [...services, { name: DIRECTORY_SUBGRAPH, url: LOCAL_DIRECTORY_URL, typeDefs: directoryTypeDefs(directory) }];
  // Composition keeps of a shared input only what every subgraph declares: one subgraph may not narrow it for the others.
  const narrowed = narrowedSharedInputs(withDirectory, DIRECTORY_SUBGRAPH);
  if (narrowed.length > 0) throw new CompositionError(narrowed);
  const result = composeServices(withDirectory);
  if (result.errors) throw new CompositionError(result.errors);
  const takeovers = supergraphTakeovers(result.supergraphSdl, DIRECTORY_SUBGRAPH);
  if (takeovers.length > 0) throw new CompositionError(takeovers);
  // After the takeovers: a field another subgraph declares @external to read it is refused there, not counted here as shared.
  const marked = accessMarksOnShared(withDirectory, DIRECTORY_SUBGRAPH);
  if (marked.length > 0) throw new CompositionError(marked);
  // The gateway enforces the access marks it finds: a national code or a contact without one would be answered to anyone.
  const unguarded = checks.personalFieldsOf?.length === 0 ? [] : unguardedPersonalFields(result.supergraphSdl, withDirectory, checks.personalFieldsOf);
  if (unguarded.length > 0) throw new CompositionError(unguarded);
  return {
    supergraphSdl: result.supergraphSdl,
    directory: { ...directory, registryEnums: registryEnumsOfSupergraph(parse(result.supergraphSdl, { noLocation: true }), list.keys) },
  };
}

/** Composes the subgraphs and the gateway's directory into one supergraph. */
export function composeSupergraph(subgraphs: SubgraphEndpoint[], sdls: Map<string, string>, registries: RegistrySettingsByName = {}): Composition {
  return composeWithDirectory(
    subgraphs.map((s) => ({ name: s.name, url: s.url, sdl: sdls.get(s.name)! })),
    registries,
  );
}

/**
 * What the directory of a supergraph composed earlier (the last good one, a file `npm run compose`
 * wrote) was built for: its registries are the subgraphs that give `Person` a field of their name,
 * in the configuration's order, named as `registries` says; its credential kinds those their
 * `<Key>CredentialKind` enums declare. None when the supergraph has no directory.
 */
export function directoryPlanOfSupergraph(supergraphSdl: string, configured: readonly SubgraphEndpoint[], registries: RegistrySettingsByName = {}): DirectoryPlan | undefined {
  const document = parse(supergraphSdl);
  const graphs = routesOf(supergraphSdl).map((route) => route.name);
  if (!joinGraphNames(supergraphSdl).includes(DIRECTORY_SUBGRAPH)) return undefined;
  const person = personFieldsOf(document);
  const order = (name: string) => {
    const at = configured.findIndex((s) => s.name === name);
    return at < 0 ? configured.length : at;
  };
  const names = graphs.filter((name) => person.has(name) && registries[name] !== false).sort((a, b) => order(a) - order(b));
  if (names.length === 0) return undefined;
  const list = new RegistryList(
    graphRegistries(
      names.map((name) => ({ name })),
      registries,
    ),
  );
  return { registries: list.all, credentialKinds: declaredCredentialKinds([document], list), registryEnums: registryEnumsOfSupergraph(document, list.keys) };
}
