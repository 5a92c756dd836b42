import { Caller } from '../auth/caller';
import { RegistryContext } from '../registry/context';
import { InputChecker } from '../errors';
import { checkOptionalText, checkText } from '../validation';
import { RecordChangeRecord, SourceRecord } from './documents';

/** The context governance writes run in: the registry's, with the caller the gateway signed (when there is one). */
export type GovernanceContext = RegistryContext & { caller?: Caller };

/** A change to append to a record's history: stamped now, with the caller's token subject. */
export function changeBy(ctx: GovernanceContext, change: Omit<RecordChangeRecord, 'at' | 'by'>): RecordChangeRecord {
  const by = ctx.caller?.subject;
  return { at: new Date(), ...(by ? { by } : {}), ...withoutUndefined(change) };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A note kept with a change: at most 2000 characters; undefined when none. */
export const checkNote = (checker: InputChecker, field: string, note: string | null | undefined): string | undefined => checkOptionalText(checker, field, note, { max: 2000 });

export interface SourceInput {
  text: string;
  quote: string;
  note?: string | null;
}

/** Which source text (three digits, e.g. `003`) and the words a record rests on. */
export function checkSource(checker: InputChecker, field: string, source: SourceInput | null | undefined): SourceRecord | undefined {
  if (!source) return undefined;
  if (!/^\d{3}$/.test(source.text)) checker.add(`${field}.text`, `"${source.text}" is not a source text's number: three digits, e.g. 003`);
  const quote = checkText(checker, `${field}.quote`, source.quote, { min: 2, max: 2000 });
  const note = checkOptionalText(checker, `${field}.note`, source.note, { max: 500 });
  return quote ? { text: source.text, quote, ...(note ? { note } : {}) } : undefined;
}
