import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { keyFromCursorSecret } from '../graphql/cursor-keys';
import { RegistryKey } from '../registry/keys';

const SALT = 'association-registries-graph webhook secrets v1';
const PREFIX = 'sealed:v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Keeps webhook signing secrets sealed at rest: AES-256-GCM under a key derived with HKDF-SHA256
 * from `CURSOR_SECRET` (another salt and info than the cursors', so neither key tells the other),
 * one per registry, with the subscription's id as associated data (a sealed secret copied onto
 * another subscription does not open). A dump of the database holds `sealed:v1:<base64url>` only.
 */
export class WebhookSecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error(`a webhook secret key has 32 bytes; got ${key.length}`);
  }

  seal(subscriptionId: string, secret: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${PREFIX}${Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The secret, or an error saying it cannot be opened with this server's key. */
  open(subscriptionId: string, sealed: string): string {
    const bytes = sealed.startsWith(PREFIX) ? Buffer.from(sealed.slice(PREFIX.length), 'base64url') : Buffer.alloc(0);
    if (bytes.length <= NONCE_BYTES + TAG_BYTES) throw new Error(`the signing secret of ${subscriptionId} is not a sealed secret`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, NONCE_BYTES));
      decipher.setAAD(Buffer.from(subscriptionId, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(
        `the signing secret of ${subscriptionId} does not open with this server's key: CURSOR_SECRET differs from the one it was sealed under; set that one again, or delete the subscription and make it anew`,
      );
    }
  }
}

/** The box of one registry's webhook secrets, its key derived from `CURSOR_SECRET` (a random one per process when unset). */
export function webhookSecretBoxFor(registry: RegistryKey, env: NodeJS.ProcessEnv = process.env): WebhookSecretBox {
  return new WebhookSecretBox(keyFromCursorSecret(SALT, `webhook secrets of ${registry}`, env));
}
