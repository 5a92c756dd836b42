import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayRunOptions, RunningGateway, startGateway } from './gateway';
import { GatewaySettings } from './config';

export interface GatewayFromSdlOptions extends GatewayRunOptions {
  /** A composed supergraph (its subgraphs' routing URLs inside). */
  supergraphSdl: string;
  port: number;
  host?: string;
  /** Settings to set besides the defaults (limits, auth, observability... are read from the environment as `npm start` does). */
  settings?: Partial<GatewaySettings>;
}

/**
 * The product's gateway, as `startGateway` runs it (HTTP layer, limits, authorization plugin,
 * observability, plan executor), over a given supergraph SDL instead of composing one from the
 * registries: no registries config, no directory unless the supergraph has one. The benchmark's
 * gateway (b), bench/gateways/product.ts.
 */
export async function startGatewayFromSdl(options: GatewayFromSdlOptions): Promise<RunningGateway> {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-sdl-'));
  const supergraphFile = join(folder, 'supergraph.graphql');
  writeFileSync(supergraphFile, options.supergraphSdl);
  const { supergraphSdl: _sdl, port, host, settings, ...runOptions } = options;
  try {
    const running = await startGateway(
      {
        port,
        ...(host ? { host } : {}),
        subgraphs: [],
        startupTimeoutMs: 30_000,
        pollIntervalMs: 0,
        supergraphFile,
        // A graph of no registries is served as given; one with the directory is checked as any supergraph file.
        supergraphWithoutRegistries: true,
        playground: false,
        ...settings,
      },
      runOptions,
    );
    return {
      ...running,
      stop: async (drainMs?: number) => {
        await running.stop(drainMs);
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
