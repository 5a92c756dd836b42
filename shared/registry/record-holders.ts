import { Filter, StoreCollection, StoredDocument } from '../store/port';

/** A field of a collection's documents that names a person by national code, perhaps through a list (`attendees.nationalCode`). */
export interface PersonNamingField {
  collection: StoreCollection<StoredDocument>;
  path: string;
  /**
   * The documents whose field names someone, where not every document's does: counted for the sign
   * of change and read for the codes through the field's index (a planned meeting names no attendee
   * until it is recorded as held, in place). Every document by default, counted from the collection's size.
   */
  naming?: Filter;
}

/** Where a registry keeps records that name people, and which of some codes are its members. */
export interface RecordHolderSource {
  personNamingFields(): PersonNamingField[];
  membersAmong(codes: readonly string[]): Promise<string[]>;
}

/** How many codes one members lookup takes. */
const LOOKUP_BATCH = 1_000;

/** The strings at `path` in `value`, through lists at any step. */
function valuesAt(value: unknown, path: readonly string[], into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) valuesAt(item, path, into);
    return;
  }
  if (path.length === 0) {
    if (typeof value === 'string') into.add(value);
    return;
  }
  if (typeof value === 'object' && value !== null) valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1), into);
}

/**
 * The people a registry keeps records of without holding them as members: committee seats, meeting
 * attendance, roles and credentials that name a national code no member has. The gateway reads
 * them (`_recordHolderCodes`) so that it asks this registry for a person's own record (`me`) only
 * when the registry keeps something of theirs, and tells no other registry the person's code.
 */
export class RecordHolders {
  constructor(private readonly source: RecordHolderSource) {}

  /**
   * How many records name people: it moves when one is added or removed, or a planned meeting is
   * recorded as held with its attendees (the gateway's sign to read the codes again). Each count is
   * the collection's size, or a read of one index.
   */
  async recordCount(): Promise<number> {
    const counts = await Promise.all(this.source.personNamingFields().map(({ collection, naming }) => collection.count(naming ?? {})));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /**
   * Up to `first` of the codes after `after`, in code order. The codes named are gathered whole (an
   * index scan a field); the members among them are looked up only from `after` on, 1,000 at a time,
   * until the page is full: a page costs its own lookups, not those of every page before it.
   */
  async codes(after: string | null, first: number): Promise<string[]> {
    const candidates = (await this.named()).filter((code) => after === null || code > after);
    const page: string[] = [];
    for (let start = 0; start < candidates.length && page.length < first; start += LOOKUP_BATCH) {
      const batch = candidates.slice(start, start + LOOKUP_BATCH);
      const members = new Set(await this.source.membersAmong(batch));
      for (const code of batch) if (!members.has(code) && page.length < first) page.push(code);
    }
    return page;
  }

  /** Every code the records name, members' too, sorted. */
  private async named(): Promise<string[]> {
    const named = new Set<string>();
    await Promise.all(
      this.source.personNamingFields().map(async ({ collection, path, naming }) => {
        const steps = path.split('.');
        // A top-level field's values grouped by the database itself (with its index, an index scan), not every document read.
        if (steps.length === 1 && collection.countBy) {
          for (const { key } of await collection.countBy(path, {})) if (typeof key === 'string') named.add(key);
          return;
        }
        for (const document of await collection.find(naming ?? {}, { fields: [steps[0]!] })) valuesAt(document, steps, named);
      }),
    );
    return [...named].sort();
  }
}
