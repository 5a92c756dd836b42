import { readFileSync } from 'node:fs';

/** What an audit gateway entry reads from its command line: `<supergraph file> <port> [<health port>]`. */
export interface AuditGatewayArguments {
  supergraphSdl: string;
  port: number;
  /** Where `/health` is served when the GraphQL server cannot serve it (stock Apollo's standalone server). */
  healthPort: number;
}

export function auditGatewayArguments(argv = process.argv.slice(2)): AuditGatewayArguments {
  const [file, portText, healthText] = argv;
  const port = Number(portText);
  const healthPort = healthText === undefined ? port : Number(healthText);
  if (!file || !Number.isInteger(port) || port <= 0 || !Number.isInteger(healthPort) || healthPort <= 0) {
    console.error('usage: <entry>.ts <supergraph.graphql> <port> [<health port>]');
    process.exit(2);
  }
  return { supergraphSdl: readFileSync(file, 'utf8'), port, healthPort };
}
