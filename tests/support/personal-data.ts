import { toAsciiDigits } from '../../shared/text/normalize';
import { Store } from '../../shared/store/port';

/** Every piece of personal data the stores hold that must never reach an anonymous caller. */
export interface PersonalData {
  nationalCodes: Set<string>;
  /** Phone numbers as stored, and as their digits alone. */
  phones: Set<string>;
  /** E-mail addresses, lower-cased. */
  emails: Set<string>;
}

/** A piece of personal data found in an answer, and where. */
export interface Leak {
  kind: 'national code' | 'phone' | 'e-mail';
  value: string;
  /** `body`, `headers`, or a decoded token of either (`base64 of <token>`). */
  where: string;
}

const NATIONAL_CODE_FIELD = /nationalcode/i;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const PHONE = /\+\d[\d\s-]{6,}\d/g;
const digitsOf = (text: string) => text.replace(/\D/g, '');

/** Adds what `value` (a stored document or part of one) holds, `field` being the name it is stored under. */
function collectFrom(value: unknown, field: string, into: PersonalData, personCollection: boolean): void {
  if (typeof value === 'string') {
    if (NATIONAL_CODE_FIELD.test(field) || (personCollection && field === '_id')) into.nationalCodes.add(toAsciiDigits(value));
    if (field === 'phone') into.phones.add(value);
    if (field === 'email') into.emails.add(value.toLowerCase());
    for (const email of value.match(EMAIL) ?? []) into.emails.add(email.toLowerCase());
    for (const phone of value.match(PHONE) ?? []) into.phones.add(phone);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collectFrom(item, field, into, personCollection);
    return;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) collectFrom(inner, key, into, personCollection);
  }
}

/**
 * Reads every document of every collection named in `collections` of each store and collects the
 * national codes (any field whose name holds "nationalCode", and the `_id` of `people`), phone
 * numbers and e-mail addresses (the `phone` and `email` fields, and anything shaped like one).
 */
export async function collectPersonalData(stores: Iterable<{ store: Store; collections: Iterable<string> }>): Promise<PersonalData> {
  const found: PersonalData = { nationalCodes: new Set(), phones: new Set(), emails: new Set() };
  for (const { store, collections } of stores) {
    for (const name of collections) {
      for (const document of await store.collection(name).find({})) collectFrom(document, '', found, name === 'people');
    }
  }
  for (const phone of [...found.phones]) found.phones.add(digitsOf(phone));
  return found;
}

/** Runs of digits, with the spaces, dashes and dots between digits taken out (a phone written `+98 21 5555 0123`). */
const digitRuns = (text: string): string[] => text.replace(/(?<=\d)[\s.-]+(?=\d)/g, '').match(/\d+/g) ?? [];

/** Whether `run` holds one of `values` (all of one length) anywhere. */
function heldIn(runs: string[], values: Set<string>, length: number): string[] {
  const hits: string[] = [];
  for (const run of runs) {
    for (let start = 0; start + length <= run.length; start += 1) {
      const window = run.slice(start, start + length);
      if (values.has(window)) hits.push(window);
    }
  }
  return hits;
}

const TOKEN = /[A-Za-z0-9+/_-]{8,}={0,2}/g;

/** The text of every base64 or base64url-looking token in `text` that decodes to something printable. */
function decodedTokens(text: string): { token: string; decoded: string }[] {
  const decoded: { token: string; decoded: string }[] = [];
  for (const token of new Set(text.match(TOKEN) ?? [])) {
    // Node's base64 decoder reads both alphabets; latin1 keeps every byte, utf8 the Persian digits.
    const bytes = Buffer.from(token.replace(/=+$/, ''), 'base64');
    for (const encoding of ['utf8', 'latin1'] as const) decoded.push({ token, decoded: bytes.toString(encoding) });
  }
  return decoded;
}

/**
 * The personal data in `text` (an answer's body or headers), after folding Persian and
 * Arabic-Indic digits to ASCII, in the text itself and inside every base64/base64url token it
 * holds (two levels deep). `sent` is what the caller sent with the request: data it already had
 * is not a leak.
 */
export function findLeaks(text: string, personal: PersonalData, sent: string, where: string): Leak[] {
  const alreadyKnown = toAsciiDigits(sent).toLowerCase();
  const sentDigits = digitRuns(alreadyKnown).join(' ');
  const leaks: Leak[] = [];
  const search = (content: string, place: string, level: number) => {
    const folded = toAsciiDigits(content);
    const runs = digitRuns(folded);
    for (const code of heldIn(runs, personal.nationalCodes, 10)) {
      if (!sentDigits.includes(code)) leaks.push({ kind: 'national code', value: code, where: place });
    }
    const phoneDigits = new Set([...personal.phones].filter((phone) => /^\d+$/.test(phone)));
    for (const length of new Set([...phoneDigits].map((phone) => phone.length))) {
      for (const phone of heldIn(runs, phoneDigits, length)) {
        if (!sentDigits.includes(phone)) leaks.push({ kind: 'phone', value: phone, where: place });
      }
    }
    for (const email of folded.match(EMAIL) ?? []) {
      const lower = email.toLowerCase();
      if (personal.emails.has(lower) && !alreadyKnown.includes(lower)) leaks.push({ kind: 'e-mail', value: lower, where: place });
    }
    if (level < 2) {
      for (const { token, decoded } of decodedTokens(folded)) search(decoded, `base64 of ${token.slice(0, 40)} in ${place}`, level + 1);
    }
  };
  search(text, where, 0);
  // A token decoded as UTF-8 and as Latin-1 finds the same code twice.
  return [...new Map(leaks.map((leak) => [`${leak.kind}|${leak.value}|${leak.where}`, leak])).values()];
}
