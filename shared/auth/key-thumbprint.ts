import { createHash, JsonWebKey, KeyObject } from 'node:crypto';

/** The members of a public key RFC 7638 hashes, in its order. */
const THUMBPRINT_MEMBERS: Record<string, string[]> = { OKP: ['crv', 'kty', 'x'], EC: ['crv', 'kty', 'x', 'y'] };

/** The key's RFC 7638 thumbprint (SHA-256, base64url): its `kid` unless the key file names one. Replicas sharing a key share it. */
export function thumbprintOf(jwk: JsonWebKey): string {
  const members = THUMBPRINT_MEMBERS[String(jwk.kty)];
  if (!members) throw new Error(`no thumbprint for a key of type ${String(jwk.kty)}`);
  const canonical = `{${members.map((name) => `${JSON.stringify(name)}:${JSON.stringify(jwk[name])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The thumbprint of a public key object (its JWK's). */
export const keyThumbprint = (publicKey: KeyObject): string => thumbprintOf(publicKey.export({ format: 'jwk' }));
