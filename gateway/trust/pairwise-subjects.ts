import { createHmac, hkdfSync, KeyObject } from 'node:crypto';

/** How a pairwise subject begins: it is no national code, so a subgraph finds no person's record by it. */
export const PAIRWISE_SUBJECT_PREFIX = 'pairwise:';

/** What the key is derived for: a pairwise subject key is no signing key, though made from one. */
const KEY_INFO = 'registry-gateway pairwise subject v1';

/**
 * Pairwise subjects (as OpenID Connect's pairwise subject identifiers): a name for a signed-in person
 * that is the same on every request to one subgraph and different at every other, for a subgraph
 * that is not to learn the person's national code. Keyed by a secret derived from the gateway's
 * signing key, which no subgraph holds: a subgraph could otherwise try all the billion codes. A new
 * signing key gives everyone new names.
 */
export class PairwiseSubjects {
  private derived: { from: KeyObject; key: Buffer } | undefined;

  /** The name `subject` goes by at `audience` (a subgraph's name) under the signing key `signingKey`. */
  subjectFor(signingKey: KeyObject, subject: string, audience: string): string {
    const digest = createHmac('sha256', this.keyFrom(signingKey)).update(audience).update('\0').update(subject).digest('base64url');
    return `${PAIRWISE_SUBJECT_PREFIX}${digest.slice(0, 27)}`;
  }

  private keyFrom(from: KeyObject): Buffer {
    if (this.derived?.from !== from) {
      const material = from.export({ format: 'der', type: 'pkcs8' });
      this.derived = { from, key: Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), KEY_INFO, 32)) };
    }
    return this.derived.key;
  }
}
