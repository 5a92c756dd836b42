import { parseNationalCode } from '../identity/national-code';
import { Caller, PERSONAL_READ_SCOPE } from './caller';
import { AccessRequirement } from './requirements';

/**
 * "Personal:read, or the record is the caller's own": a signed-in person reads their own national
 * code and contact without `personal:read` (the gateway's `me`), and nobody else's. A caller's own
 * records are those of the national code their token's subject is (Persian or Arabic-Indic digits
 * read as ASCII); a subject that is no national code owns no record.
 */
export function callerNationalCode(caller: Caller): string | undefined {
  if (!caller.authenticated || !caller.subject) return undefined;
  const parsed = parseNationalCode(caller.subject);
  return parsed.ok ? parsed.value : undefined;
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
