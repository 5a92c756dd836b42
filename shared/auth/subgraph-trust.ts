import { errors, jwtVerify, SignJWT } from 'jose';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, Caller } from './caller';
import { hmacKey, SECRET_HINT, setting } from './secrets';

/**
 * Gateway-to-subgraph trust. The gateway verifies the client's token, then tells each subgraph
 * who is asking in a short-lived HS256 JWS, signed with `SUBGRAPH_SIGNING_SECRET` (shared by the
 * gateway and every subgraph) and addressed to that subgraph (`aud`: its name). A subgraph answers
 * only requests that carry a valid one, so one exposed by mistake cannot be queried around the
 * gateway's checks.
 */
export const CALLER_HEADER = 'x-registry-caller';
export const SIGNING_SECRET_VARIABLE = 'SUBGRAPH_SIGNING_SECRET';
export const TRUST_VARIABLE = 'SUBGRAPH_TRUST';
/** The `iss` of the caller header. */
export const GATEWAY_ISSUER = 'registries-gateway';
/** How long a caller header is good for. */
export const CALLER_TOKEN_SECONDS = 60;
/** Clock difference tolerated between the gateway's host and a subgraph's. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** Signs callers into caller headers: one per client request and subgraph. */
export class CallerSigner {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = hmacKey(SIGNING_SECRET_VARIABLE, secret);
  }

  /** The caller header's value for one subgraph (`audience`: its name). */
  sign(caller: Caller, audience: string, lifetimeSeconds = CALLER_TOKEN_SECONDS): Promise<string> {
    const jwt = new SignJWT({ authenticated: caller.authenticated, scope: caller.scopes.join(' ') })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(GATEWAY_ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`);
    if (caller.subject) jwt.setSubject(caller.subject);
    return jwt.sign(this.key);
  }
}

/** The gateway's signer, from `SUBGRAPH_SIGNING_SECRET`; undefined when it is not set. */
export function callerSignerFromEnvironment(env: NodeJS.ProcessEnv = process.env): CallerSigner | undefined {
  const secret = setting(env, SIGNING_SECRET_VARIABLE);
  return secret ? new CallerSigner(secret) : undefined;
}

/**
 * How a subgraph trusts its callers: `signed` (requests must carry a caller header the gateway
 * signed), `unsigned` (development: `SUBGRAPH_TRUST=unsigned`, every request is anonymous), or
 * `unconfigured` (no secret and no explicit development mode: GraphQL requests are refused).
 */
export type SubgraphTrust = { mode: 'signed'; key: Uint8Array } | { mode: 'unsigned'; ignoredSecret: boolean } | { mode: 'unconfigured' };

/** Reads `SUBGRAPH_TRUST` (`signed`, the default, or `unsigned`) and `SUBGRAPH_SIGNING_SECRET`. */
export function subgraphTrustFromEnvironment(env: NodeJS.ProcessEnv = process.env): SubgraphTrust {
  const mode = setting(env, TRUST_VARIABLE) ?? 'signed';
  const secret = setting(env, SIGNING_SECRET_VARIABLE);
  if (mode === 'unsigned') return { mode: 'unsigned', ignoredSecret: secret !== undefined };
  if (mode !== 'signed') throw new Error(`${TRUST_VARIABLE} must be "signed" (the default) or "unsigned" (development: every request anonymous); got "${mode}"`);
  return secret ? { mode: 'signed', key: hmacKey(SIGNING_SECRET_VARIABLE, secret) } : { mode: 'unconfigured' };
}

/** What a subgraph says when it has neither a secret nor explicit development mode. */
export function unconfiguredMessage(subgraph: string): string {
  return (
    `The ${subgraph} subgraph answers only the gateway, and has no ${SIGNING_SECRET_VARIABLE} to check the gateway's signature with. ` +
    `Set ${SIGNING_SECRET_VARIABLE} to the gateway's value (make one with: ${SECRET_HINT}), or ${TRUST_VARIABLE}=unsigned to run it alone in development, every request anonymous.`
  );
}

const notFromGateway = (subgraph: string, why: string) =>
  new GraphQLError(`This subgraph answers only the gateway: ${why}. Send queries to the gateway instead.`, {
    extensions: { code: 'UNAUTHENTICATED', subgraph, http: { status: 401 } },
  });

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the x-registry-caller header has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the x-registry-caller header is not signed with this subgraph\'s SUBGRAPH_SIGNING_SECRET';
  if (error instanceof errors.JWTClaimValidationFailed) return `the x-registry-caller header's "${error.claim}" claim is not the expected one`;
  return 'the x-registry-caller header is not a caller signed by the gateway';
}

/**
 * The caller of one request to a subgraph, from its caller header; throws a 401 `UNAUTHENTICATED`
 * ("this subgraph answers only the gateway") when the header is missing, forged, expired or meant
 * for another subgraph. In `unsigned` mode every request is anonymous; `unconfigured` refuses all.
 */
export async function callerOfSubgraphRequest(trust: SubgraphTrust, subgraph: string, header: string | string[] | undefined): Promise<Caller> {
  if (trust.mode === 'unsigned') return ANONYMOUS;
  if (trust.mode === 'unconfigured') {
    throw new GraphQLError(unconfiguredMessage(subgraph), { extensions: { code: 'SUBGRAPH_NOT_CONFIGURED', subgraph, http: { status: 503 } } });
  }
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) throw notFromGateway(subgraph, `the request has no ${CALLER_HEADER} header signed by the gateway`);
  try {
    const { payload } = await jwtVerify(token, trust.key, {
      algorithms: ['HS256'],
      issuer: GATEWAY_ISSUER,
      audience: subgraph,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    if (payload.authenticated !== true) return ANONYMOUS;
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    return { authenticated: true, ...(payload.sub ? { subject: payload.sub } : {}), scopes };
  } catch (error) {
    throw notFromGateway(subgraph, reasonOf(error));
  }
}
