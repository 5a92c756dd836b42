import { GATEWAY_JWKS_PATH } from '../../shared/auth/caller-assertion';
import { z } from 'zod';
import { RETIRED_SECRET_VARIABLE, TRUST_VARIABLE } from '../../shared/auth/subgraph-trust';
import { readConfiguration, text, trustMode, wholeNumber } from '../../shared/config';
import { Log } from '../../shared/server/log';
import { CallerSigner, DEFAULT_ASSERTION_SECONDS } from './caller-signer';
import { GatewaySigningKeys, generateGatewayKeyPem, keyFileSource, keyMaterialSource, KeySource } from './signing-keys';
import { SubgraphKeys, SubgraphRoute } from './subgraph-keys';

export { CallerSigner, DEFAULT_ASSERTION_SECONDS } from './caller-signer';
export { PAIRWISE_SUBJECT_PREFIX } from './pairwise-subjects';
export type { PeerKeys, SignerKeys } from './caller-signer';
export { GatewaySigningKeys, gatewayKeyMaterialOf, generateGatewayKeyPem, generateSigningKeyPem, keyFileSource, keyMaterialSource, signingKeysOf } from './signing-keys';
export type { ActiveSigningKey, GatewayKeyMaterial, KeySource, SigningKey } from './signing-keys';
export { SubgraphKeys, subgraphKeySetUrl, SUBGRAPH_KEY_DEFAULTS } from './subgraph-keys';
export type { SubgraphKeyOptions, SubgraphRoute } from './subgraph-keys';

export const SIGNING_KEY_FILE_VARIABLE = 'GATEWAY_SIGNING_KEY_FILE';
export const SIGNING_KEY_VARIABLE = 'GATEWAY_SIGNING_KEY';
export const ASSERTION_SECONDS_VARIABLE = 'CALLER_ASSERTION_SECONDS';

/** How the gateway signs what it sends the subgraphs. */
export interface CallerSigningSettings {
  /** `unsigned`: no caller assertions at all (development, subgraphs running `SUBGRAPH_TRUST=unsigned`). */
  trust: 'signed' | 'unsigned';
  /** A file of key material (PEM or JWK/JWK Set, see signingKeysOf), read again on SIGHUP. */
  keyFile?: string;
  /** The key material itself. Neither: a key pair made for this run. */
  key?: string;
  /** Where to write the public key set as well (subgraphs sharing a volume read it: their GATEWAY_JWKS_FILE). */
  jwksFile?: string;
  /** How long each assertion is good for, in seconds. */
  lifetimeSeconds: number;
  /** `SUBGRAPH_SIGNING_SECRET` is set, though no longer read: said at start. */
  retiredSecretSet?: boolean;
}

/** How the gateway signs the caller assertions it sends the subgraphs (docs/configuration.md lists them). */
export const callerSigningVariables = z.object({
  SUBGRAPH_TRUST: trustMode('`unsigned`: the gateway sends no caller assertions at all (development, with subgraphs running `SUBGRAPH_TRUST=unsigned`).'),
  GATEWAY_SIGNING_KEY_FILE: text(
    { description: 'A file of the private key material the gateway signs with (PEM, or a JWK / JWK Set), read again on SIGHUP.', accepts: 'a file path' },
    undefined,
  ),
  GATEWAY_SIGNING_KEY: text(
    { description: 'The private key material itself. Neither it nor `GATEWAY_SIGNING_KEY_FILE`: a key pair made for this run.', accepts: 'a PEM key, or a JWK / JWK Set' },
    undefined,
  ),
  GATEWAY_JWKS_FILE: text(
    { description: 'Where the gateway also writes its public key set (subgraphs sharing a volume read it as their `GATEWAY_JWKS_FILE`).', accepts: 'a file path' },
    undefined,
  ),
  CALLER_ASSERTION_SECONDS: wholeNumber(
    { min: 1, unit: 'seconds', description: 'How long each caller assertion is good for.', accepts: 'a whole number of seconds, 1 or more' },
    DEFAULT_ASSERTION_SECONDS,
  ),
  SUBGRAPH_SIGNING_SECRET: text({ description: 'Retired (the old shared HS256 secret): no longer read; the gateway warns when it is set.' }, undefined),
});

/** The signing settings as read; refuses both a key file and a key. */
export function callerSigningSettingsOf(config: ReturnType<typeof callerSigningVariables.parse>): CallerSigningSettings {
  const { GATEWAY_SIGNING_KEY_FILE: keyFile, GATEWAY_SIGNING_KEY: key, GATEWAY_JWKS_FILE: jwksFile } = config;
  if (keyFile && key) throw new Error(`set ${SIGNING_KEY_FILE_VARIABLE} or ${SIGNING_KEY_VARIABLE}, not both`);
  return {
    trust: config.SUBGRAPH_TRUST,
    lifetimeSeconds: config.CALLER_ASSERTION_SECONDS,
    ...(keyFile ? { keyFile } : {}),
    ...(key ? { key } : {}),
    ...(jwksFile ? { jwksFile } : {}),
    ...(config.SUBGRAPH_SIGNING_SECRET ? { retiredSecretSet: true } : {}),
  };
}

/** `SUBGRAPH_TRUST`, `GATEWAY_SIGNING_KEY_FILE` | `GATEWAY_SIGNING_KEY`, `GATEWAY_JWKS_FILE`, `CALLER_ASSERTION_SECONDS`. */
export function callerSigningSettingsFromEnvironment(env: NodeJS.ProcessEnv = process.env): CallerSigningSettings {
  return callerSigningSettingsOf(readConfiguration(callerSigningVariables, env));
}

/** The gateway's signing, as it runs: the signer (none in development mode), its keys, and how to reload them. */
export interface CallerSigning {
  signer?: CallerSigner;
  keys?: GatewaySigningKeys;
  /** The subgraphs' X25519 keys, fetched (none when the gateway holds no X25519 key: every assertion signed). */
  peers?: SubgraphKeys;
  /** Reads the key file again (SIGHUP): logs what signs now, or why the current keys stay. */
  reload(): void;
}

/**
 * Sets up the gateway's signing from its settings, saying at start what it signs with and where its
 * public keys are. With an X25519 key in its material, the assertions to the subgraphs of `routes`
 * that publish one are HS256 (pairwise MAC keys), fetched as `peers`.
 */
export function startCallerSigning(settings: CallerSigningSettings, log: Log, routes: () => readonly SubgraphRoute[] = () => []): CallerSigning {
  if (settings.retiredSecretSet) log.warn(`${RETIRED_SECRET_VARIABLE} is set but no longer read: the gateway signs with its own private key (${SIGNING_KEY_FILE_VARIABLE})`);
  if (settings.trust === 'unsigned') {
    log.warn(
      `${TRUST_VARIABLE}=unsigned: development mode, the gateway sends the subgraphs no caller assertions; only subgraphs in development mode answer it, every caller anonymous`,
    );
    return { reload: () => log.warn('development mode: no signing keys to reload') };
  }
  let source: KeySource;
  if (settings.keyFile) source = keyFileSource(settings.keyFile);
  else if (settings.key) source = keyMaterialSource(settings.key, SIGNING_KEY_VARIABLE);
  else {
    source = keyMaterialSource(generateGatewayKeyPem(), 'key pairs made for this run');
    log.warn(
      `neither ${SIGNING_KEY_FILE_VARIABLE} nor ${SIGNING_KEY_VARIABLE} is set: signing with a key pair made for this run. Subgraphs must fetch its public key set ` +
        `(GATEWAY_JWKS_URL=<this gateway>${GATEWAY_JWKS_PATH}); replicas would each have their own key. Give the gateway a key in production.`,
    );
  }
  const keys = new GatewaySigningKeys(source, settings.jwksFile);
  const peers = new SubgraphKeys(routes, log);
  const signer = new CallerSigner(keys, settings.lifetimeSeconds, peers);
  const published = () =>
    keys
      .jwks()
      .keys.map((key) => key.kid)
      .join(', ');
  log.info(
    `signing caller assertions (${settings.lifetimeSeconds} s each) with key ${keys.signing.kid} (${keys.signing.algorithm}) of ${source.description}; ` +
      `public keys ${published()} at ${GATEWAY_JWKS_PATH}${settings.jwksFile ? ` and in ${settings.jwksFile}` : ''}; ` +
      (keys.agreement
        ? `HS256 (pairwise MAC keys, X25519 key ${keys.agreement.kid}) to the subgraphs that publish an X25519 key`
        : `no X25519 key in ${source.description}: every assertion signed (add one, openssl genpkey -algorithm x25519, for HS256 assertions)`),
  );
  return {
    signer,
    keys,
    peers,
    reload: () => {
      if (!source.reloadable) {
        log.warn(`the signing keys come from ${source.description}, which cannot change while the gateway runs; nothing to reload`);
        return;
      }
      try {
        const { signingKid, changed } = keys.reload();
        log.info(`signing keys read again from ${source.description}${changed ? '' : ' (unchanged)'}: signing with ${signingKid}; public keys ${published()}`);
      } catch (error) {
        log.error(`cannot read the signing keys again; keeping key ${keys.signing.kid}`, error);
      }
    },
  };
}
