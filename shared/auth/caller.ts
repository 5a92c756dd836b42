/**
 * Who is asking: verified by the gateway from a bearer token, carried to the subgraphs in a signed
 * header, and read by the subgraphs' authorization checks.
 */
export interface Caller {
  authenticated: boolean;
  /** The token's subject, when authenticated. */
  subject?: string;
  /**
   * Granted scopes, e.g. `personal:read` (personal fields: national code, phone, email, address)
   * and `<registry>:admin` (writes to that registry: `labs:admin`, `guilds:admin`...).
   */
  scopes: string[];
}

const NO_SCOPES: string[] = [];
Object.freeze(NO_SCOPES);

/** No token: frozen, its scopes too, so no request can change what another one is. */
export const ANONYMOUS: Caller = Object.freeze({ authenticated: false, scopes: NO_SCOPES });

export const PERSONAL_READ_SCOPE = 'personal:read';
/** The scope that gives a caller the analysts' limits (the gateway's `LIMIT_ANALYST_*`): room for wide comparisons. */
export const ANALYST_SCOPE = 'analytics:query';
/**
 * The words before the colon of the scopes that are the whole graph's, not one registry's: no
 * subgraph may take one for its name, or those scopes would read as its own (and be withheld from the others).
 */
export const GRAPH_WIDE_SCOPE_OWNERS: readonly string[] = [PERSONAL_READ_SCOPE, ANALYST_SCOPE].map((scope) => scope.slice(0, scope.indexOf(':')));
export const adminScopeOf = (registryKey: string): string => `${registryKey}:admin`;

export function hasScope(caller: Caller, scope: string): boolean {
  return caller.authenticated && caller.scopes.includes(scope);
}

/**
 * Whether `caller` may see who wrote a record of the `registryKey` registry (a token's subject, which
 * may be a member's national code): its administrators, with `personal:read` as for any national code.
 */
export function readsAuthorsOf(caller: Caller | undefined, registryKey: string): boolean {
  return caller !== undefined && hasScope(caller, adminScopeOf(registryKey)) && hasScope(caller, PERSONAL_READ_SCOPE);
}
