import { Caller, readsAuthorsOf } from '../auth/caller';
import { enteredBy } from '../provenance/provenance';
import { RegistryKey, typePrefixOf } from './keys';
import { OrganisationDocument, PersonChangeRecord, PersonDocument } from './documents';
import { RegistryContext } from './context';

/** The name fields an upsert always sets (`checkPersonCore(...).name`); the ones it leaves out are cleared. */
const NAME_FIELDS = ['title', 'givenName', 'familyName', 'fullName', 'nameKey', 'sortKey'] as const;

/** The name fields a change is recorded for: `nameKey` and `sortKey` follow from them. */
const RECORDED_NAME_FIELDS: readonly string[] = ['title', 'givenName', 'familyName', 'fullName'];

type NameFields = Pick<PersonDocument, (typeof NAME_FIELDS)[number]>;

/** A registry's own fields of its person record (besides those every registry has). */
export type OwnPersonFields<P extends PersonDocument> = { [K in Exclude<keyof P, keyof PersonDocument>]?: P[K] | undefined };

/**
 * What a member upsert sets: the checked name, and the registry's own fields it is responsible for,
 * each named (undefined: the person has none after the upsert). Every other field of a stored
 * person (contact, provenance, history...) is kept as it is.
 */
export interface MemberUpsert<P extends PersonDocument> {
  nationalCode: string;
  name: NameFields;
  /** The registry's fields, from the person as stored (undefined for a new person), e.g. a standing kept when none is given. */
  own: (previous: P | undefined) => OwnPersonFields<P>;
}

/** What an upsert comes to: a new person, a change to a stored one (with what changed), or nothing to write. */
export type PersonUpsertResult<P extends PersonDocument> =
  { kind: 'created'; next: P } | { kind: 'changed'; previous: P; next: P; changes: PersonChangeRecord[] } | { kind: 'unchanged'; previous: P };

/**
 * A field's value as a change records it: text as it is, a day or instant as ISO 8601, a record
 * (a licence...) as JSON with its keys in order, so the same value always reads the same.
 */
export function changeValueText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (isDate(value)) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(canonical(value));
}

/**
 * A field's value as a member's `history` records it: `changeValueText`, with a record's own
 * `provenance` left out. Who entered a record (a licence...) is a token's subject, which may be a
 * national code; the change already says who made it (`MemberChange.by`, shown with `personal:read`
 * only), and `before` and `after`, which the registry's administrators read without it, must not
 * say it again.
 */
export function recordedChangeText(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || isDate(value) || !('provenance' in value)) return changeValueText(value);
  const { provenance: _enteredBy, ...facts } = value as Record<string, unknown>;
  return changeValueText(facts);
}

/**
 * A `before` or `after` as stored, without a record's `provenance`: entries written before
 * `recordedChangeText` hold it (a record's JSON text, with who entered it).
 */
export function shownChangeText(text: string | undefined): string | null {
  if (text === undefined) return null;
  if (!text.startsWith('{')) return text;
  try {
    return recordedChangeText(JSON.parse(text)) ?? null;
  } catch {
    return text;
  }
}

/** A Date of any realm (the embedded store's copies may come from another). */
const isDate = (value: unknown): value is Date => Object.prototype.toString.call(value) === '[object Date]';

function canonical(value: unknown): unknown {
  if (isDate(value)) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
  );
}

/**
 * The person after an upsert of `upsert` over `previous` as stored: a new person is ENTERED by the
 * caller; a stored one keeps its provenance and every field the upsert does not set, and gets one
 * history entry (when, by whom, which field, before, after) for each field whose value changed.
 */
export function personAfterUpsert<P extends PersonDocument>(
  previous: P | undefined,
  upsert: MemberUpsert<P>,
  caller: { subject?: string } | undefined,
  at: Date = new Date(),
): PersonUpsertResult<P> {
  const own = upsert.own(previous);
  const set: Record<string, unknown> = { ...upsert.name, ...own };
  const managed = [...NAME_FIELDS, ...Object.keys(own)];
  const kept: Record<string, unknown> = { ...(previous ?? {}) };
  for (const field of managed) delete kept[field];
  const values = Object.fromEntries(Object.entries(set).filter(([, value]) => value !== undefined));
  if (!previous) {
    return { kind: 'created', next: { ...values, _id: upsert.nationalCode, updatedAt: at, provenance: enteredBy(caller, at) } as P };
  }
  const by = caller?.subject;
  const changes: PersonChangeRecord[] = [];
  for (const field of [...RECORDED_NAME_FIELDS, ...Object.keys(own)]) {
    const before = recordedChangeText((previous as Record<string, unknown>)[field]);
    const after = recordedChangeText(values[field]);
    if (before === after) continue;
    changes.push({ at, ...(by ? { by } : {}), field, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  if (changes.length === 0) return { kind: 'unchanged', previous };
  const next = { ...kept, ...values, _id: previous._id, updatedAt: at, history: [...(previous.history ?? []), ...changes] } as P;
  return { kind: 'changed', previous, next, changes };
}

/** `<Key>Member.history`: the stored changes as `MemberChange`s (the field's `@requiresScopes` keeps them to the registry's administrators; who made each, to those with personal:read). */
export function memberHistoryResolvers(key: RegistryKey) {
  return {
    [`${typePrefixOf(key)}Member`]: {
      history: (person: PersonDocument, _: unknown, context: { caller?: Caller }) =>
        (person.history ?? []).map((change) => ({
          at: new Date(change.at).toISOString(),
          by: readsAuthorsOf(context.caller, key) ? (change.by ?? null) : null,
          field: change.field,
          before: shownChangeText(change.before),
          after: shownChangeText(change.after),
        })),
    },
  };
}

/**
 * A registry's member upsert, written: reads the person as stored (or takes the one the registry
 * just read, `previous`), then creates them, or writes the change over the record read
 * (WRITE_CONFLICT when another request changed or added them since), or writes nothing when nothing
 * changed. Returns the person as now stored.
 */
export async function upsertMember<P extends PersonDocument, O extends OrganisationDocument>(
  context: RegistryContext<P, O> & { caller?: Caller },
  upsert: MemberUpsert<P>,
  options: { previous?: P } = {},
): Promise<P> {
  const previous = options.previous ?? (await context.repository.findPeople([upsert.nationalCode]))[0];
  const result = personAfterUpsert(previous, upsert, context.caller);
  if (result.kind === 'unchanged') return result.previous;
  if (result.kind === 'created') await context.repository.insertPerson(result.next);
  else await context.repository.replacePerson(result.previous, result.next);
  // Not primed with `next`: it carries the revision it was read at, not the one the store gave it.
  context.loaders.person.clear(result.next._id);
  return result.next;
}
