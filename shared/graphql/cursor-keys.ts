import { hkdfSync, randomBytes } from 'node:crypto';
import { MIN_CURSOR_SECRET_BYTES, readConfiguration, serviceVariables } from '../config';
import { CursorCodec } from './cursor-codec';

/** The variable holding the secret every service derives its own cursor key from. */
export const CURSOR_SECRET_VARIABLE = 'CURSOR_SECRET';
const SALT = 'association-registries-graph list cursors v1';

const cursorSecretVariable = serviceVariables.pick({ CURSOR_SECRET: true });

/** Made once per process, when `CURSOR_SECRET` is unset: cursors then last as long as the process. */
let processSecret: Buffer | undefined;

/** The secret to derive cursor keys from: `CURSOR_SECRET`, or a random one for this process; refuses one too short. */
export function cursorSecret(env: NodeJS.ProcessEnv = process.env): { secret: Buffer; configured: boolean } {
  const raw = readConfiguration(cursorSecretVariable, env).CURSOR_SECRET;
  if (raw === undefined) return { secret: (processSecret ??= randomBytes(32)), configured: false };
  return { secret: Buffer.from(raw, 'utf8'), configured: true };
}

const derivedKeys = new Map<string, Buffer>();

/**
 * A 32-byte key for one use, derived with HKDF-SHA256 from `CURSOR_SECRET` (or this process's random
 * one), `salt` and `info` naming the use, so no two uses share a key and replicas with one secret
 * agree on each. Derived once per secret and use. (A key's salt and info never change: what it sealed
 * or named must still open.)
 */
export function keyFromCursorSecret(salt: string, info: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const { secret } = cursorSecret(env);
  const id = `${salt}\u0000${info}\u0000${secret.toString('base64')}`;
  let key = derivedKeys.get(id);
  if (!key) derivedKeys.set(id, (key = Buffer.from(hkdfSync('sha256', secret, salt, info, 32))));
  return key;
}

/** One codec per key: the derived key is the same object for one secret and service. */
const codecs = new WeakMap<Buffer, CursorCodec>();

/**
 * The codec of one service (`gateway`, `labs`...): its AES key is derived with HKDF-SHA256 from the
 * secret and the service's name, so no two services share a key even with one `CURSOR_SECRET`,
 * and each opens only the cursors it made.
 */
export function cursorCodecFor(service: string, env: NodeJS.ProcessEnv = process.env): CursorCodec {
  const key = keyFromCursorSecret(SALT, `cursors of ${service}`, env);
  let codec = codecs.get(key);
  if (!codec) {
    codec = new CursorCodec(key);
    codecs.set(key, codec);
  }
  return codec;
}

/**
 * Checks `CURSOR_SECRET` at a service's start (throws when too short) and says, once, when it is
 * unset: cursors then do not survive a restart, and replicas cannot open each other's.
 */
export function announceCursorKey(service: string, log: { warn(message: string): void }, env: NodeJS.ProcessEnv = process.env): void {
  if (cursorSecret(env).configured) return;
  log.warn(
    `${CURSOR_SECRET_VARIABLE} is not set: ${service} seals list cursors with a random key made for this process, so the cursors it ` +
      `hands out stop working when it restarts, and replicas cannot open each other's. Set ${CURSOR_SECRET_VARIABLE} ` +
      `(${MIN_CURSOR_SECRET_BYTES} bytes or more), the same for every replica of ${service}`,
  );
}
