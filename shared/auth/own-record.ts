import { parseNationalCode } from '../identity/national-code';
import { toAsciiDigits } from '../text/normalize';
import { Caller, PERSONAL_READ_SCOPE } from './caller';
import { AccessRequirement } from './requirements';

/**
 * The national code a token's subject is, or undefined. The subject is an identity the token's
 * issuer gave, compared as written: only its Persian or Arabic-Indic digits are read as ASCII. The
 * leniency `parseNationalCode` gives to what a person types (spaces, dashes, dots, underscores,
 * joiners, lower-case letters) is not given to it, since `be123456`, `b.e-123456` or `0061-234508`
 * are other accounts of the issuer than `BE123456` and `0061234508`, and must not be read as them
 * (replay audit, 2026-12-07: a token whose subject was `b.e-12_34 56` read BE123456's contact at `me`).
 */
export function subjectNationalCode(subject: string): string | undefined {
  const parsed = parseNationalCode(subject);
  return parsed.ok && toAsciiDigits(subject) === parsed.value ? parsed.value : undefined;
}

/**
 * The national code a subject spells however it is written (spaces, dashes, lower-case letters), or
 * holds among other text (`ir:0012345679`, `0012345679@idp.example`, `user|BE123456`), or
 * undefined: for deciding what a registry may be told of the subject (the gateway's subject screen),
 * never for who the caller is (`subjectNationalCode`). A subject such as `006-123450-8` is no
 * person's own, yet it holds a code, and goes as it is only where that code may.
 */
export function codeSpelledBySubject(subject: string): string | undefined {
  const parsed = parseNationalCode(subject);
  return parsed.ok ? parsed.value : codeHeldBy(subject);
}

/**
 * A UUID, as Keycloak or Entra ID name an account: one identifier, not text joined to a code by its
 * dashes. Its groups are often shaped like a CNIE (`a567` in `f47ac10b-58cc-4372-a567-0e02b2c3d479`:
 * about one random UUID in three has one), and its digits across a dash may spell an Iranian code
 * (`9-0716-4735-8`), so neither is read in it; its runs of digits are, as before.
 */
const UUID = /(?<![\p{L}\p{N}])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\p{L}\p{N}])/giu;

/**
 * A code one of the subject's parts spells (between separators such as `:`, `|`, `@`, `/`), or one
 * of its numbers outside a UUID spells (digits with spaces, dashes or dots between them:
 * `ir.006-123450-8`), or one of its runs of letters and digits outside a UUID is (`ma-BE123456`,
 * `BE123456.ma`: a dash, dot or underscore also joins a code to the text around it), or one of its
 * runs of digits is.
 */
function codeHeldBy(subject: string): string | undefined {
  const ascii = toAsciiDigits(subject);
  const outsideUuids = ascii.replace(UUID, ' ');
  const candidates = [
    ...ascii.split(/[^\p{L}\p{N}\s\u200c\-_.]+/u),
    ...(outsideUuids.match(/\d[\d\s\u200c\-_.]*\d/g) ?? []),
    ...outsideUuids.split(/[^\p{L}\p{N}]+/u),
    ...(ascii.match(/\d+/g) ?? []),
  ];
  for (const candidate of candidates) {
    const parsed = candidate === '' ? undefined : parseNationalCode(candidate);
    if (parsed?.ok) return parsed.value;
  }
  return undefined;
}

/**
 * "Personal:read, or the record is the caller's own": a signed-in person reads their own national
 * code and contact without `personal:read` (the gateway's `me`), and nobody else's. A caller's own
 * records are those of the national code their token's subject is (`subjectNationalCode`: Persian
 * or Arabic-Indic digits read as ASCII, nothing else changed); a subject that is no national code
 * owns no record.
 */
export function callerNationalCode(caller: Caller): string | undefined {
  if (!caller.authenticated || !caller.subject) return undefined;
  return subjectNationalCode(caller.subject);
}

/** Whether `requirement` is met by `personal:read` alone: the requirement a caller's own record waives. */
export const waivedForOwnRecord = (requirement: AccessRequirement): boolean => requirement.anyOf.some((set) => set.every((scope) => scope === PERSONAL_READ_SCOPE));

/** Whether the record of `nationalCode` is the caller's own. */
export const isOwnRecord = (caller: Caller, nationalCode: unknown): boolean =>
  typeof nationalCode === 'string' && nationalCode !== '' && callerNationalCode(caller) === nationalCode;

/**
 * Who a record of a type is about, for the own-record rule: the national code of the person an
 * object of `typeName` describes, or undefined when the type is not a person's record.
 */
export type RecordOwner = (typeName: string, source: unknown) => string | undefined;
