import { MacKey } from '../../shared/auth/mac-key';
import { keyFromCursorSecret } from '../../shared/graphql/cursor-keys';

const SALT = 'association-registries-graph cache keys v1';

/**
 * The digest that names a cache entry after who asked and what (a caller's subject and scopes, an
 * operation's variables): HMAC-SHA256 under a key derived from `CURSOR_SECRET`, so that
 * whoever reads the cache (a Redis dump) cannot test a guess, such as a national code as a token's
 * subject, against its keys. Replicas that share a cache share the secret, as they must for cursors;
 * without one, each process has its own key and finds only its own entries.
 */
export function cacheKeyDigest(env: NodeJS.ProcessEnv = process.env): (text: string) => string {
  const key = new MacKey(keyFromCursorSecret(SALT, 'gateway cache keys', env));
  return (text) => key.mac(text).toString('base64url');
}
