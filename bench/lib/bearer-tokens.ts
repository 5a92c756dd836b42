import { createHmac, randomBytes } from 'node:crypto';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../gateway/auth/tokens';

/**
 * The bearer tokens the benchmark's clients send: HS256 JWTs as the product's gateway accepts them
 * (`AUTH_SECRET`, its default issuer and audience, an `exp`), one per request. Signed here with
 * node:crypto, synchronously, because autocannon's `setupRequest` cannot wait for jose.
 */
export interface BearerTokenSettings {
  /** The HS256 secret, the gateway's `AUTH_SECRET`. */
  secret: string;
  /** How long each token is good for, in seconds. */
  lifetimeSeconds: number;
}

/** A secret made for one benchmark run (32 random bytes), given to the gateways that verify tokens as `AUTH_SECRET`. */
export function benchTokenSettings(): BearerTokenSettings {
  return { secret: randomBytes(32).toString('base64url'), lifetimeSeconds: 600 };
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const HEADER = encode({ alg: 'HS256', typ: 'JWT' });

/** `Bearer <jwt>` for `subject`, unique per subject: the subject is the request's own tag. */
export function signedBearer(settings: BearerTokenSettings, subject: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const payload = encode({ sub: subject, scope: '', iss: DEFAULT_ISSUER, aud: DEFAULT_AUDIENCE, iat: nowSeconds, exp: nowSeconds + settings.lifetimeSeconds });
  const signature = createHmac('sha256', settings.secret).update(`${HEADER}.${payload}`).digest('base64url');
  return `Bearer ${HEADER}.${payload}.${signature}`;
}
