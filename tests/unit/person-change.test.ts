import { enteredBy, fromText } from '../../shared/provenance/provenance';
import { PersonDocument } from '../../shared/registry/documents';
import { changeValueText, memberHistoryResolvers, MemberUpsert, personAfterUpsert } from '../../shared/registry/person-change';
import { personNameFields } from '../../shared/registry/person-name-fields';

/** What a member upsert makes of a stored person (shared/registry/person-change.ts), without a store. */

interface TestPerson extends PersonDocument {
  expertise?: string;
  licence?: { number: string; validUntil?: Date; provenance?: ReturnType<typeof enteredBy> };
}

const CODE = '0061234508';
const AT = new Date('2026-12-04T10:00:00Z');
const caller = { subject: 'registrar' };

const stored: TestPerson = {
  _id: CODE,
  ...personNameFields({ givenName: 'سعید', familyName: 'تاجیک', fullName: 'سعید تاجیک' }, CODE),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  provenance: fromText('002', 'سعید تاجیک'),
  contact: { email: 'someone@registries.example' },
  expertise: 'ممیزی',
  licence: { number: '1-11-1', validUntil: new Date('2027-06-21T00:00:00Z') },
};

const upsert = (own: Partial<Pick<TestPerson, 'expertise' | 'licence'>>, name = { givenName: 'سعید', familyName: 'تاجیک', fullName: 'سعید تاجیک' }): MemberUpsert<TestPerson> => ({
  nationalCode: CODE,
  name: personNameFields(name, CODE),
  own: () => ({ expertise: undefined, licence: undefined, ...own }),
});

describe('a member upsert over a stored person', () => {
  it("changes nothing when every field it sets reads the same, whatever the order of a record's keys", () => {
    const same = upsert({ expertise: 'ممیزی', licence: { validUntil: new Date('2027-06-21T00:00:00Z'), number: '1-11-1' } });
    expect(personAfterUpsert(stored, same, caller, AT)).toEqual({ kind: 'unchanged', previous: stored });
  });

  it('keeps the provenance and the fields it does not set, and records each field changed or cleared with its value before', () => {
    const result = personAfterUpsert(stored, upsert({ expertise: 'بازرسی' }, { givenName: 'سعید', familyName: 'تاجیک‌زاده', fullName: 'سعید تاجیک‌زاده' }), caller, AT);
    expect(result.kind).toBe('changed');
    if (result.kind !== 'changed') return;
    expect(result.next.provenance).toEqual(stored.provenance);
    expect(result.next.contact).toEqual(stored.contact);
    expect(result.next.licence).toBeUndefined();
    expect(result.changes).toEqual([
      { at: AT, by: 'registrar', field: 'familyName', before: 'تاجیک', after: 'تاجیک‌زاده' },
      { at: AT, by: 'registrar', field: 'fullName', before: 'سعید تاجیک', after: 'سعید تاجیک‌زاده' },
      { at: AT, by: 'registrar', field: 'expertise', before: 'ممیزی', after: 'بازرسی' },
      { at: AT, by: 'registrar', field: 'licence', before: '{"number":"1-11-1","validUntil":"2027-06-21T00:00:00.000Z"}' },
    ]);
    expect(result.next.history).toEqual(result.changes);
  });

  it('appends to the history already kept, never rewriting it', () => {
    const earlier = { at: new Date('2026-02-01T00:00:00Z'), by: 'someone', field: 'expertise', before: 'کیفیت', after: 'ممیزی' };
    const result = personAfterUpsert({ ...stored, history: [earlier] }, upsert({ expertise: 'بازرسی', licence: stored.licence! }), caller, AT);
    expect(result.kind === 'changed' && result.next.history).toEqual([earlier, { at: AT, by: 'registrar', field: 'expertise', before: 'ممیزی', after: 'بازرسی' }]);
  });

  it('creates a person who is not stored ENTERED by the caller, with no history', () => {
    const result = personAfterUpsert(undefined, upsert({ expertise: 'بازرسی' }), caller, AT);
    expect(result).toEqual({ kind: 'created', next: expect.objectContaining({ _id: CODE, expertise: 'بازرسی', provenance: { kind: 'ENTERED', at: AT, by: 'registrar' } }) });
    expect(result.kind === 'created' && result.next.history).toBeUndefined();
  });

  it('writes values as text: days as ISO 8601, records as JSON in key order', () => {
    expect(changeValueText(new Date('2026-03-20T00:00:00Z'))).toBe('2026-03-20T00:00:00.000Z');
    expect(changeValueText({ b: 1, a: { d: undefined, c: 'x' } })).toBe('{"a":{"c":"x"},"b":1}');
    expect(changeValueText(null)).toBeUndefined();
  });
});

describe("who entered a member's record, in its history", () => {
  // A registrar who signs in as a person: their token's subject is their national code.
  const REGISTRAR_CODE = '0061234516';
  const registrar = { subject: REGISTRAR_CODE };
  const adminOnly = { authenticated: true, subject: 'staff', scopes: ['labs:admin'] };
  const history = (person: PersonDocument, caller: typeof adminOnly) =>
    (
      memberHistoryResolvers('labs').LabsMember!.history as (
        p: PersonDocument,
        a: unknown,
        c: { caller: typeof adminOnly },
      ) => { by: string | null; before: string | null; after: string | null }[]
    )(person, {}, { caller });

  it("records a changed record's facts without its provenance: the change's `by` says who, to personal:read alone", () => {
    const licence = { number: '1-11-1', validUntil: new Date('2028-06-21T00:00:00Z'), provenance: enteredBy(registrar, AT) };
    const result = personAfterUpsert(stored, upsert({ expertise: 'ممیزی', licence }), registrar, AT);
    expect(result.kind === 'changed' && result.changes).toEqual([
      {
        at: AT,
        by: REGISTRAR_CODE,
        field: 'licence',
        before: '{"number":"1-11-1","validUntil":"2027-06-21T00:00:00.000Z"}',
        after: '{"number":"1-11-1","validUntil":"2028-06-21T00:00:00.000Z"}',
      },
    ]);
  });

  it("shows a registry administrator without personal:read no one's subject, in entries written before as in new ones", () => {
    const written = {
      at: AT,
      by: REGISTRAR_CODE,
      field: 'licence',
      after: `{"number":"1-11-1","provenance":{"at":"${AT.toISOString()}","by":"${REGISTRAR_CODE}","kind":"ENTERED"}}`,
    };
    const shown = history({ ...stored, history: [written, { at: AT, by: REGISTRAR_CODE, field: 'fullName', before: '{not json', after: 'سعید' }] }, adminOnly);
    expect(JSON.stringify(shown)).not.toContain(REGISTRAR_CODE);
    expect(shown.map(({ before, after }) => [before, after])).toEqual([
      [null, '{"number":"1-11-1"}'],
      ['{not json', 'سعید'],
    ]);
  });
});
