import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SupergraphManager, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { Log } from '../shared/server/log';
import { COMPOSITION_STOPPED, composeOffThread, CompositionThreadLimits } from './composition/off-thread';
import { composeSupergraph, composeWithDirectory, CompositionError, directoryPlanOfSupergraph, fetchSubgraphSdl, gatewayRequestSigner, waitForSubgraphSdls } from './compose';
import { readSupergraphConfigEntries, registrySettingsOf, RegistrySettingsByName, SubgraphEndpoint } from './config';
import { DirectoryPlan, DIRECTORY_SUBGRAPH } from './directory';
import { unguardedPersonalFields } from './personal-fields';
import { accessMarksMissing, registryContractMarksMissing } from './supergraph-access-marks';
import { routesOf, withRoutingUrls } from './supergraph-routing';
import { CallerSigner } from './trust';

export interface SupergraphSourceSettings {
  subgraphs: SubgraphEndpoint[];
  /** Which subgraphs are registries, and their names; every subgraph is one when absent. */
  registries?: RegistrySettingsByName;
  /**
   * The supergraph config `subgraphs` and `registries` came from: read again before every
   * recomposition, so an association added to it joins, and one removed leaves, without a restart
   * (an unreadable or invalid file is refused, with the reason, and the last good list kept).
   */
  configFile?: string | undefined;
  /** Where `<NAME>_URL` overrides are read when the config file is read again; the process's environment by default. */
  configEnvironment?: NodeJS.ProcessEnv;
  /**
   * Told what the directory is built for (registries, credential kinds) just before each
   * supergraph is handed to the gateway, so the in-process directory answers for the same
   * registries; undefined for a supergraph without a directory.
   */
  onDirectory?: (plan: DirectoryPlan | undefined) => void;
  /** How long to wait for every subgraph at start when there is no last good supergraph. */
  startupTimeoutMs: number;
  /** How long to wait before starting from the last good supergraph instead. */
  staleStartAfterMs: number;
  /** How often to recompose from the subgraphs' current schemas; 0 never. */
  pollIntervalMs: number;
  /**
   * Where the last good supergraph is kept; none when undefined. Started from, it routes to the
   * URLs of `subgraphs`, not those it was composed with. A failed write is a warning.
   */
  cacheFile?: string;
  /** Signs the schema requests (as the anonymous caller); unsigned when undefined. */
  signer?: CallerSigner | undefined;
  /**
   * Serve the supergraph in this file (what `npm run compose` writes) instead of composing: read at
   * start, then read again every `pollIntervalMs` and swapped in when it changed and is valid.
   */
  supergraphFile?: string | undefined;
  /** How a running gateway's compositions are bounded (gateway/composition/off-thread.ts); COMPOSITION_THREAD_LIMITS by default. */
  compositionLimits?: CompositionThreadLimits;
  /** A `supergraphFile` without the directory is served as it is (a graph of no registries: gateway/from-sdl.ts); refused otherwise. */
  supergraphWithoutRegistries?: boolean;
}

/** A supergraph to serve, and what its directory is built for (none when it has no directory). */
interface Served {
  supergraphSdl: string;
  directory: DirectoryPlan | undefined;
}

/**
 * A digest of everything a composition is made of: the subgraphs (names and URLs, in order), their
 * registry settings and their schemas' texts. Two equal digests compose to the same supergraph, or
 * fail alike.
 */
export function compositionInputs(subgraphs: readonly SubgraphEndpoint[], sdls: ReadonlyMap<string, string>, registries: RegistrySettingsByName): string {
  const hash = createHash('sha256').update(JSON.stringify([subgraphs.map((s) => [s.name, s.url]), registries]));
  for (const subgraph of subgraphs) hash.update(`\0${subgraph.name}\0`).update(sdls.get(subgraph.name) ?? '');
  return hash.digest('base64url');
}

/** Whether `sdl` is a supergraph Apollo Gateway can serve; throws saying why not. */
export function checkSupergraph(sdl: string): void {
  Supergraph.build(supergraphForApolloGateway(sdl));
}

/**
 * Makes again, on the subgraphs a supergraph composed elsewhere holds, the checks `npm run compose`
 * makes (composeWithDirectory: no subgraph declares another registry's types or the types keyed by
 * national code unless it is a registry, none narrows a shared input or takes over a field...);
 * throws CompositionError naming what fails. A supergraph another tool (rover) composed with the
 * directory in it passed none of them: a subgraph that is no registry could declare `Person` and be
 * sent, unscreened, the code of everyone the graph resolves (audit, 2026-12-07). The file's directory
 * part is not one of the subgraphs checked, so the file must also carry every access mark composing
 * them with the gateway's directory gives (supergraph-access-marks.ts).
 */
export function checkSupergraphKeepsRegistriesApart(sdl: string, registries: RegistrySettingsByName): void {
  const subgraphs = Supergraph.build(supergraphForApolloGateway(sdl)).subgraphs().values();
  const composed = composeWithDirectory(
    subgraphs.filter((subgraph) => subgraph.name !== DIRECTORY_SUBGRAPH).map((subgraph) => ({ name: subgraph.name, url: subgraph.url, sdl: subgraph.toString() })),
    registries,
    { personalFieldsOf: [] },
  );
  // The file's own directory part is not among the subgraphs checked: its access marks must be those the directory gives.
  // Nor are the registries' own marks (extraction drops them): those the registry contract gives must be there too.
  const missing = [
    ...accessMarksMissing(composed.supergraphSdl, sdl),
    ...registryContractMarksMissing(
      sdl,
      composed.directory.registries.map((registry) => registry.key),
    ),
  ];
  if (missing.length > 0) throw new CompositionError(missing);
  // Its personal fields as the gateway would serve them: the extracted subgraphs above have lost their marks.
  const unguarded = unguardedPersonalFields(
    supergraphForApolloGateway(sdl),
    [...subgraphs].map((subgraph) => ({ name: subgraph.name, typeDefs: parse(subgraph.toString()) })),
  );
  if (unguarded.length > 0) throw new CompositionError(unguarded);
}

/**
 * The supergraph as Apollo Gateway is given it. Composition marks the `@authenticated` and
 * `@requiresScopes` features `for: SECURITY`, which tells a router that cannot enforce them to
 * refuse the supergraph, and Apollo Gateway does refuse it. Here they are enforced (the gateway's
 * authorization plugin reads them from the composed supergraph, the subgraphs enforce their own
 * fields), so the gateway gets them without that purpose; the directives stay in place.
 */
export function supergraphForApolloGateway(sdl: string): string {
  return sdl.replace(/(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v[\d.]+"(?:, as: "\w+")?), for: SECURITY\)/g, '$1)');
}

/** The subgraphs a look composes and their schemas; `joining`: those left out until they answer. */
interface CompositionPlan {
  subgraphs: SubgraphEndpoint[];
  sdls: ReadonlyMap<string, string>;
  joining: readonly SubgraphEndpoint[];
}

/**
 * The supergraph, composed in the gateway from the subgraphs' own schemas, or read from a file
 * (`supergraphFile`, see below). At start it waits for
 * the subgraphs, or starts from the last good supergraph when one is down; then it recomposes on an
 * interval and hands the gateway any change, which Apollo Gateway swaps in without failing requests
 * in flight. A change that does not compose is refused and the current supergraph kept.
 */
export class ComposedSupergraph implements SupergraphManager {
  private current = '';
  private currentRoutes: SubgraphEndpoint[] = [];
  private currentDirectory: DirectoryPlan | undefined;
  private polling = false;
  private unreachable = '';
  /** File mode: the file's content at the last look ('' when it could not be read). */
  private seenInFile = '';
  /** The subgraphs and registries of the configuration, as last read. */
  private configured: { subgraphs: SubgraphEndpoint[]; registries: RegistrySettingsByName };
  /** The config file's problem at the last look, said once ('' when it was read). */
  private configProblem = '';
  /** A digest of what was last composed (compositionInputs), whether it composed or was refused: the same schemas are not composed again. */
  private lastComposed = '';
  /** Each subgraph's schema as the supergraph served was composed from it (none for one started from the cache or a file). */
  private servedSdls: ReadonlyMap<string, string> = new Map();
  /** The inputs of a composition stopped once (noteRefusal). */
  private stoppedOnce = '';
  /** Set when the gateway stops: a composition still running then is not handed to it. */
  private stopped = false;

  constructor(
    private readonly settings: SupergraphSourceSettings,
    private readonly log: Log,
  ) {
    this.configured = { subgraphs: settings.subgraphs, registries: settings.registries ?? {} };
  }

  /** The subgraphs the configuration lists now, and which are registries (see `configFile`). */
  get configuration(): { readonly subgraphs: readonly SubgraphEndpoint[]; readonly registries: Readonly<RegistrySettingsByName> } {
    return this.configured;
  }

  /** What the directory of the supergraph being served is built for. */
  get directory(): DirectoryPlan | undefined {
    return this.currentDirectory;
  }

  /**
   * Reads the config file again (when there is one): its subgraphs and registries become those
   * the next composition uses. A file that cannot be read or is invalid keeps the last good list,
   * and says why once.
   */
  readConfiguration(): void {
    const file = this.settings.configFile;
    if (!file) return;
    try {
      const entries = readSupergraphConfigEntries(file, this.settings.configEnvironment ?? process.env);
      const next = { subgraphs: entries.map(({ name, url }) => ({ name, url })), registries: registrySettingsOf(entries) };
      const before = this.configured.subgraphs.map((s) => s.name);
      const after = next.subgraphs.map((s) => s.name);
      const added = after.filter((name) => !before.includes(name));
      const removed = before.filter((name) => !after.includes(name));
      if (added.length || removed.length) {
        this.log.info(`${file} changed: ${[added.length ? `adding ${added.join(', ')}` : '', removed.length ? `removing ${removed.join(', ')}` : ''].filter(Boolean).join('; ')}`);
      }
      this.configured = next;
      if (this.configProblem) this.log.info(`${file} reads well again`);
      this.configProblem = '';
    } catch (error) {
      const problem = (error as Error).message;
      if (problem !== this.configProblem) this.log.warn(`cannot use ${file} (${problem}); keeping the subgraphs it listed before`);
      this.configProblem = problem;
    }
  }

  get sdl(): string {
    return this.current;
  }

  /** The registry subgraphs the supergraph being served routes to, and where (none before it is loaded). */
  get routes(): readonly SubgraphEndpoint[] {
    return this.currentRoutes;
  }

  async initialize({ update }: { update: SupergraphSdlUpdateFunction }) {
    if (this.settings.supergraphFile) return this.initializeFromFile(this.settings.supergraphFile, update);
    const cached = this.readCache();
    const { subgraphs, registries } = this.configured;
    try {
      const wait = cached ? this.settings.staleStartAfterMs : this.settings.startupTimeoutMs;
      const sdls = await waitForSubgraphSdls(subgraphs, this.log, wait, this.settings.signer);
      this.lastComposed = compositionInputs(subgraphs, sdls, registries);
      this.serve(composeSupergraph(subgraphs, sdls, registries));
      this.servedSdls = sdls;
      this.writeCache(this.current);
      this.log.info(`composed the supergraph from ${subgraphs.map((s) => s.name).join(', ')} and the directory`);
    } catch (error) {
      if (!cached || !this.keepsRegistriesApart(cached)) throw error;
      this.serve(this.composedEarlier(cached));
      const missing = subgraphs.filter((s) => !this.currentRoutes.some((route) => route.name === s.name)).map((s) => s.name);
      this.log.warn(
        `starting from the last good supergraph in ${this.settings.cacheFile}, routed to the configured URLs: ${(error as Error).message}. ` +
          `Fields of unreachable subgraphs fail until they answer${missing.length ? `; ${missing.join(', ')} join once every subgraph answers` : ''}.`,
      );
    }
    const timer = this.settings.pollIntervalMs > 0 ? setInterval(() => void this.recompose(update), this.settings.pollIntervalMs) : undefined;
    timer?.unref();
    const cleanup = async () => {
      clearInterval(timer);
      this.stopped = true;
    };
    return { supergraphSdl: supergraphForApolloGateway(this.current), cleanup };
  }

  /**
   * One look at the configuration and the subgraphs: a new composition (a subgraph's schema
   * changed, an association was added to or removed from the config file) replaces the current one.
   */
  async recompose(update: SupergraphSdlUpdateFunction): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      this.readConfiguration();
      const { subgraphs, registries } = this.configured;
      const results = await Promise.allSettled(subgraphs.map((s) => fetchSubgraphSdl(s.url, 2_000, gatewayRequestSigner(this.settings.signer, s.name))));
      const fetched = new Map(
        subgraphs.flatMap((s, i) => {
          const result = results[i]!;
          return result.status === 'fulfilled' ? [[s.name, result.value] as const] : [];
        }),
      );
      const down = subgraphs.filter((s) => !fetched.has(s.name)).map((s) => s.name);
      const departed = this.currentRoutes.map((route) => route.name).filter((name) => !subgraphs.some((s) => s.name === name));
      const planned = this.compositionPlan(subgraphs, fetched, departed);
      this.noteUnreachable(down, departed, planned);
      if (!planned) return;
      const { subgraphs: composing, sdls } = planned;
      // Schemas composed already, or refused, are not composed again (a composition costs seconds of CPU).
      const inputs = compositionInputs(composing, sdls, registries);
      if (inputs === this.lastComposed) return;
      // In a thread of its own, so that requests are answered while it runs (gateway/composition/off-thread.ts).
      let composed: CompositionPlan = planned;
      const next = await composeOffThread(composing, sdls, registries, this.settings.compositionLimits).catch(async (error: unknown) => {
        this.noteRefusal(inputs, error);
        // A departure is not held up by another subgraph's refused schema either (until 2026-12-07 a registry
        // still listed, or one joining, could keep a removed one routed, sent every caller's requests, by
        // serving a schema that does not compose): those the graph served are composed as they were served,
        // and one it has not served yet joins once everything composes.
        const served = departed.length > 0 ? this.asServed(subgraphs) : undefined;
        if (!served) throw error;
        composed = served;
        this.log.warn(`the subgraphs' schemas do not compose; composing with the schemas they were served with, to take out ${departed.join(', ')}`);
        return composeOffThread(served.subgraphs, served.sdls, registries, this.settings.compositionLimits);
      });
      this.lastComposed = inputs;
      if (this.stopped || next.supergraphSdl === this.current) return;
      this.swap(next, update);
      this.servedSdls = composed.sdls;
      this.writeCache(next.supergraphSdl);
      this.log.info(`the subgraphs changed: now serving the supergraph of ${composed.subgraphs.map((s) => s.name).join(', ')} and the directory`);
    } catch (error) {
      this.log.error('the subgraphs no longer compose; keeping the current supergraph', error);
    } finally {
      this.polling = false;
    }
  }

  /** Whether `subgraph` is served now, at this URL, from a schema the gateway holds. */
  private servedHere(subgraph: SubgraphEndpoint): boolean {
    return this.servedSdls.has(subgraph.name) && this.currentRoutes.some((route) => route.name === subgraph.name && route.url === subgraph.url);
  }

  /** Those of `subgraphs` served here now, each with the schema it was served with; undefined when none is. */
  private asServed(subgraphs: SubgraphEndpoint[]): CompositionPlan | undefined {
    const served = subgraphs.filter((s) => this.servedHere(s));
    return served.length > 0 ? { subgraphs: served, sdls: new Map(served.map((s) => [s.name, this.servedSdls.get(s.name)!] as const)), joining: [] } : undefined;
  }

  /**
   * What to compose, given the schemas `fetched` of the configured `subgraphs`: all of them when every
   * one answered. While one does not, the current supergraph is kept (undefined), unless the graph
   * still routes to a subgraph the configuration no longer lists (`departed`): then it is taken out
   * even so (until 2026-12-07 one unreachable subgraph kept a removed registry in the graph, sent every
   * caller's requests and its members' codes, for as long as it stayed unreachable), each subgraph that
   * does not answer composed with the schema it was served with, at the URL it was served at, or, not
   * served here yet (added or moved with the departure), left out until it answers.
   */
  private compositionPlan(subgraphs: SubgraphEndpoint[], fetched: ReadonlyMap<string, string>, departed: readonly string[]): CompositionPlan | undefined {
    if (subgraphs.every((s) => fetched.has(s.name))) return { subgraphs, sdls: fetched, joining: [] };
    if (departed.length === 0) return undefined;
    const joining = subgraphs.filter((s) => !fetched.has(s.name) && !this.servedHere(s));
    const composing = subgraphs.filter((s) => !joining.includes(s));
    if (composing.length === 0) return undefined;
    return { subgraphs: composing, sdls: new Map(composing.map((s) => [s.name, fetched.get(s.name) ?? this.servedSdls.get(s.name)!] as const)), joining };
  }

  /** Logs once, while it lasts, which subgraphs do not answer and what is composed meanwhile. */
  private noteUnreachable(down: readonly string[], departed: readonly string[], planned: CompositionPlan | undefined): void {
    const unreachable = down.length ? `${down.join()}|${departed.join()}` : '';
    if (unreachable === this.unreachable) return;
    this.unreachable = unreachable;
    if (!down.length) {
      this.log.info('every subgraph answers again');
      return;
    }
    const leftOut = planned?.joining.length ? `leaving out ${planned.joining.map((s) => s.name).join(', ')} until it answers and ` : '';
    this.log.warn(
      `cannot read the schema of ${down.join(', ')}; ${
        planned
          ? `${leftOut}composing with the schema it was served with, to take out ${departed.join(', ')}`
          : `keeping the current supergraph${departed.length ? `, which still routes to ${departed.join(', ')} until every subgraph answers` : ''}`
      }`,
    );
  }

  /**
   * Remembers inputs that failed to compose, so they are not composed again until they change. A
   * composition stopped (past its time or heap, or its thread failed: COMPOSITION_STOPPED) may have
   * been stopped by the machine's load rather than by the schemas: it is tried once more at the next
   * look, and counted as refused only when stopped again.
   */
  private noteRefusal(inputs: string, error: unknown): void {
    const stopped = error instanceof CompositionError && error.errors.some((e) => e.extensions['code'] === COMPOSITION_STOPPED);
    if (stopped && this.stoppedOnce !== inputs) {
      this.stoppedOnce = inputs;
      return;
    }
    this.lastComposed = inputs;
  }

  /**
   * Hands the gateway a new supergraph. Apollo Gateway plans new requests on it from now on, while
   * the requests in flight finish on the plan and subgraph connections they started with.
   */
  private swap(next: Served, update: SupergraphSdlUpdateFunction): void {
    this.useDirectory(next.directory);
    update(supergraphForApolloGateway(next.supergraphSdl));
    this.serve(next);
  }

  /** A supergraph composed earlier (cached, or from a file), with what its directory was built for. */
  private composedEarlier(sdl: string): Served {
    return { supergraphSdl: sdl, directory: directoryPlanOfSupergraph(sdl, this.configured.subgraphs, this.configured.registries) };
  }

  /** The in-process directory answers for the registries of the supergraph about to be served. */
  private useDirectory(plan: DirectoryPlan | undefined): void {
    if (plan === this.currentDirectory) return;
    this.settings.onDirectory?.(plan);
    this.currentDirectory = plan;
  }

  /** Makes `served` the supergraph being served (its directory too), and its routing URLs those `/ready` asks. */
  private serve(served: Served): void {
    this.useDirectory(served.directory);
    this.current = served.supergraphSdl;
    this.currentRoutes = routesOf(served.supergraphSdl);
  }

  /** File mode: the supergraph from the file, its changes swapped in on every look (see reloadFile). */
  private async initializeFromFile(file: string, update: SupergraphSdlUpdateFunction) {
    const first = this.readSupergraphFile(file);
    checkSupergraph(first);
    this.serve(this.withDirectory(file, first));
    this.seenInFile = first;
    this.log.info(`serving the supergraph in ${file}; changes to it are picked up every ${this.settings.pollIntervalMs} ms`);
    const timer = this.settings.pollIntervalMs > 0 ? setInterval(() => this.reloadFile(update), this.settings.pollIntervalMs) : undefined;
    timer?.unref();
    return { supergraphSdl: supergraphForApolloGateway(first), cleanup: async () => clearInterval(timer) };
  }

  /**
   * File mode, one look at the file: a changed supergraph that Apollo Gateway can serve replaces
   * the current one; an unreadable, empty or invalid file is refused (once, with the reason) and
   * the current supergraph kept. Returns whether it swapped.
   */
  reloadFile(update: SupergraphSdlUpdateFunction): boolean {
    const file = this.settings.supergraphFile;
    if (!file) return false;
    let next: string;
    try {
      next = this.readSupergraphFile(file);
    } catch (error) {
      if (this.seenInFile !== '') this.log.warn(`cannot read ${file} (${(error as Error).message}); keeping the current supergraph`);
      this.seenInFile = '';
      return false;
    }
    if (next === this.seenInFile) return false;
    this.seenInFile = next;
    if (next === this.current) return false;
    try {
      checkSupergraph(next);
      this.swap(this.withDirectory(file, next), update);
    } catch (error) {
      this.log.error(`${file} changed but is not a supergraph the gateway can serve; keeping the current one`, error);
      return false;
    }
    this.log.info(`${file} changed: now serving the new supergraph`);
    return true;
  }

  /**
   * A supergraph file as served: only one `npm run compose` wrote, with the directory and its
   * registries. Without them every registry would be sent everyone's codes and could name anyone (the
   * membership screens and the answer check work from the directory's list of registries), and
   * composition's checks that keep registries apart would not have run (a file composed by rover).
   */
  private withDirectory(file: string, sdl: string): Served {
    const served = this.composedEarlier(sdl);
    if (!served.directory && this.settings.supergraphWithoutRegistries) return served;
    if (!served.directory)
      throw new Error(
        `${file} has no directory subgraph joining registries: write it with \`npm run compose -- --output ${file}\`, which adds the directory and checks that no subgraph reaches into another's data (a supergraph composed by another tool is refused)`,
      );
    // The directory alone does not say `npm run compose` wrote the file: another tool may have composed it with the directory in it.
    try {
      checkSupergraphKeepsRegistriesApart(sdl, this.configured.registries);
    } catch (error) {
      throw new Error(
        `${file} does not keep the registries apart as \`npm run compose\` checks (was it composed by another tool?): ${(error as Error).message}. Write it with \`npm run compose -- --output ${file}\``,
        { cause: error },
      );
    }
    return served;
  }

  private readSupergraphFile(file: string): string {
    const sdl = readFileSync(file, 'utf8');
    if (sdl.trim() === '') throw new Error('the file is empty');
    return sdl;
  }

  /**
   * Whether the last good supergraph passes the checks a composition makes now. It was written by
   * this gateway's composition, but maybe by an earlier version, before a check it now makes: served
   * unchecked, it would stay served while the subgraphs' schemas fail that check (a recomposition
   * that fails keeps the current supergraph). Checked only when it is to be served (about a second).
   */
  private keepsRegistriesApart(cached: string): boolean {
    try {
      checkSupergraphKeepsRegistriesApart(cached, this.configured.registries);
      return true;
    } catch (error) {
      this.log.warn(`not starting from the last good supergraph in ${this.settings.cacheFile}: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * The last good supergraph, routed to the configured URLs; none (with a warning saying why) when
   * it cannot be read, is not a supergraph, or routes to a subgraph the configuration no longer lists.
   */
  private readCache(): string | undefined {
    const file = this.settings.cacheFile;
    if (!file || !existsSync(file)) return undefined;
    try {
      const cached = withRoutingUrls(readFileSync(file, 'utf8'), this.configured.subgraphs);
      checkSupergraph(cached);
      return cached;
    } catch (error) {
      this.log.warn(`not starting from the last good supergraph in ${file}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /**
   * Keeps the supergraph for the next start: written beside, then renamed over the last one, so a
   * reader never sees half a file. A failure (a read-only folder, a full disk) is a warning: the
   * gateway serves on, and only loses the head start.
   */
  private writeCache(sdl: string): void {
    const file = this.settings.cacheFile;
    if (!file) return;
    const partial = `${file}.${process.pid}.partial`;
    let written = false;
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(partial, sdl);
      written = true;
      renameSync(partial, file);
    } catch (error) {
      if (written) rmSync(partial, { force: true });
      this.log.warn(`cannot write the supergraph cache ${file} (${(error as Error).message}); serving on without it. Set SUPERGRAPH_CACHE to a file in a writable folder.`);
    }
  }
}
