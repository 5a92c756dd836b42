import { DEFAULT_WRITE_LEASE_MS } from './write-journal';

// How long the MongoDB store waits on its server, apart from the driver (which shared/store/mongo-store.ts
// loads): the configuration's descriptions quote these without loading the driver.

/**
 * An operation's longest wait for the server's answer (ms). A server that stops answering without
 * closing the connection (a network partition, a server stuck on a lock) would otherwise hold the
 * operation, and every write queued behind it on the same document, for ever. As long as a write's
 * default lease: a step no answer came for within it is cut off and rolled back like any other.
 */
export const DEFAULT_SOCKET_TIMEOUT_MS = DEFAULT_WRITE_LEASE_MS;

/**
 * How long a client may find no server for any operation before the store makes a new one (ms).
 * After FerretDB was killed and restarted, a client has stayed without a server for minutes (every
 * operation failing server selection with the error of the connection the kill closed) while
 * another client in the same process, on the same server, was served throughout. A new client
 * finds the server at once; while the server is really down, a new one fails as the old did.
 */
export const DEFAULT_CLIENT_REPLACEMENT_MS = DEFAULT_WRITE_LEASE_MS;
