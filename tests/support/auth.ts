import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, mintToken } from '../../gateway/auth/tokens';
import { CallerSigner, GatewaySigningKeys, generateSigningKeyPem, keyMaterialSource } from '../../gateway/trust';
import { adminScopeOf, ANONYMOUS, Caller, PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { DemoRegistryKey } from '../../shared/demo/scale';

/** The secret of the in-process test graph's bearer tokens (AUTH_SECRET). */
export const TEST_AUTH_SECRET = 'test-auth-secret-for-the-in-process-graph-only';
/** The test graph's gateway signing key (GATEWAY_SIGNING_KEY), made for this test process, and its public key set (the subgraphs' GATEWAY_JWKS). */
export const TEST_SIGNING_KEY = generateSigningKeyPem();
export const TEST_SIGNING_KEYS = new GatewaySigningKeys(keyMaterialSource(TEST_SIGNING_KEY, 'the test signing key'));
export const TEST_JWKS = JSON.stringify(TEST_SIGNING_KEYS.jwks());
/** Signs as the test graph's gateway does. */
export const TEST_SIGNER = new CallerSigner(TEST_SIGNING_KEYS);

/** Settings that would change what the tests see if the shell had them. */
const SHELL_SETTINGS = [
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'SUBGRAPH_TRUST',
  'SUBGRAPH_SIGNING_SECRET',
  'GATEWAY_SIGNING_KEY_FILE',
  'GATEWAY_JWKS_URL',
  'GATEWAY_JWKS_FILE',
  'SUBGRAPH_X25519_KEY',
  'SUBGRAPH_X25519_KEY_FILE',
  'CALLER_ASSERTION_SECONDS',
  'CALLER_ASSERTION_MAX_SECONDS',
];

/**
 * Puts the test key material in the environment the gateway and subgraphs read at start, whatever
 * the shell had: the gateway signs with TEST_SIGNING_KEY, the subgraphs check against TEST_JWKS.
 */
export function useTestSecrets(): void {
  process.env.AUTH_SECRET = TEST_AUTH_SECRET;
  process.env.GATEWAY_SIGNING_KEY = TEST_SIGNING_KEY;
  process.env.GATEWAY_JWKS = TEST_JWKS;
  for (const name of SHELL_SETTINGS) delete process.env[name];
}

export const REGISTRY_KEYS: DemoRegistryKey[] = ['labs', 'auditors', 'engineering', 'guilds'];
/** Every scope there is: personal data and every registry's writes. */
export const ALL_SCOPES = [PERSONAL_READ_SCOPE, ...REGISTRY_KEYS.map(adminScopeOf)];

export interface TestTokenOptions {
  subject?: string;
  expiresIn?: string;
  secret?: string;
  issuer?: string;
  audience?: string;
}

/** A bearer token the test graph's gateway accepts, granting `scopes` (override the rest to make one it refuses). */
export function testToken(scopes: string[], options: TestTokenOptions = {}): Promise<string> {
  return mintToken({
    subject: options.subject ?? 'tester',
    scopes,
    expiresIn: options.expiresIn ?? '10m',
    secret: options.secret ?? TEST_AUTH_SECRET,
    issuer: options.issuer ?? DEFAULT_ISSUER,
    audience: options.audience ?? DEFAULT_AUDIENCE,
  });
}

/** The caller header the test gateway would send `subgraph` for `caller` with exactly `body` (or another signer's). */
export function callerHeader(subgraph: string, body: string, caller: Caller = ANONYMOUS, signer: CallerSigner = TEST_SIGNER): Record<string, string> {
  return signer.headers(caller, subgraph, body);
}
