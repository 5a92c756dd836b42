import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { badUserInputField } from '../errors';
import { message } from '../messages/catalog';
import { ID_SEPARATOR } from '../text/collation';

/**
 * A list's cursors are its positions (a national code, a name's sort key, an id) sealed with
 * AES-256-GCM under a key only the process that made them holds: a client sees an opaque token
 * that reveals nothing, and any token this codec did not make for the same list is refused.
 *
 * Layout (then base64url): version (1 byte) | nonce (12, random) | ciphertext of list (8) +
 * position (UTF-8, padded) | tag (16). `list` is a digest of the list's field and arguments (listDigest), so
 * a cursor of another list, order or filter opens but is refused as such.
 *
 * The position is padded (one 0x80 byte, then zeros) to a multiple of POSITION_BLOCK bytes: the
 * cipher keeps the length of what it seals, and a position is often a national code, so before
 * 2026-12-07 an anonymous caller paging `guildsMembers(first: 1)` told a Moroccan CNIE of eight
 * characters (a 45-byte cursor) from an Iranian code of ten (47 bytes), member by member. Cursors of
 * version 1 (unpadded) are still opened, so that a page read across an upgrade goes on.
 *
 * A name order's position is a name's collation key, `!` and the record's id (collation.ts
 * `nameSortKey`): a person's id is their national code. Padded whole, the key's length (known from
 * the public name) and the block count told the code's length wherever a block ended between the two:
 * until 2026-12-07 `guildsMembers(first: 1, orderBy: NAME)` told, for about one name in eight, a
 * Moroccan CNIE from an Iranian code again. So such a position is padded as its key and a whole block
 * for the id: every id of up to 15 bytes (each national code) seals to the same length after a key.
 */
const VERSION = 2;
const UNPADDED_VERSION = 1;
/** Every position up to 15 bytes (each national code) seals to the same length. */
const POSITION_BLOCK = 16;
const PADDING_START = 0x80;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const LIST_DIGEST_BYTES = 8;
const HEADER_BYTES = 1 + NONCE_BYTES;
const MIN_BYTES = HEADER_BYTES + LIST_DIGEST_BYTES + TAG_BYTES;
/** Longer than any cursor this codec makes (positions are keys of at most a few hundred bytes). */
const MAX_CURSOR_CHARS = 2_048;

/** The error for anything that is not a cursor this service made: forged, edited, cut short, of another server or an older format. */
const notACursor = () => badUserInputField('after', message('CURSOR_NOT_OURS'));

/** The fewest bytes a position seals to: for `<key>!<id>` (name order's), the key's and one block more, so the id's length shows nowhere. */
function leastSealedBytes(position: string, text: Buffer): number {
  const separator = position.lastIndexOf(ID_SEPARATOR);
  if (separator < 0) return text.length + 1;
  return Math.max(text.length + 1, Buffer.byteLength(position.slice(0, separator), 'utf8') + POSITION_BLOCK + 1);
}

/**
 * `position` as sealed: its UTF-8, one 0x80 byte and zeros up to a multiple of POSITION_BLOCK bytes,
 * at least the key's bytes and one block more for a position `<key>!<id>` (see above).
 */
function padded(position: string): Buffer {
  const text = Buffer.from(position, 'utf8');
  const length = Math.ceil(leastSealedBytes(position, text) / POSITION_BLOCK) * POSITION_BLOCK;
  const block = Buffer.alloc(length);
  text.copy(block);
  block[text.length] = PADDING_START;
  return block;
}

/** The position `padded` made `block` of; undefined when it is not one it made. */
function unpadded(block: Buffer): string | undefined {
  if (block.length === 0 || block.length % POSITION_BLOCK !== 0) return undefined;
  let end = block.length - 1;
  while (end > 0 && block[end] === 0) end -= 1;
  return block[end] === PADDING_START ? block.subarray(0, end).toString('utf8') : undefined;
}

/** The error for a cursor this service made for another list, or for this list with other arguments. */
const ofAnotherList = () => badUserInputField('after', message('CURSOR_OF_ANOTHER_LIST'));

/** The digest that names one list in its cursors: the field and its arguments, canonical. */
export function listDigest(list: string): Buffer {
  return createHash('sha256').update(list, 'utf8').digest().subarray(0, LIST_DIGEST_BYTES);
}

export class CursorCodec {
  /** `key`: 32 bytes (AES-256), this service's own (see cursorCodecFor). */
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error(`a cursor key has 32 bytes; got ${key.length}`);
  }

  /** The opaque cursor for `position` in the list `list` names. */
  seal(list: string, position: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const header = Buffer.concat([Buffer.of(VERSION), nonce]);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(header);
    const sealed = Buffer.concat([cipher.update(Buffer.concat([listDigest(list), padded(position)])), cipher.final()]);
    return Buffer.concat([header, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /** The position a cursor of `list` holds; BAD_USER_INPUT naming `after` for anything else. */
  open(list: string, cursor: string): string {
    if (cursor.length < 4 || cursor.length > MAX_CURSOR_CHARS) throw notACursor();
    const bytes = Buffer.from(cursor, 'base64url');
    // The decoder skips characters outside the alphabet: a cursor must be exactly what it encodes back to.
    if (bytes.length < MIN_BYTES || bytes.toString('base64url') !== cursor || (bytes[0] !== VERSION && bytes[0] !== UNPADDED_VERSION)) throw notACursor();
    const header = bytes.subarray(0, HEADER_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, header.subarray(1));
    decipher.setAAD(header);
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw notACursor();
    }
    if (!plain.subarray(0, LIST_DIGEST_BYTES).equals(listDigest(list))) throw ofAnotherList();
    const sealedPosition = plain.subarray(LIST_DIGEST_BYTES);
    if (bytes[0] === UNPADDED_VERSION) return sealedPosition.toString('utf8');
    const position = unpadded(sealedPosition);
    if (position === undefined) throw notACursor();
    return position;
  }
}
