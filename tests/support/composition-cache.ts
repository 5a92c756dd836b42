import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompositionResult, CompositionSuccess, composeServices } from '@apollo/composition';
import { print } from 'graphql';
import { DIRECTORY_SUBGRAPH } from '../../gateway/directory';
import { withRoutingUrls } from '../../gateway/supergraph-routing';

/**
 * Composition, remembered for the test run. Most suites start the same four subgraphs, each time
 * on new ports, and composing them took about half of a gateway's start. The first composition
 * of a set of schemas is Apollo's own; the same schemas composed again, in this test file or
 * another of the run (jest's global setup names a folder in TEST_COMPOSITION_CACHE_DIR), give the
 * supergraph composed then, routed to the URLs given now (as the gateway's own supergraph cache
 * does). Failures, options and services without a URL are always composed afresh, as are the
 * `schema` and `hints` of a remembered supergraph when a caller reads them.
 */

type ComposeServices = typeof composeServices;
type ServiceDefinition = Parameters<ComposeServices>[0][number];

/**
 * What the supergraph depends on besides the URLs the remembered one is routed to afresh: each
 * service's name and schema text, in order (and the directory's URL, which is not routed afresh).
 */
function keyOf(services: readonly ServiceDefinition[]): string {
  const hash = createHash('sha256');
  for (const service of services) {
    const url = service.name === DIRECTORY_SUBGRAPH ? service.url : '';
    hash.update(`${service.name}\n${url}\n${service.typeDefs.loc?.source.body ?? print(service.typeDefs)}\n\0`);
  }
  return hash.digest('hex');
}

function readRemembered(memory: Map<string, string>, directory: string | undefined, key: string): string | undefined {
  const remembered = memory.get(key);
  if (remembered !== undefined || !directory) return remembered;
  try {
    return readFileSync(join(directory, `${key}.graphql`), 'utf8');
  } catch {
    return undefined;
  }
}

/** Written beside, then renamed: a worker reading it never sees half a supergraph. */
function remember(memory: Map<string, string>, directory: string | undefined, key: string, supergraphSdl: string): void {
  memory.set(key, supergraphSdl);
  if (!directory) return;
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${key}.graphql`);
  writeFileSync(`${file}.${process.pid}`, supergraphSdl);
  renameSync(`${file}.${process.pid}`, file);
}

/** `compose`, remembering what it composed in memory and in `directory` (when given). */
export function rememberingComposition(compose: ComposeServices, directory: string | undefined): ComposeServices {
  const memory = new Map<string, string>();
  return (services, options) => {
    if (options !== undefined || services.some((service) => !service.url)) return compose(services, options);
    const key = keyOf(services);
    const remembered = readRemembered(memory, directory, key);
    if (remembered === undefined) {
      const result = compose(services, options);
      if (!result.errors) remember(memory, directory, key, result.supergraphSdl);
      return result;
    }
    let composed: CompositionResult | undefined;
    const composedAfresh = () => (composed ??= compose(services, options)) as CompositionSuccess;
    const success: CompositionSuccess = {
      supergraphSdl: withRoutingUrls(
        remembered,
        services.map((service) => ({ name: service.name, url: service.url! })),
      ),
      get schema() {
        return composedAfresh().schema;
      },
      get hints() {
        return composedAfresh().hints;
      },
    };
    return success;
  };
}
