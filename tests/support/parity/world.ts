import type { SubgraphDefinition } from './subgraph-server';

/** A small federated graph the parity suite runs both gateways on. */
export interface ParityWorld {
  name: string;
  subgraphs: SubgraphDefinition[];
  /** The values operations are generated with for each argument, by `Type.field.argument` (a required argument without values leaves its field out). */
  arguments: Record<string, unknown[]>;
}
