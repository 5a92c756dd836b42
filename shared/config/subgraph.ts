import { z } from 'zod';
import { DEFAULT_SOCKET_TIMEOUT_MS } from '../store/mongo-waits';
import { ConfigurationSection } from './read';
import { flag, port, text, variable } from './variables';

/** `SCALE_SIZE` and `npm run seed -- --scale`: a whole number from 1 up (`160000` or `160_000`). */
export const SCALE_SIZE_ACCEPTS = "a whole number from 1 up (what the registry's scale data counts: its members, or its units), e.g. 160000";

/** A scale size as typed, or undefined for anything else. */
export function scaleSizeOf(text: string): number | undefined {
  const trimmed = text.trim();
  const size = /^\d[\d_]*$/.test(trimmed) ? Number(trimmed.replace(/_/g, '')) : NaN;
  return Number.isSafeInteger(size) && size >= 1 ? size : undefined;
}

/**
 * Where a registry subgraph listens and keeps its data: `<KEY>_PORT` and `<KEY>_DB` are named after
 * the registry's key (`LABS_PORT`...); the documentation shows them as `<KEY>_PORT`.
 */
export const subgraphOwnVariables = (key: string, defaultPort: number | undefined) => {
  const upper = key.toUpperCase();
  return {
    port: `${upper}_PORT`,
    database: `${upper}_DB`,
    variables: z.object({
      [`${upper}_PORT`]: port(defaultPort ?? 0, "The port the registry's subgraph listens on.", defaultPort === undefined ? "the registry's own (4001 and up)" : undefined),
      [`${upper}_DB`]: text({ description: "The registry's database name.", default: `registry_${key}` }, `registry_${key}`),
    }),
  };
};

/** What every registry subgraph reads of its server and store, whatever its key. */
export const subgraphServerVariables = z.object({
  HOST: text(
    {
      description:
        'The address to listen on. With SUBGRAPH_TRUST=unsigned (development) the subgraph answers anyone who reaches it as the gateway: it then listens on the loopback address unless HOST says otherwise.',
      default: 'all addresses; 127.0.0.1 when unsigned',
    },
    undefined,
  ),
  MONGODB_URI: text(
    {
      description: `A MongoDB (or FerretDB) server; unset, each subgraph keeps its data in its embedded in-memory store. An operation the server leaves unanswered for ${DEFAULT_SOCKET_TIMEOUT_MS / 1000} s fails as DATABASE_UNAVAILABLE (a write cut off so is rolled back); \`socketTimeoutMS\` in the URI sets another bound.`,
      default: 'the embedded store',
      accepts: 'a mongodb:// URI',
    },
    undefined,
  ),
  SEED_DEMO_DATA: flag(true, 'Loads the demo data into an empty store at start (`false` in production).'),
  SCALE_SIZE: variable({ description: 'Loads the generated scale data of this size instead of the demo data.', accepts: SCALE_SIZE_ACCEPTS }, undefined, scaleSizeOf),
});

export const SUBGRAPH_SERVER_SECTION: ConfigurationSection = {
  title: 'Subgraph server and store',
  readBy: "every subgraph (`<KEY>` is the registry's key in capitals)",
  variables: subgraphOwnVariables('<KEY>', undefined).variables.extend(subgraphServerVariables.shape),
};
