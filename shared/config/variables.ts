import { z } from 'zod';

/** What the documentation says of a variable (docs/configuration.md is generated from it). */
export interface VariableDoc {
  /** What the variable does, in a sentence or two. */
  description: string;
  /** The value used when the variable is unset or empty, as a person reads it. */
  default?: string;
  /** What values are accepted; quoted in every refusal. */
  accepts: string;
}

/** A variable's schema: the raw text of the environment (or nothing) in, a typed value out. */
export type Variable<T> = z.ZodType<T, string | undefined>;

/** What a parser says of a value it cannot take: the text after the variable's name (`must be ...; got "x"`). */
export class Refusal {
  constructor(readonly refused: string) {}
}

/** The trimmed value, or undefined when unset or empty (compose files pass `${VAR:-}`). */
export const present = (raw: string | undefined): string | undefined => {
  const text = raw?.trim();
  return text ? text : undefined;
};

/**
 * A variable: unset or empty gives `fallback`; anything else goes through `parse`, which returns
 * the value or a refusal. Without its own refusal text, a value `parse` refuses is answered with
 * `must be <accepts>; got "<value>"`, so every message names what is accepted.
 */
export function variable<T, F extends T | undefined>(doc: VariableDoc, fallback: F, parse: (text: string) => T | Refusal | undefined): Variable<T | F> {
  return z
    .string()
    .optional()
    .transform((raw, context): T | F => {
      const text = present(raw);
      if (text === undefined) return fallback;
      const value = parse(text);
      if (value === undefined || value instanceof Refusal) {
        context.addIssue({ code: 'custom', message: value instanceof Refusal ? value.refused : `must be ${doc.accepts}; got "${raw}"`, input: raw });
        return z.NEVER;
      }
      return value;
    })
    .meta({ ...doc });
}

/** The words read as true and as false, in any case. */
const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

/** The one reading of a switch: true/1/yes/on or false/0/no/off (any case); undefined for anything else. */
export function parseFlag(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  return TRUE.includes(word) ? true : FALSE.includes(word) ? false : undefined;
}

/** A switch: true/false, 1/0, yes/no, on/off in any case; anything else is refused. */
export const flag = (fallback: boolean, description: string): Variable<boolean> =>
  variable({ description, default: String(fallback), accepts: 'true or false (or 1/0, yes/no, on/off)' }, fallback, parseFlag);

/** A whole number as typed (`160000` or `160_000`); undefined for anything else. */
export function parseWholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  const value = /^\d[\d_]*$/.test(trimmed) ? Number(trimmed.replace(/_/g, '')) : NaN;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** `a whole number from 1 up`, `a whole number of seconds from 1 to 365`: the range, as a refusal says it. */
export const describeRange = (min: number, max: number | undefined, unit?: string): string =>
  `a whole number${unit ? ` of ${unit}` : ''} from ${min} ${max === undefined ? 'up' : `to ${max}`}`;

/** A whole number in a range (`1_000` allowed), `fallback` when unset or empty. */
export function wholeNumber<F extends number | undefined>(
  options: { min: number; max?: number; unit?: string; default?: string; description: string; accepts?: string },
  fallback: F,
): Variable<number | F> {
  const accepts = options.accepts ?? describeRange(options.min, options.max, options.unit);
  const defaultText = options.default ?? (fallback === undefined ? undefined : String(fallback));
  return variable({ description: options.description, accepts, ...(defaultText === undefined ? {} : { default: defaultText }) }, fallback, (text) => {
    const value = parseWholeNumber(text);
    return value === undefined || value < options.min || (options.max !== undefined && value > options.max) ? undefined : value;
  });
}

/** A TCP port, 0 (any free one) to 65535. */
export const port = (fallback: number, description: string, defaultText?: string): Variable<number> =>
  wholeNumber({ min: 0, max: 65535, description, accepts: 'a port number (0 to 65535)', ...(defaultText ? { default: defaultText } : {}) }, fallback);

/** One of `values` (any case), `fallback` when unset or empty. */
export function choice<const V extends string>(values: readonly V[], fallback: V, description: string, accepts = `one of ${values.join(', ')}`): Variable<V> {
  return variable({ description, default: fallback, accepts }, fallback, (text) => values.find((value) => value === text.toLowerCase()));
}

/** Free text (a path, a name, a key), undefined when unset or empty unless a fallback is given. */
export function text<F extends string | undefined>(doc: { description: string; default?: string; accepts?: string }, fallback: F): Variable<string | F> {
  return variable({ description: doc.description, accepts: doc.accepts ?? 'any text', ...(doc.default ? { default: doc.default } : {}) }, fallback, (value) => value);
}

/** A secret of `minBytes` bytes (UTF-8) or more, undefined when unset or empty; `hint` says how to make one, in the docs and in a refusal. */
export function secretText(doc: { description: string; default?: string }, minBytes: number, hint: string): Variable<string | undefined> {
  return variable({ ...doc, accepts: `text of ${minBytes} bytes or more (${hint})` }, undefined, (value) => {
    const bytes = Buffer.byteLength(value, 'utf8');
    return bytes >= minBytes ? value : new Refusal(`must be ${minBytes} bytes or more (${hint}); it has ${bytes}`);
  });
}

/**
 * A URL as a refusal may repeat it: what stands between the scheme's `//` (or the start, without
 * one) and the last `@` is its user and password (`redis://:<password>@redis:6379`), said `***`. A
 * refusal goes to the log, where the password does not belong, and a mistyped URL
 * (`redis//:<password>@redis:6379`, a password with a `/` in it) is no less secret than a right one.
 */
export const withoutCredentials = (text: string): string => (text.includes('//') ? text.replace(/\/\/.*@/, '//***@') : text.replace(/^.*@/, '***@'));

/** Whether `text` is a URL whose scheme is one of `protocols`. */
function hasProtocol(text: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** A URL whose scheme is one of `protocols` (`['http:', 'https:']`), undefined when unset or empty; a refusal repeats it without its credentials. */
export function url(protocols: readonly string[], doc: { description: string; default?: string; accepts: string }): Variable<string | undefined> {
  return variable({ ...doc }, undefined, (value) => {
    return hasProtocol(value, protocols) ? value : new Refusal(`must be ${doc.accepts}; got "${withoutCredentials(value)}"`);
  });
}
