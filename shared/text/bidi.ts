/**
 * Keeps text of one direction readable inside text of the other: each run of the other direction
 * is wrapped in FIRST STRONG ISOLATE (U+2068) ... POP DIRECTIONAL ISOLATE (U+2069), so «ISO/IEC
 * 17025» inside Persian keeps its order and its slash and digits stay with it (Unicode's
 * bidirectional algorithm, UAX #9, isolates).
 */
export const FSI = '\u2068';
export const PDI = '\u2069';

/** A run of Latin text: from a Latin letter to the last Latin letter or digit, over spaces, digits and the punctuation such names hold. */
const LATIN_RUN = /[A-Za-z\u00C0-\u024F](?:[A-Za-z\u00C0-\u024F0-9 /.\-:&+']*[A-Za-z\u00C0-\u024F0-9])?/g;
/** A run of Arabic-script text (Persian included), over spaces, zero-width non-joiners and Arabic punctuation between its letters. */
const ARABIC_RUN =
  /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF](?:[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF\u200C \u060C]*[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF])?/g;

export type TextDirection = 'rtl' | 'ltr';

/**
 * `text` written in a language of `direction`, its runs of the other direction isolated. Text
 * that is all of the other direction is left whole (a label is isolated by its own element).
 * Runs isolated already are not wrapped again.
 */
export function isolateOtherDirection(text: string, direction: TextDirection): string {
  if (text.includes(FSI)) return text;
  const run = direction === 'rtl' ? LATIN_RUN : ARABIC_RUN;
  const runs = text.match(run) ?? [];
  if (runs.length === 1 && runs[0] === text.trim()) return text;
  return text.replace(run, (found) => `${FSI}${found}${PDI}`);
}
