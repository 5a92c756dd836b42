import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { Hs256Verifier } from '../../gateway/auth/hs256-verifier';

/**
 * The gateway's synchronous HS256 check (gateway/auth/hs256-verifier.ts) against jose's `jwtVerify`,
 * the library it stands in for: on tokens generated with every kind of header, claim and signature
 * the gateway may meet, the two end the same way, with the same claims or the same error.
 */

const SECRET = new TextEncoder().encode('a-secret-for-the-hs256-verifier-test-of-the-gateway');
const OTHER_SECRET = new TextEncoder().encode('another-secret-the-gateway-does-not-know-of-at-all');
const OPTIONS = { issuer: 'registries-dev', audience: 'registries-graph', requiredClaims: ['exp'], clockTolerance: 5 };
const NOW = Math.floor(Date.now() / 1000);

const encode = (value: string) => Buffer.from(value).toString('base64url');

/** A token made by hand, so that headers, payloads and signatures jose would never make can be had. */
function tokenOf(header: string, payload: string, signWith: Uint8Array, tamper: boolean): string {
  const input = `${encode(header)}.${encode(payload)}`;
  const mac = createHmac('sha256', signWith).update(input).digest();
  if (tamper) mac[0] = mac[0]! ^ 1;
  return `${input}.${mac.toString('base64url')}`;
}

const headers = fc.constantFrom(
  '{"alg":"HS256","typ":"JWT"}',
  '{"alg":"HS256"}',
  '{"alg":"HS256","typ":"JWT","kid":"k1"}',
  '{"alg":"HS256","crit":["exp"],"exp":1}',
  '{"alg":"HS256","b64":false,"crit":["b64"]}',
  '{"alg":"HS512","typ":"JWT"}',
  '{"alg":"none"}',
);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const claims = fc.record({
  iss: optional(fc.constantFrom('registries-dev', 'someone-else', 7)),
  aud: optional(fc.constantFrom('registries-graph', 'elsewhere', ['elsewhere', 'registries-graph'], ['elsewhere'])),
  exp: optional(fc.constantFrom(NOW - 3600, NOW - 3, NOW + 3600, 'soon')),
  nbf: optional(fc.constantFrom(NOW + 3600, NOW - 60, NOW + 3)),
  iat: optional(fc.constantFrom(NOW - 60, NOW + 3600, 'then')),
  sub: optional(fc.constantFrom('0012345678', 42)),
  scope: optional(fc.constantFrom('labs:admin personal:read', '')),
});
const payloads = fc.oneof({ weight: 8, arbitrary: claims.map((c) => JSON.stringify(c)) }, { weight: 1, arbitrary: fc.constantFrom('[1,2]', '"text"', 'not json', '{"exp":') });

type Outcome = { claims: unknown } | { error: string; code: unknown; claim: unknown };

const outcomeOf = async (verify: () => Promise<unknown>): Promise<Outcome> => {
  try {
    return { claims: await verify() };
  } catch (error) {
    const { code, claim } = error as { code?: unknown; claim?: unknown };
    return { error: (error as Error).constructor.name, code, claim };
  }
};

describe('the synchronous HS256 check', () => {
  const verifier = new Hs256Verifier(SECRET, OPTIONS);

  it("ends every generated token as jose's jwtVerify does: the same claims, or the same error and claim", async () => {
    let decided = 0;
    await fc.assert(
      fc.asyncProperty(headers, payloads, fc.boolean(), fc.boolean(), async (header, payload, otherKey, tamper) => {
        const token = tokenOf(header, payload, otherKey ? OTHER_SECRET : SECRET, tamper);
        const reference = await outcomeOf(async () => (await jwtVerify(token, SECRET, { ...OPTIONS, algorithms: ['HS256'] })).payload);
        const fast = await outcomeOf(async () => {
          // Decided: claims returned, or a claim's error thrown.
          decided += 1;
          const claimsSet = verifier.verify(token, decodeProtectedHeader(token));
          if (claimsSet === undefined) decided -= 1;
          return claimsSet ?? (await jwtVerify(token, SECRET, { ...OPTIONS, algorithms: ['HS256'] })).payload;
        });
        expect(fast).toEqual(reference);
      }),
      { numRuns: 600 },
    );
    // The tokens with a plain header, a right MAC and a claims set (about one in ten) are decided without jose's verification.
    expect(decided).toBeGreaterThan(30);
  });

  it('decides a good token alone, and leaves a wrong MAC, another header or a truncated signature undecided', () => {
    const good = tokenOf('{"alg":"HS256","typ":"JWT"}', JSON.stringify({ iss: 'registries-dev', aud: 'registries-graph', exp: NOW + 60, sub: 'x' }), SECRET, false);
    expect(verifier.verify(good, decodeProtectedHeader(good))).toMatchObject({ sub: 'x' });
    const wrongKey = tokenOf('{"alg":"HS256"}', JSON.stringify({ exp: NOW + 60 }), OTHER_SECRET, false);
    expect(verifier.verify(wrongKey, decodeProtectedHeader(wrongKey))).toBeUndefined();
    const critical = tokenOf('{"alg":"HS256","crit":["exp"],"exp":1}', JSON.stringify({ exp: NOW + 60 }), SECRET, false);
    expect(verifier.verify(critical, decodeProtectedHeader(critical))).toBeUndefined();
    expect(verifier.verify(good.slice(0, -1), decodeProtectedHeader(good))).toBeUndefined();
    expect(verifier.verify(`${good.slice(0, good.lastIndexOf('.'))}.`, decodeProtectedHeader(good))).toBeUndefined();
  });
});
