import { readFileSync } from 'node:fs';

/** What every benchmark gateway entry reads from its command line: `<supergraph file> <port>`. */
export interface GatewayArguments {
  supergraphSdl: string;
  port: number;
  host: string;
}

export function gatewayArguments(argv = process.argv.slice(2)): GatewayArguments {
  const [file, portText] = argv;
  const port = Number(portText);
  if (!file || !Number.isInteger(port) || port <= 0) {
    console.error('usage: <entry>.ts <supergraph.graphql> <port>');
    process.exit(2);
  }
  return { supergraphSdl: readFileSync(file, 'utf8'), port, host: process.env.BENCH_HOST ?? '127.0.0.1' };
}

/**
 * The client's `authorization` header, which every gateway in the benchmark passes on to each
 * subgraph request. Each benchmark request carries a unique value, so no gateway can answer many
 * client requests with one subgraph request (Hive Gateway, for one, deduplicates identical
 * in-flight subgraph requests unless their headers differ).
 */
export interface AuthorizationContext {
  authorization?: string;
}

export function stopOnSignals(stop: () => Promise<void>): void {
  const handler = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}
