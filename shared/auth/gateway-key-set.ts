import { readFileSync, statSync } from 'node:fs';
import { GatewayPublicKey, GatewayPublicKeys, gatewayPublicKeysOf } from './gateway-keys';
import { AgreementKey } from './pairwise-mac';
import { jsonAtMost } from '../server/read-at-most';

/**
 * Where a subgraph finds the gateway's public keys: a key set fetched from the gateway
 * (`GATEWAY_JWKS_URL`), read from a file (`GATEWAY_JWKS_FILE`) or given inline (`GATEWAY_JWKS`).
 * Each looks again when an assertion names a key it does not know (the gateway has rotated to a
 * new one), as far as its source allows.
 */
export interface GatewayKeySet {
  /** The key named `kid`, or undefined when the set has none. */
  keyFor(kid: string): GatewayPublicKey | undefined | Promise<GatewayPublicKey | undefined>;
  /** The gateway's X25519 key named `kid` (HS256 assertions), or undefined when the set has none. */
  agreementKeyFor(kid: string): AgreementKey | undefined | Promise<AgreementKey | undefined>;
  /** Where the keys come from, for messages: `GATEWAY_JWKS_URL (https://...)`. */
  readonly source: string;
}

/** The gateway's key set cannot be had at all (never fetched, unreachable): the subgraph cannot check anyone. */
export class KeySetUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeySetUnavailableError';
  }
}

type KeyPick<K> = (keys: GatewayPublicKeys) => K | undefined;
const signingKey =
  (kid: string): KeyPick<GatewayPublicKey> =>
  (keys) =>
    keys.signing.get(kid);
const agreementKey =
  (kid: string): KeyPick<AgreementKey> =>
  (keys) =>
    keys.agreement.get(kid);

/** A key set given as it is (`GATEWAY_JWKS`, tests). */
export class StaticKeySet implements GatewayKeySet {
  private readonly keys: GatewayPublicKeys;

  constructor(
    json: unknown,
    readonly source = 'GATEWAY_JWKS',
  ) {
    this.keys = gatewayPublicKeysOf(json, source);
  }

  keyFor(kid: string): GatewayPublicKey | undefined {
    return this.keys.signing.get(kid);
  }

  agreementKeyFor(kid: string): AgreementKey | undefined {
    return this.keys.agreement.get(kid);
  }
}

/** How often a key set file is looked at again while the keys asked for are known: a key removed from it stops working this soon. */
export const KEY_FILE_RECHECK_MS = 5_000;

/**
 * A key set in a file (`GATEWAY_JWKS_FILE`), read at start; read again when it has changed, looked
 * at when an assertion names an unknown key (a new key published beside the old) and at least every
 * `recheckMs` (a key removed after a rotation, or after it leaked, stops working within that). A
 * file that turns unreadable or invalid keeps the keys read last.
 */
export class FileKeySet implements GatewayKeySet {
  private keys: GatewayPublicKeys;
  private version: string;
  private checkedAt: number;
  readonly source: string;

  constructor(
    private readonly file: string,
    private readonly recheckMs = KEY_FILE_RECHECK_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.source = `GATEWAY_JWKS_FILE (${file})`;
    this.version = this.versionOfFile();
    this.keys = this.read();
    this.checkedAt = this.now();
  }

  keyFor(kid: string): GatewayPublicKey | undefined {
    return this.find(signingKey(kid));
  }

  agreementKeyFor(kid: string): AgreementKey | undefined {
    return this.find(agreementKey(kid));
  }

  private find<K>(pick: KeyPick<K>): K | undefined {
    const now = this.now();
    if (pick(this.keys) === undefined || now - this.checkedAt >= this.recheckMs) {
      this.checkedAt = now;
      try {
        const version = this.versionOfFile();
        if (version !== this.version) {
          this.keys = this.read();
          this.version = version;
        }
      } catch {
        // Unreadable or invalid for now: the keys read last stay in use.
      }
    }
    return pick(this.keys);
  }

  private versionOfFile(): string {
    const stat = statSync(this.file);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  }

  private read(): GatewayPublicKeys {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw new Error(`${this.source} cannot be read as JSON: ${(error as Error).message}`, { cause: error });
    }
    return gatewayPublicKeysOf(json, this.source);
  }
}

export interface RemoteKeySetOptions {
  /** How long a fetched set is used before it is fetched again (before the next assertion is checked; the old set serves while the gateway cannot be reached). */
  cacheMs: number;
  /** The oldest a set may be and still serve while the gateway cannot be reached: past it, nothing is checked until a fetch succeeds. */
  maxAgeMs: number;
  /** After a fetch, how long an unknown `kid` waits before it may cause another. */
  cooldownMs: number;
  /** How long one fetch may take. */
  timeoutMs: number;
}

export const REMOTE_KEY_SET_DEFAULTS: RemoteKeySetOptions = { cacheMs: 300_000, maxAgeMs: 600_000, cooldownMs: 5_000, timeoutMs: 5_000 };

/**
 * The gateway's key set fetched from its URL (`GATEWAY_JWKS_URL`). Fetched when the first
 * assertion arrives (not at start: the gateway, which asks the subgraphs for their schemas before
 * it serves anything, may not be up yet) and whenever none is held; fetched again before the first
 * assertion checked after `cacheMs` (so a key the gateway removed stops working then), and at once
 * when an assertion names an unknown key (at most once per `cooldownMs`, so forged key ids cannot
 * make it fetch in a loop). A failed fetch keeps the set held up to `maxAgeMs`, so a gateway that is
 * briefly unreachable does not stop its replicas' requests, but a removed key does not live on for
 * as long as the gateway cannot be reached.
 */
export class RemoteKeySet implements GatewayKeySet {
  private keys: GatewayPublicKeys | undefined;
  private fetchedAt = 0;
  private attemptedAt = 0;
  private pending: Promise<void> | undefined;
  private lastFailure: string | undefined;
  private reportedFailure: string | undefined;
  readonly source: string;

  constructor(
    private readonly url: string,
    private readonly options: RemoteKeySetOptions = REMOTE_KEY_SET_DEFAULTS,
    private readonly onRefreshFailed: (message: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.source = `GATEWAY_JWKS_URL (${url})`;
  }

  keyFor(kid: string): Promise<GatewayPublicKey | undefined> {
    return this.find(signingKey(kid));
  }

  agreementKeyFor(kid: string): Promise<AgreementKey | undefined> {
    return this.find(agreementKey(kid));
  }

  private async find<K>(pick: KeyPick<K>): Promise<K | undefined> {
    if (!this.keys) {
      await this.refresh();
      if (!this.keys) throw new KeySetUnavailableError(`the gateway's key set cannot be fetched from ${this.url}: ${this.lastFailure ?? 'no answer'}`);
    } else if (this.now() - this.fetchedAt > this.options.cacheMs) {
      await this.refresh().catch(() => undefined);
      const age = this.now() - this.fetchedAt;
      if (age > this.options.maxAgeMs) {
        throw new KeySetUnavailableError(
          `the gateway's key set was last fetched from ${this.url} ${Math.round(age / 1000)} s ago, longer than the ${this.options.maxAgeMs / 1000} s a set may serve: ${this.lastFailure ?? 'no answer'}`,
        );
      }
    }
    const known = pick(this.keys);
    if (known || this.now() - this.attemptedAt < this.options.cooldownMs) return known;
    await this.refresh().catch(() => undefined);
    return pick(this.keys);
  }

  /** One fetch at a time; callers arriving meanwhile wait for the same one. */
  private refresh(): Promise<void> {
    this.pending ??= this.fetchKeys().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchKeys(): Promise<void> {
    this.attemptedAt = this.now();
    try {
      const response = await fetch(this.url, {
        headers: { accept: 'application/jwk-set+json, application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      this.keys = gatewayPublicKeysOf(await jsonAtMost(response), this.source);
      this.fetchedAt = this.now();
      this.lastFailure = undefined;
      this.reportedFailure = undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.lastFailure = message;
      if (message !== this.reportedFailure) {
        this.reportedFailure = message;
        this.onRefreshFailed(`cannot fetch the gateway's key set from ${this.url} (${message})${this.keys ? '; keeping the keys fetched before' : ''}`);
      }
      throw error;
    }
  }
}
