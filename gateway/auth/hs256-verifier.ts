import { timingSafeEqual } from 'node:crypto';
import { errors, JWTClaimVerificationOptions, JWTPayload, ProtectedHeaderParameters, UnsecuredJWT } from 'jose';
import { MacKey } from '../../shared/auth/mac-key';

/** `{"alg":"none"}` encoded: the header the claims are checked under, once the MAC is. */
const CLAIMS_ONLY_HEADER = Buffer.from('{"alg":"none"}').toString('base64url');
/** An HS256 MAC in base64url: 32 bytes, 43 characters. */
const MAC_TEXT_LENGTH = 43;
/** The header parameters of a plain HS256 token; one with any other (`crit`, `b64`, `jwk`...) is left to jose. */
const PLAIN_HEADER = new Set(['alg', 'typ', 'kid']);

/**
 * Verifies HS256 bearer tokens synchronously: the MAC through node:crypto's SHA-256 (MacKey), the
 * claims by jose's own check (the one `jwtVerify` runs, reached through `UnsecuredJWT.decode`). jose
 * verifies a MAC through WebCrypto, an asynchronous job per token, which took 5% of the gateway's
 * CPU with a new token per request (bench/security-profile.ts); this takes microseconds.
 *
 * It decides only what it is sure of: a plain header whose MAC matches, with a claims set that is a
 * JSON object. Any other token (another header, a MAC that does not match, a payload that is not a
 * claims set) is left to `jwtVerify`, so every refusal but a claim's keeps jose's own reason.
 * tests/unit/hs256-verifier.test.ts holds it to jwtVerify's outcome on generated tokens.
 */
export class Hs256Verifier {
  private readonly key: MacKey;

  constructor(
    secret: Uint8Array,
    private readonly options: JWTClaimVerificationOptions,
  ) {
    this.key = new MacKey(secret);
  }

  /**
   * The token's claims when `header` is a plain HS256 header and the MAC matches; throws jose's
   * claim errors (expired, issuer, audience...) as `jwtVerify` would; undefined when undecided.
   */
  verify(token: string, header: ProtectedHeaderParameters): JWTPayload | undefined {
    if (header.alg !== 'HS256' || Object.keys(header).some((name) => !PLAIN_HEADER.has(name))) return undefined;
    const payloadStart = token.indexOf('.') + 1;
    const signatureStart = token.lastIndexOf('.') + 1;
    if (payloadStart === 0 || signatureStart <= payloadStart || token.length - signatureStart !== MAC_TEXT_LENGTH) return undefined;
    const given = Buffer.from(token.slice(signatureStart), 'base64url');
    const expected = this.key.mac(token.slice(0, signatureStart - 1));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return UnsecuredJWT.decode(`${CLAIMS_ONLY_HEADER}.${token.slice(payloadStart, signatureStart - 1)}.`, this.options).payload;
    } catch (error) {
      // A claims set that is no JSON object: jose says so in its own words.
      if (error instanceof errors.JWTInvalid) return undefined;
      throw error;
    }
  }
}
