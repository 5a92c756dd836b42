import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewaySigningKeys, generateGatewayKeyPem, keyFileSource } from '../../gateway/trust';

/** Where `npm run conformance -- --new-key <folder>` writes: the kit's private keys, and their public key set for the subgraph. */
export interface NewKeyFiles {
  keyFile: string;
  jwksFile: string;
}

/**
 * Key pairs for the check (Ed25519, X25519): `<folder>/signing-key.pem`, readable by its owner alone,
 * and `<folder>/jwks.json`. A key file already there is written over and made owner-only too:
 * `writeFileSync`'s mode applies only to a file it creates, so until 2026-12-07 a key file left
 * readable by everyone (0644) kept that mode when a new private key was written into it.
 */
export function writeNewKey(folder: string): NewKeyFiles {
  mkdirSync(folder, { recursive: true });
  const keyFile = join(folder, 'signing-key.pem');
  const jwksFile = join(folder, 'jwks.json');
  writeFileSync(keyFile, '', { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(keyFile, generateGatewayKeyPem());
  writeFileSync(jwksFile, JSON.stringify(new GatewaySigningKeys(keyFileSource(keyFile)).jwks(), null, 2));
  return { keyFile, jwksFile };
}
