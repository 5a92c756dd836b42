import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SupergraphManager, SupergraphSdlUpdateFunction } from '@apollo/gateway';
import { CallerSigner } from '../shared/auth/subgraph-trust';
import { Log } from '../shared/server/log';
import { composeSupergraph, fetchSubgraphSdl, gatewayCallerHeaders, waitForSubgraphSdls } from './compose';
import { SubgraphEndpoint } from './config';

export interface SupergraphSourceSettings {
  subgraphs: SubgraphEndpoint[];
  /** How long to wait for every subgraph at start when there is no last good supergraph. */
  startupTimeoutMs: number;
  /** How long to wait before starting from the last good supergraph instead. */
  staleStartAfterMs: number;
  /** How often to recompose from the subgraphs' current schemas; 0 never. */
  pollIntervalMs: number;
  /** Where the last good supergraph is kept; none when undefined. */
  cacheFile?: string;
  /** Signs the caller header of the schema requests (the anonymous caller); none sent when undefined. */
  signer?: CallerSigner | undefined;
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

/**
 * The supergraph, composed in the gateway from the subgraphs' own schemas. At start it waits for
 * the subgraphs, or starts from the last good supergraph when one is down; then it recomposes on an
 * interval and hands the gateway any change, which Apollo Gateway swaps in without failing requests
 * in flight. A change that does not compose is refused and the current supergraph kept.
 */
export class ComposedSupergraph implements SupergraphManager {
  private current = '';
  private polling = false;
  private unreachable = '';

  constructor(
    private readonly settings: SupergraphSourceSettings,
    private readonly log: Log,
  ) {}

  get sdl(): string {
    return this.current;
  }

  async initialize({ update }: { update: SupergraphSdlUpdateFunction }) {
    const cached = this.readCache();
    try {
      const wait = cached ? this.settings.staleStartAfterMs : this.settings.startupTimeoutMs;
      const sdls = await waitForSubgraphSdls(this.settings.subgraphs, this.log, wait, this.settings.signer);
      this.current = composeSupergraph(this.settings.subgraphs, sdls);
      this.writeCache(this.current);
      this.log.info(`composed the supergraph from ${this.settings.subgraphs.map((s) => s.name).join(', ')} and the directory`);
    } catch (error) {
      if (!cached) throw error;
      this.current = cached;
      this.log.warn(`starting from the last good supergraph in ${this.settings.cacheFile}: ${(error as Error).message}. Fields of unreachable subgraphs fail until they answer.`);
    }
    const timer = this.settings.pollIntervalMs > 0 ? setInterval(() => void this.recompose(update), this.settings.pollIntervalMs) : undefined;
    timer?.unref();
    return { supergraphSdl: supergraphForApolloGateway(this.current), cleanup: async () => clearInterval(timer) };
  }

  /** One look at the subgraphs: a new composition replaces the current one. */
  async recompose(update: SupergraphSdlUpdateFunction): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const results = await Promise.allSettled(
        this.settings.subgraphs.map(async (s) => fetchSubgraphSdl(s.url, 2_000, await gatewayCallerHeaders(this.settings.signer, s.name))),
      );
      const down = this.settings.subgraphs.filter((_, i) => results[i]!.status === 'rejected').map((s) => s.name);
      if (down.join() !== this.unreachable) {
        if (down.length) this.log.warn(`cannot read the schema of ${down.join(', ')}; keeping the current supergraph`);
        else if (this.unreachable) this.log.info('every subgraph answers again');
        this.unreachable = down.join();
      }
      if (down.length) return;
      const sdls = new Map(this.settings.subgraphs.map((s, i) => [s.name, (results[i] as PromiseFulfilledResult<string>).value]));
      const next = composeSupergraph(this.settings.subgraphs, sdls);
      if (next === this.current) return;
      update(supergraphForApolloGateway(next));
      this.current = next;
      this.writeCache(next);
      this.log.info('a subgraph schema changed: now serving the new supergraph');
    } catch (error) {
      this.log.error('the subgraphs no longer compose; keeping the current supergraph', error);
    } finally {
      this.polling = false;
    }
  }

  private readCache(): string | undefined {
    const file = this.settings.cacheFile;
    return file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  }

  private writeCache(sdl: string): void {
    const file = this.settings.cacheFile;
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, sdl);
  }
}
