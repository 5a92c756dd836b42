/**
 * How long a client has to send one request, body included, by default: a request the server reads
 * whole (100 KiB at the gateway by default) needs no more, and a client that sends it a byte at a
 * time cannot hold the connection and its buffer for Node's default of 5 minutes.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The most connections a server keeps open at once by default, well under a process's usual limit of open files. */
export const DEFAULT_MAX_CONNECTIONS = 4_096;
