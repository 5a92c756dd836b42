import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, GatewayConfig } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import { HttpEndpoint, serveHttp } from '../shared/server/http-server';
import { AdmissionGate, DEFAULT_ADMISSION } from '../shared/server/admission';
import { createLog } from '../shared/server/log';
import { gatewayObservability, observabilitySettingsFromEnvironment } from './observability';
import { madeWithApolloTelemetry } from './observability/apollo-telemetry';
import { gatewayPersistedQueries, persistedQuerySettingsFromEnvironment } from './persisted-queries';
import { GATEWAY_DEFAULTS, GatewaySettings, gatewayVariables, membershipSettingsOf } from './config';
import { readConfiguration } from '../shared/config';
import { dataSourceFactory } from './data-sources';
import { gatewayReadiness } from './readiness';
import { announceCursorKey } from '../shared/graphql/cursor-keys';
import { buildDirectory, Directory } from './directory';
import { DIRECTORY_CURSORS } from './directory/cursors';
import { ComposedSupergraph } from './supergraph-source';
import { gatewayDocumentLimits, limitsApolloOptions, limitsHttpOptions, limitSettingsFromEnvironment } from './limits';
import { authorizationPlugin, guardedFields, createAuthenticator, GatewayContext, privateAnswersPlugin, tokenSettingsFromEnvironment, withAuthorization } from './auth';
import { callerSigningSettingsFromEnvironment, startCallerSigning } from './trust';
import { gatewayRequestSigner } from './compose';
import { GATEWAY_JWKS_PATH } from '../shared/auth/caller-assertion';
import { gatewayCaching, publicOperations } from './cache';
import { playgroundPages } from './playground';
import { answerSharing, forwardingHeaders, planExecutingGateway, productClients, stringifyResult } from './execution';
import { callerIdentity, SubgraphCall, SubgraphReply, SubgraphTransport } from './transport';
import { ANONYMOUS, hasScope, PERSONAL_READ_SCOPE } from '../shared/auth/caller';
import { noteRequestCaller } from '../shared/server/request-id';
import { currentReferenceSchema, referenceCheckPlugin, referenceLookupFor } from './references';
import { RegistryKey } from '../shared/registry/keys';
import { HttpRegistryHelpers, RegistryLinks } from './directory/registry-helpers';
import { KnownPeople, NewCodeAllowances, personScreen, RegistryMembership, SubjectScreen, withResolutionScreen } from './membership';

export interface RunningGateway {
  url: string;
  supergraph: ComposedSupergraph;
  /** Reads the signing key file again (main.ts calls it on SIGHUP): see gateway/trust. */
  reloadSigningKeys(): void;
  stop(drainMs?: number): Promise<void>;
}

/** How the gateway runs, besides its settings (the benchmark's and the tests' choices). */
export interface GatewayRunOptions {
  /**
   * `plan` (the default): Apollo's query planner with this product's executor (gateway/execution);
   * `apollo`: Apollo Gateway's own executor. `settings.executor`, else `GATEWAY_EXECUTOR` in the environment, when absent.
   */
  executor?: 'plan' | 'apollo';
  /** Every caller anonymous, bearer tokens not read (the benchmark, which has no tokens). */
  anonymousCallers?: boolean;
  /** Headers of the client's request passed on, as they are, to every subgraph request (the benchmark's `authorization`). */
  forwardHeaders?: string[];
}

/** The execution settings' variables, for the settings not given in code. */
const readExecutionEnvironment = () =>
  readConfiguration(gatewayVariables.pick({ GATEWAY_EXECUTOR: true, GATEWAY_FETCH_MERGING: true, GATEWAY_OPERATION_SHARING: true, GATEWAY_ADMISSION_MIN_ACTIVE: true }));

/** Composes the supergraph (waiting for the subgraphs, or from the last good one) and serves it at `/graphql`. */
export async function startGateway(settings: GatewaySettings, options: GatewayRunOptions = {}): Promise<RunningGateway> {
  const log = createLog('gateway');
  // Logs, metrics and query plans; persisted queries and the safelist (gateway/observability, gateway/persisted-queries).
  const observability = settings.observability ?? observabilitySettingsFromEnvironment();
  const observed = gatewayObservability(observability, log);
  const persisted = gatewayPersistedQueries(settings.persistedQueries ?? persistedQuerySettingsFromEnvironment(), log, (operation) =>
    observed.metrics.unregisteredOperation(operation.name),
  );
  // The caller assertions sent to the subgraphs, signed with the gateway's own key (gateway/trust).
  // To a subgraph that publishes an X25519 key, HS256 with their pairwise key: fetched from the routes of the supergraph served.
  const served: { supergraph?: ComposedSupergraph } = {};
  const signing = startCallerSigning(settings.callerSigning ?? callerSigningSettingsFromEnvironment(), log, () => served.supergraph?.routes ?? settings.subgraphs);
  const signer = signing.signer;
  announceCursorKey(DIRECTORY_CURSORS, log);
  // The benchmark's anonymous gateway reads no tokens, so it needs no key to verify them.
  const authenticate = options.anonymousCallers ? undefined : createAuthenticator(settings.auth ?? tokenSettingsFromEnvironment(), log);
  const membershipFromEnvironment = () =>
    membershipSettingsOf(
      readConfiguration(gatewayVariables.pick({ MEMBERSHIP_CHECK_MS: true, MEMBERSHIP_MAX_CODES: true, MEMBERSHIP_MAX_NEW_CODES_PER_DAY: true, SUBGRAPH_TIMEOUT_MS: true })),
    );
  // The directory, rebuilt for the registries of each supergraph before the gateway serves it (hot add and removal).
  let directory: Directory | undefined;
  // The registries the directory joins now: what a change may name (gateway/references).
  let registryKeys: readonly RegistryKey[] = [];
  // Who each registry holds, read from each over the transport below: a registry is asked only about
  // its own members (gateway/membership), and the directory intersects these lists itself.
  const helperLinks = { transport: { send: (call: SubgraphCall): Promise<SubgraphReply> => transport.send(call) } };
  const membershipSettings = settings.membership ?? membershipFromEnvironment();
  // One allowance of new codes a day per registry, whichever of its two lists claims them.
  const allowances = new NewCodeAllowances();
  const membership: RegistryMembership = new RegistryMembership(new HttpRegistryHelpers(helperLinks), membershipSettings, log, Date.now, allowances);
  // And who each keeps records of besides its members (committee seats, attendance...): the only registries asked for a person's own record.
  const people = new KnownPeople(
    membership,
    new RegistryMembership(new HttpRegistryHelpers(helperLinks, { list: 'recordHolders' }), membershipSettings, log, Date.now, allowances),
  );
  const supergraph: ComposedSupergraph = new ComposedSupergraph(
    {
      subgraphs: settings.subgraphs,
      ...(settings.registries ? { registries: settings.registries } : {}),
      configFile: settings.supergraphConfigFile,
      onDirectory: (plan) => {
        directory = plan && buildDirectory(plan, directoryLinks);
        registryKeys = plan ? plan.registries.map((r) => r.key) : [];
        people.keepOnly(registryKeys);
        // Once the supergraph that names them is served (its routes are set just after this).
        const warming = registryKeys;
        setImmediate(() => void people.warm(warming));
        if (plan) log.info(`the directory joins ${plan.registries.map((r) => r.key).join(', ')}`);
      },
      startupTimeoutMs: settings.startupTimeoutMs,
      staleStartAfterMs: settings.staleStartAfterMs ?? GATEWAY_DEFAULTS.staleStartAfterMs,
      pollIntervalMs: settings.pollIntervalMs ?? 0,
      ...(settings.supergraphCacheFile ? { cacheFile: settings.supergraphCacheFile } : {}),
      signer,
      supergraphFile: settings.supergraphFile,
      ...(settings.supergraphWithoutRegistries ? { supergraphWithoutRegistries: true } : {}),
    },
    log,
  );
  served.supergraph = supergraph;
  // A registry is sent only its own members' codes, in fetches and in the caller assertion's subject (gateway/membership).
  const joined = () => registryKeys;
  const peopleScreen = personScreen(people, joined, () => supergraph.sdl);
  // The one transport to the subgraphs (gateway/transport): the plan executor's fetches, Apollo Gateway's
  // executor's (through the data sources' fetcher) and the directory's own calls, to where the supergraph served routes.
  const transport = new SubgraphTransport({
    timeouts: { defaultMs: settings.subgraphTimeoutMs ?? GATEWAY_DEFAULTS.subgraphTimeoutMs, bySubgraph: settings.subgraphTimeoutsMs ?? {} },
    maxResponseBytes: settings.subgraphMaxResponseBytes,
    signer,
    observe: observed.observeFetch,
    routes: () => supergraph.routes,
    onRefused: (subgraph) => signing.peers?.forget(subgraph),
    // `me { resolutions }`: a registry that holds no one of the caller's organisations is asked a question that is no one's (resolution-screen.ts).
    screen: withResolutionScreen(joined, signer ? new SubjectScreen(people, signer).around(peopleScreen, joined) : peopleScreen),
  });
  // How the directory reaches the registries itself: through the same transport, and the gateway's lists of who each holds.
  const directoryLinks: RegistryLinks = {
    transport,
    membership,
    people: { keeps: (registry, code) => people.mayName(registry, code) },
    log,
  };
  const gatewayConfig: GatewayConfig = {
    supergraphSdl: supergraph,
    // Query plans only for analysts (x-query-plan, gateway/observability), not Apollo's header for anyone.
    __exposeQueryPlanExperimental: false,
    logger: log.pino,
    experimental_didResolveQueryPlan: observed.didResolveQueryPlan,
    buildService: forwardingHeaders(
      dataSourceFactory(() => directory?.schema, transport, observed.observeFetch),
      options.forwardHeaders ?? [],
    ),
  };
  // Read once, and only when a setting is not given.
  let environment: ReturnType<typeof readExecutionEnvironment> | undefined;
  const fromEnvironment = () => (environment ??= readExecutionEnvironment());
  const executor = options.executor ?? settings.executor ?? fromEnvironment().GATEWAY_EXECUTOR;
  const operationSharing = settings.operationSharing ?? fromEnvironment().GATEWAY_OPERATION_SHARING;
  const admissionMinActive = settings.admissionMinActive ?? fromEnvironment().GATEWAY_ADMISSION_MIN_ACTIVE;
  // Apollo's planner, this product's executor; Apollo Gateway's executor for what it does not run.
  const gateway = madeWithApolloTelemetry(observability.apolloTelemetry, () =>
    executor === 'apollo'
      ? new ApolloGateway(gatewayConfig)
      : planExecutingGateway(gatewayConfig, {
          clientFor: productClients({ transport, observe: observed.observeFetch }),
          onFallback: (reason) => log.debug("operation run by Apollo Gateway's executor", { reason }),
          mergeFetches: settings.fetchMerging ?? fromEnvironment().GATEWAY_FETCH_MERGING,
          shareOperations: operationSharing,
        }),
  );
  const limits = settings.limits ?? limitSettingsFromEnvironment();
  // Caches only when asked (main.ts reads REDIS_URL and RESPONSE_CACHE_TTL_SECONDS): a test's gateway never shares one by accident.
  const guarded = guardedFields(() => supergraph.sdl);
  const caching = gatewayCaching<GatewayContext>(
    settings.cache ?? { responseTtlSeconds: 0 },
    publicOperations(guarded),
    // Who entered a record (Provenance.enteredBy, RecordChange.by, MemberChange.by) is answered to personal:read callers in unguarded fields: their answers are not kept.
    { callerOf: (context) => callerIdentity(context.caller), keepsAnswersFor: (context) => !hasScope(context.caller, PERSONAL_READ_SCOPE) },
    log,
  );
  // The document limits, made once: Apollo Server's part and the HTTP layer's share their caches (gateway/limits).
  const documentLimits = gatewayDocumentLimits(limits);
  const apolloOptions = withAuthorization(limitsApolloOptions(limits, documentLimits), authorizationPlugin(guarded));
  // The API schema Apollo Server serves, for the HTTP layer's document checks.
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate((loaded) => (apiSchema = loaded.apiSchema));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    ...apolloOptions,
    // The playground (gateway/playground) replaces Apollo's landing page, which loads from a CDN.
    plugins: [
      persisted.plugin,
      ...apolloOptions.plugins,
      // What a change names of another registry exists (gateway/references): checked after the caller's scopes.
      referenceCheckPlugin({
        schema: currentReferenceSchema(() => supergraph.sdl),
        guarded,
        registries: () => registryKeys,
        lookupFor: (caller) => referenceLookupFor(directoryLinks, caller),
      }),
      ApolloServerPluginLandingPageDisabled(),
      privateAnswersPlugin(),
      ...caching.plugins,
      ...observed.plugins,
    ],
    ...persisted.apolloOptions(caching.cache, () => apiSchema),
    ...(caching.cache ? { cache: caching.cache } : {}),
    includeStacktraceInErrorResponses: false,
    // Answers whose data the plan executor already wrote as JSON are not serialised again (gateway/execution).
    stringifyResult,
    // Apollo's own warnings and errors as JSON lines in the gateway's log.
    logger: log.pino,
    // runService owns SIGINT and SIGTERM: it drains the requests in flight, then exits 0. Apollo's own
    // handlers (on outside NODE_ENV=test) would stop it at once and kill the process with the signal.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  // The subgraphs' X25519 keys, known before the first client request (a subgraph added later is fetched at its first).
  if (signing.keys?.agreement) await signing.peers?.refreshAll();
  const readiness = gatewayReadiness(
    () => supergraph.routes,
    () => supergraph.sdl.length > 0,
    undefined,
    undefined,
    (name) => gatewayRequestSigner(signer, name),
  );
  const keys = signing.keys;
  const admission = admissionMinActive > 0 ? new AdmissionGate({ ...DEFAULT_ADMISSION, minActive: admissionMinActive }) : undefined;
  if (admission) observed.metrics.watchAdmission(() => admission.state);
  const endpoint: HttpEndpoint = await serveHttp(
    {
      apollo,
      // Body size, batches, CORS and the document limits, with the caller's limits (gateway/limits).
      ...limitsHttpOptions(limits, documentLimits, { schema: () => apiSchema, textOf: persisted.textOf }),
      // The safelist and automatic persisted queries' checks, before Apollo Server reads the request (gateway/persisted-queries).
      checkOperation: persisted.checkOperation,
      // Refusals and input errors in the caller's language (Accept-Language); the codes stay as they are.
      localizeErrors: true,
      // Requests past a few held while the CPU is busy (shared/server/admission.ts).
      ...(admission ? { admission } : {}),
      context: async (request) => {
        const caller = authenticate ? await authenticate(request.headers.authorization) : ANONYMOUS;
        // Automatic persisted queries are kept per caller (gateway/persisted-queries/caller-partitioned-cache.ts).
        noteRequestCaller(callerIdentity(caller));
        return { caller };
      },
      onRequestDone: observed.onRequestDone,
      // Identical queries in flight of the same caller (or anonymous) answered once, before Apollo Server (gateway/execution/shareable-answers.ts).
      ...(operationSharing ? { shareAnswers: answerSharing(persisted.textOf) } : {}),
      ...((settings.playground ?? true) ? { pages: playgroundPages() } : {}),
      routes: {
        ...observed.routes,
        '/health': async () => ({ status: 200, body: { status: 'alive' } }),
        // The public keys the subgraphs check the caller assertions with (none in development mode).
        ...(keys ? { [GATEWAY_JWKS_PATH]: async () => ({ status: 200, body: JSON.stringify(keys.jwks()), contentType: 'application/jwk-set+json' }) } : {}),
        '/ready': async () => {
          const state = await readiness();
          return { status: state.ready ? 200 : 503, body: state };
        },
      },
    },
    settings.port,
    settings.host,
  );
  if (settings.cache?.redisUrl || caching.plugins.length > 0) log.info(`caches: ${caching.description}`);
  if (persisted.description) log.info(persisted.description);
  log.info(`gateway ready at ${endpoint.url}`);
  return {
    url: endpoint.url,
    supergraph,
    reloadSigningKeys: () => signing.reload(),
    /** Stops taking requests, lets those in flight finish (up to `drainMs`), then stops. */
    stop: async (drainMs?: number) => {
      await endpoint.close(drainMs);
      await apollo.stop();
      await transport.close();
      await caching.close();
    },
  };
}
