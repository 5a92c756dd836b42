import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, mintToken } from '../../gateway/auth/tokens';
import { adminScopeOf, ANONYMOUS, Caller, PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { CALLER_HEADER, CallerSigner } from '../../shared/auth/subgraph-trust';
import { RegistryKey } from '../../shared/registry';

/** The secrets of the in-process test graph: bearer tokens (AUTH_SECRET) and the gateway's caller header (SUBGRAPH_SIGNING_SECRET). */
export const TEST_AUTH_SECRET = 'test-auth-secret-for-the-in-process-graph-only';
export const TEST_SIGNING_SECRET = 'test-subgraph-signing-secret-for-the-in-process-graph-only';

/**
 * Puts the test secrets in the environment the gateway and subgraphs read at start, whatever the
 * shell had (an AUTH_JWKS_URL or SUBGRAPH_TRUST there would change what the tests see).
 */
export function useTestSecrets(): void {
  process.env.AUTH_SECRET = TEST_AUTH_SECRET;
  process.env.SUBGRAPH_SIGNING_SECRET = TEST_SIGNING_SECRET;
  for (const name of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'SUBGRAPH_TRUST']) delete process.env[name];
}

export const REGISTRY_KEYS: RegistryKey[] = ['labs', 'auditors', 'engineering', 'guilds'];
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

/** The caller header the gateway would send `subgraph` for `caller`, signed with the test secret (or another). */
export async function callerHeader(subgraph: string, caller: Caller = ANONYMOUS, secret = TEST_SIGNING_SECRET): Promise<Record<string, string>> {
  return { [CALLER_HEADER]: await new CallerSigner(secret).sign(caller, subgraph) };
}
