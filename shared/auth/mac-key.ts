import { hash } from 'node:crypto';

/** SHA-256's block: HMAC pads its key to it (RFC 2104). */
const SHA256_BLOCK = 64;
const SHA256_LENGTH = 32;
/** Room for a signing input before the buffer grows: an assertion's is about 500 bytes. */
const INITIAL_INPUT_ROOM = 1024;

/**
 * A key ready to MAC with (a pairwise key, the bearer tokens' HS256 secret): HMAC-SHA256 (RFC 2104)
 * as two one-shot SHA-256 hashes over buffers kept with the key, its inner and outer pads written
 * once. node:crypto's `createHmac` makes a native object per MAC, imports the key into it and leaves
 * it to the garbage collector; at one caller assertion per subgraph request that was the larger part
 * of the security path's CPU (bench/security-profile.ts). Its output equals createHmac's for any key
 * and input (tests/unit/pairwise-mac.test.ts). Synchronous, so the buffers are never shared by two calls.
 */
export class MacKey {
  private inner = Buffer.alloc(SHA256_BLOCK + INITIAL_INPUT_ROOM);
  private readonly outer = Buffer.alloc(SHA256_BLOCK + SHA256_LENGTH);

  constructor(key: Uint8Array) {
    // RFC 2104: a key longer than the block is hashed first.
    const block = key.length > SHA256_BLOCK ? hash('sha256', key, 'buffer') : key;
    for (let i = 0; i < SHA256_BLOCK; i += 1) {
      const byte = block[i] ?? 0;
      this.inner[i] = byte ^ 0x36;
      this.outer[i] = byte ^ 0x5c;
    }
  }

  /** The HMAC-SHA256 of a JWS signing input (UTF-8): an HS256 token's or assertion's signature. */
  mac(signingInput: string): Buffer {
    const end = SHA256_BLOCK + Buffer.byteLength(signingInput);
    if (this.inner.length < end) {
      const grown = Buffer.alloc(2 * end);
      this.inner.copy(grown, 0, 0, SHA256_BLOCK);
      this.inner = grown;
    }
    this.inner.write(signingInput, SHA256_BLOCK, 'utf8');
    this.outer.set(hash('sha256', this.inner.subarray(0, end), 'buffer'), SHA256_BLOCK);
    return hash('sha256', this.outer, 'buffer');
  }
}
