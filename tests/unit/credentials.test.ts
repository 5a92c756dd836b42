import fc from 'fast-check';
import { checkCredentialListArgs } from '../../shared/credentials/arguments';
import { CatalogEntry, mergeCatalogParts } from '../../shared/credentials/catalog';
import { applyCredentialAction, applyStandingChange, checkStandingChange } from '../../shared/credentials/changes';
import { expiringFilter, statusFilter } from '../../shared/credentials/filters';
import { credentialId, kindsInIdOrder } from '../../shared/credentials/kinds';
import { AUDITORS_CREDENTIAL_KINDS } from '../../subgraphs/auditors/credential-kinds';
import { ENGINEERING_CREDENTIAL_KINDS } from '../../subgraphs/engineering/credential-kinds';
import { LABS_CREDENTIAL_KINDS } from '../../subgraphs/labs/credential-kinds';
import { addDays, credentialStatus, CREDENTIAL_STATUSES, daysRemaining, startOfUtcDay, Validity } from '../../shared/credentials/validity';
import { InputChecker } from '../../shared/errors';
import { MemoryStore } from '../../shared/store/memory-store';
import { documentsByCollection } from '../../shared/registry/documents';
import { instantOfIsoDate } from '../../shared/text/calendar';
import { auditorsDemoData } from '../../subgraphs/auditors/demo-data';
import { auditorsScaleData } from '../../subgraphs/auditors/scale-data';
import { requiredCourses } from '../../subgraphs/engineering/courses';
import { engineeringDemoData } from '../../subgraphs/engineering/demo-data';
import { engineeringScaleData } from '../../subgraphs/engineering/scale-data';

const day = (iso: string) => instantOfIsoDate(iso);

/** Days within a few weeks of 2026-11-21, so that random validities and days often meet. */
const nearDay = fc.integer({ min: -30, max: 30 }).map((n) => addDays(day('2026-11-21'), n));
const validity: fc.Arbitrary<Validity> = fc.record({ validFrom: nearDay, validUntil: nearDay, suspendedOn: nearDay, revokedOn: nearDay }, { requiredKeys: [] });

describe('credential status', () => {
  it('is derived from the days, first match winning: revoked, suspended, not yet valid, expired, valid', () => {
    const v: Validity = { validFrom: day('2025-01-01'), validUntil: day('2026-12-31') };
    expect(credentialStatus(v, day('2024-12-31'))).toBe('NOT_YET_VALID');
    expect(credentialStatus(v, day('2025-01-01'))).toBe('VALID');
    expect(credentialStatus(v, day('2026-12-31'))).toBe('VALID');
    expect(credentialStatus(v, day('2027-01-01'))).toBe('EXPIRED');
    expect(credentialStatus({ ...v, suspendedOn: day('2026-06-01') }, day('2026-05-31'))).toBe('VALID');
    expect(credentialStatus({ ...v, suspendedOn: day('2026-06-01') }, day('2027-06-01'))).toBe('SUSPENDED');
    expect(credentialStatus({ ...v, suspendedOn: day('2026-06-01'), revokedOn: day('2026-07-01') }, day('2026-07-01'))).toBe('REVOKED');
    expect(credentialStatus({}, day('2026-01-01'))).toBe('VALID');
    expect(daysRemaining(v, day('2026-12-01'))).toBe(30);
    expect(daysRemaining({}, day('2026-12-01'))).toBeNull();
  });

  it('as a store query selects exactly the credentials credentialStatus gives that status (any days, any path)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(validity, { minLength: 1, maxLength: 25 }), nearDay, fc.constantFrom('', 'accreditation.'), async (validities, asOf, path) => {
        const collection = new MemoryStore().collection<{ _id: string; accreditation?: Validity } & Validity>('c');
        await collection.insertMany(validities.map((v, i) => ({ _id: String(i).padStart(3, '0'), ...(path ? { accreditation: v } : v) })));
        for (const status of CREDENTIAL_STATUSES) {
          const found = (await collection.find(statusFilter(status, asOf, path))).map((d) => d._id);
          const expected = validities.flatMap((v, i) => (credentialStatus(v, asOf) === status ? [String(i).padStart(3, '0')] : []));
          expect({ status, found: found.sort() }).toEqual({ status, found: expected });
        }
        const expiring = (await collection.find(expiringFilter(10, asOf, path))).map((d) => d._id).sort();
        const expected = validities.flatMap((v, i) => {
          const left = daysRemaining(v, asOf);
          return credentialStatus(v, asOf) === 'VALID' && left !== null && left <= 10 ? [String(i).padStart(3, '0')] : [];
        });
        expect(expiring).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

describe('credential changes', () => {
  const base: Validity = { validFrom: day('2025-01-01'), validUntil: day('2026-12-31') };

  it('suspend, reinstate and revoke follow the rules, and report what is wrong', () => {
    const checker = new InputChecker();
    const suspended = applyStandingChange(base, 'SUSPEND', day('2026-03-01'));
    expect(suspended.suspendedOn).toEqual(day('2026-03-01'));
    expect(checkStandingChange(checker, suspended, 'SUSPEND', null)).toBeUndefined();
    expect(checkStandingChange(checker, base, 'REINSTATE', null)).toBeUndefined();
    const revoked = applyStandingChange(suspended, 'REVOKE', day('2026-04-01'));
    expect(checkStandingChange(checker, revoked, 'REINSTATE', null)).toBeUndefined();
    expect(applyStandingChange(suspended, 'REINSTATE', day('2026-05-01'))).toEqual(base);
    expect(() => checker.throwIfAny()).toThrow(/already suspended.*not suspended.*revocation is final/s);
  });

  it('refuses a reinstatement dated another day than today: it would take effect today all the same', () => {
    const suspended = applyStandingChange(base, 'SUSPEND', day('2026-03-01'));
    const today = startOfUtcDay();
    const checker = new InputChecker();
    expect(checkStandingChange(checker, suspended, 'REINSTATE', addDays(today, 30).toISOString().slice(0, 10))).toBeUndefined();
    expect(checkStandingChange(checker, suspended, 'REINSTATE', addDays(today, -1).toISOString().slice(0, 10))).toBeUndefined();
    expect(() => checker.throwIfAny()).toThrow(/on: a reinstatement takes effect the day it is recorded/);
    expect(checkStandingChange(new InputChecker(), suspended, 'REINSTATE', today.toISOString().slice(0, 10))).toEqual(today);
    expect(checkStandingChange(new InputChecker(), suspended, 'REINSTATE', null)).toEqual(today);
  });

  it('refuses a suspension or revocation dated before the credential was first valid', () => {
    const checker = new InputChecker();
    expect(checkStandingChange(checker, base, 'REVOKE', '1300-01-01')).toBeUndefined();
    expect(checkStandingChange(checker, base, 'SUSPEND', '1921-03-21')).toBeUndefined();
    expect(() => checker.throwIfAny()).toThrow(/on: .*1921-03-21.* is before the credential's first valid day/);
    expect(checkStandingChange(new InputChecker(), base, 'REVOKE', base.validFrom!.toISOString().slice(0, 10))).toEqual(base.validFrom);
  });

  it('renewal moves the last day later only, never for a revoked credential', () => {
    const checker = new InputChecker();
    expect(applyCredentialAction(checker, base, { type: 'renew', validUntil: '2027-12-31', by: undefined })?.validUntil).toEqual(day('2027-12-31'));
    expect(applyCredentialAction(checker, base, { type: 'renew', validUntil: '2026-12-31', by: undefined })).toBeUndefined();
    expect(applyCredentialAction(checker, { ...base, revokedOn: day('2026-01-01') }, { type: 'renew', validUntil: '2030-01-01', by: undefined })).toBeUndefined();
    expect(() => checker.throwIfAny()).toThrow(/does not extend.*cannot be renewed/s);
  });
});

describe('credential list arguments', () => {
  it('names every bad argument in one error', () => {
    // `after` is a position here: a bad cursor was refused when it was opened (list-cursors.ts).
    expect(() => checkCredentialListArgs({ asOf: 'yesterday', expiringWithinDays: 4000, first: 0, after: 'x' })).toThrow(/asOf:.*expiringWithinDays:.*first:/s);
    expect(checkCredentialListArgs({ asOf: '1405-08-30' }).asOf).toEqual(day('2026-11-21'));
  });
});

describe('the cross-registry catalog', () => {
  it('gives every kind an id prefix of its registry, kinds of a registry in id order', () => {
    expect(kindsInIdOrder('auditors', AUDITORS_CREDENTIAL_KINDS)).toEqual(['AUDITOR_CERTIFICATION', 'INSPECTION_ACCREDITATION']);
    expect(kindsInIdOrder('engineering', ENGINEERING_CREDENTIAL_KINDS)).toEqual(['ABROAD_CERTIFICATE', 'ENGINEERING_LICENCE']);
    expect(credentialId('labs', LABS_CREDENTIAL_KINDS.LAB_ACCREDITATION, 'labs:lab-0001')).toBe('labs:lab-accreditation:labs:lab-0001');
  });

  /** An entry of the kind its id's slug names (`labs:a:1` is of kind A). */
  const entry = (id: string) => ({ id, kind: id.split(':')[1]!.toUpperCase() }) as CatalogEntry;
  const keeperOf = (kind: string) => ({ A: 'labs', C: 'auditors', E: 'engineering', G: 'guilds' })[kind];

  it("merges the registries' parts into one page in id order, counted over all", () => {
    const page = mergeCatalogParts(
      [
        ['labs', { totalCount: 10, entries: ['labs:a:1', 'labs:a:2', 'labs:a:3'].map(entry) }],
        ['auditors', { totalCount: 2, entries: ['auditors:c:1', 'auditors:c:2'].map(entry) }],
        ['engineering', null],
        ['guilds', { totalCount: 0, entries: [] }],
      ],
      { first: 3 },
      keeperOf,
    );
    expect(page.nodes.map((n) => n.id)).toEqual(['auditors:c:1', 'auditors:c:2', 'labs:a:1']);
    expect(page.totalCount).toBe(12);
    // The end position; the directory seals it into a cursor (list-cursors.ts).
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: 'labs:a:1' });
    expect(page.strays).toEqual([]);
  });

  it("leaves out the entries a registry gives under another registry's id or kind, and names it", () => {
    // Kept, guilds' entries would have been shown as credentials of labs (Credential.registry is read from the id) and of engineering's kind.
    const page = mergeCatalogParts(
      [
        ['labs', { totalCount: 1, entries: ['labs:a:1'].map(entry) }],
        ['guilds', { totalCount: 4, entries: [entry('labs:a:0'), entry('guilds:e:1'), { ...entry('guilds:g:1'), kind: 'A' }, entry('guilds:g:2')] }],
      ],
      { first: 10 },
      keeperOf,
    );
    expect(page.nodes.map((n) => n.id)).toEqual(['guilds:g:2', 'labs:a:1']);
    expect(page.strays).toEqual(['guilds']);
  });
});

describe('credentials in the demo and scale data', () => {
  type Doc = { _id: string } & Record<string, unknown>;

  const collect = (batches: Iterable<{ collection: string; documents: unknown[] }>) => {
    const by: Record<string, Doc[]> = {};
    for (const batch of batches) (by[batch.collection] ??= []).push(...(batch.documents as Doc[]));
    return by;
  };
  const engineering = { demo: documentsByCollection(engineeringDemoData()) as unknown as Record<string, Doc[]>, scale: collect(engineeringScaleData(1_000)) };
  const auditors = { demo: documentsByCollection(auditorsDemoData()) as unknown as Record<string, Doc[]>, scale: collect(auditorsScaleData(1_000)) };

  it.each(['demo', 'scale'] as const)('%s: every certificate for working abroad was issued as the rules require', (which) => {
    const data = engineering[which];
    const people = new Map(data.people!.map((p) => [p._id, p as Doc & { licence?: Validity }]));
    const done = new Map<string, Map<string, Date>>();
    for (const c of data.courseCompletions!)
      done.set(c.nationalCode as string, (done.get(c.nationalCode as string) ?? new Map<string, Date>()).set(c.courseId as string, c.completedOn as Date));
    expect(data.abroadCertificates!.length).toBeGreaterThan(0);
    for (const certificate of data.abroadCertificates! as (Doc & Validity & { nationalCode: string; country: string })[]) {
      const holder = people.get(certificate.nationalCode);
      expect(holder?.licence && credentialStatus(holder.licence, certificate.validFrom!)).toBe('VALID');
      // Nor may it outlast the licence (audit, 2026-12-07: two demo certificates did).
      if (holder?.licence?.validUntil) expect(certificate.validUntil!.getTime()).toBeLessThanOrEqual(holder.licence.validUntil.getTime());
      for (const course of requiredCourses(certificate.country)) {
        expect(done.get(certificate.nationalCode)?.get(course.id)!.getTime()).toBeLessThanOrEqual(certificate.validFrom!.getTime());
      }
    }
  });

  it.each(['demo', 'scale'] as const)("%s: every certification's holder is a member, and its days are instants", (which) => {
    const data = auditors[which];
    const people = new Set(data.people!.map((p) => p._id));
    for (const certification of data.certifications!) {
      expect(people.has(certification.nationalCode as string)).toBe(true);
      expect(certification.validFrom).toBeInstanceOf(Date);
      expect((certification.validFrom as Date).getUTCHours()).toBe(0);
    }
  });
});
