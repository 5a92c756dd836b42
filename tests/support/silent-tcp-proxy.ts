import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';

/**
 * A loopback TCP proxy in front of a MongoDB wire-protocol server that can fall silent: it keeps
 * every connection open and stops forwarding in both directions, as a network partition or a server
 * stuck on a lock would, without the reset a killed server sends. It counts the client's wire
 * messages (each starts with its length), so a test can let exactly `n` more through first.
 */
export interface SilentTcpProxy {
  /** `host:port` to put in a mongodb:// URI. */
  address: string;
  /** The client's messages forwarded so far. */
  readonly forwarded: number;
  /** Forwards `messages` more client messages (and their answers), then nothing until `speak`. */
  silenceAfter(messages: number): void;
  /** Closes every connection and each new one at once, as a server that is down (its port refusing). */
  refuse(): void;
  /** Forwards again, on new connections (those open while silent are closed: what they carried is lost). */
  speak(): void;
  close(): Promise<void>;
}

export async function silentTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<SilentTcpProxy> {
  const state = { forwarded: 0, allowance: Number.POSITIVE_INFINITY, silent: false, refusing: false };
  const pairs = new Set<[Socket, Socket]>();

  const server: Server = createServer((client) => {
    if (state.refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);

    // Client to server, message by message, while the allowance lasts.
    let pending = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (state.silent) return;
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        if (state.allowance <= 0) {
          state.silent = true;
          return;
        }
        const length = pending.readInt32LE(0);
        upstream.write(pending.subarray(0, length));
        pending = pending.subarray(length);
        state.forwarded += 1;
        state.allowance -= 1;
      }
    });
    // Server to client, unless silent: an answer to the last message let through is still delivered.
    upstream.on('data', (chunk: Buffer) => {
      if (!state.silent) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropConnections = () => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };

  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    get forwarded() {
      return state.forwarded;
    },
    silenceAfter(messages) {
      state.allowance = messages;
    },
    refuse() {
      state.refusing = true;
      dropConnections();
    },
    speak() {
      dropConnections();
      state.refusing = false;
      state.silent = false;
      state.allowance = Number.POSITIVE_INFINITY;
    },
    close: async () => {
      dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
