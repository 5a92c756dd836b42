import { instantOfIsoDate } from '../text/calendar';
import { nameSortKey } from '../text/collation';
import { nameParts } from '../text/person-name';
import { searchKey } from '../text/normalize';
import { personNameFields } from '../registry/person-name-fields';
import { ContactDocument, OrganisationDocument, ParticipationDocument, ParticipationRole, PersonDocument, RoleDocument, roleId, participationId } from '../registry/documents';
import { NamedPerson } from './people';

/** The fixed instant demo documents carry, so demo data is the same on every start. */
export const DEMO_TIMESTAMP = new Date('2026-01-01T00:00:00Z');

/** A demo person's record in one registry, with a synthetic contact (see syntheticContact) unless `record` gives one. */
export function personDocument<R extends object>(person: NamedPerson, record: R): PersonDocument & R {
  return {
    _id: person.nationalCode,
    ...personNameFields(nameParts(person.fullName, person), person.nationalCode),
    updatedAt: DEMO_TIMESTAMP,
    contact: syntheticContact(person.nationalCode),
    ...record,
  };
}

/**
 * A contact made up from the national code, the same in every registry for one person: the demo
 * data has no real phone numbers or addresses, and must not. The phone numbers are made up
 * (+98 21 5555 and four digits), the emails are under the reserved `.example` domain, and every
 * address says it is synthetic (نشانی ساختگی).
 */
export function syntheticContact(nationalCode: string): ContactDocument {
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (const char of nationalCode) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  const four = (n: number) => String(n % 10_000).padStart(4, '0');
  return {
    phone: `+98 21 5555 ${four(hash)}`,
    email: `member-${hash.toString(36)}@registries.example`,
    address: `صندوق پستی ${four(hash >>> 7)}-14155، تهران (نشانی ساختگی)`,
  };
}

export function organisationDocument<K extends string, R extends object>(
  id: string,
  name: string,
  kind: K,
  record: R & { city?: string; province?: string },
): OrganisationDocument & { kind: K } & R {
  return { _id: id, name, nameKey: searchKey(name), sortKey: nameSortKey(name, id), kind, ...record };
}

/** A role; `since` may be given as an ISO day (`2020-05-04`), stored as that day's instant. */
export function roleDocument(role: Omit<RoleDocument, '_id' | 'since'> & { since?: Date | string }): RoleDocument {
  const { since, ...rest } = role;
  return { _id: roleId(rest), ...rest, ...(since === undefined ? {} : { since: typeof since === 'string' ? instantOfIsoDate(since) : since }) };
}

export function participationDocument(projectId: string, organisationId: string, role: ParticipationRole, contribution?: string): ParticipationDocument {
  const participation = { projectId, organisationId, role, ...(contribution ? { contribution } : {}) };
  return { _id: participationId(participation), ...participation };
}

/** A small deterministic pseudo-random sequence (mulberry32), so generated data never changes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
