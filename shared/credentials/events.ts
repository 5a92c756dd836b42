import { DueEventSource, inBatches } from '../outbox/date-scan';
import { EventDraft, EventTypeDeclaration, eventDay } from '../outbox/events';
import { RegistryKey } from '../registry/keys';
import { Filter, StoredDocument } from '../store/port';
import { CatalogFacts, CatalogSource } from './catalog';
import { CredentialAction } from './changes';
import { CredentialCriteria } from './filters';
import { CredentialKinds, credentialId } from './kinds';
import { credentialStatus, startOfUtcDay } from './validity';

/** What happened to a credential, as its event's type names it. */
export const CREDENTIAL_CHANGE_EVENTS = {
  issued: 'credential.issued',
  renewed: 'credential.renewed',
  suspended: 'credential.suspended',
  reinstated: 'credential.reinstated',
  revoked: 'credential.revoked',
  amended: 'credential.amended',
} as const;
export type CredentialChangeEvent = (typeof CREDENTIAL_CHANGE_EVENTS)[keyof typeof CREDENTIAL_CHANGE_EVENTS];

/** The events a scan writes when a credential's dates pass (shared/outbox/date-scan.ts). */
export const CREDENTIAL_DATE_EVENTS = { expiring: 'credential.expiring', expired: 'credential.expired' } as const;
export type CredentialDateEvent = (typeof CREDENTIAL_DATE_EVENTS)[keyof typeof CREDENTIAL_DATE_EVENTS];

/** The credential events of every registry that keeps credentials. */
export const CREDENTIAL_EVENT_TYPES: readonly EventTypeDeclaration[] = [
  { type: CREDENTIAL_CHANGE_EVENTS.issued, description: 'A credential (licence, accreditation, certificate) was issued.' },
  { type: CREDENTIAL_CHANGE_EVENTS.renewed, description: 'A credential was renewed: its last valid day moved later.' },
  { type: CREDENTIAL_CHANGE_EVENTS.suspended, description: 'A credential was suspended.' },
  { type: CREDENTIAL_CHANGE_EVENTS.reinstated, description: 'A suspended credential was reinstated.' },
  { type: CREDENTIAL_CHANGE_EVENTS.revoked, description: 'A credential was revoked, for good.' },
  {
    type: CREDENTIAL_CHANGE_EVENTS.amended,
    description: 'A credential was recorded again under the same number with other terms (grade, discipline, issuer, an earlier last valid day).',
  },
  { type: CREDENTIAL_DATE_EVENTS.expiring, description: 'A valid credential has entered its last days (REMINDER_EXPIRING_DAYS, 30 by default): written once per last valid day.' },
  { type: CREDENTIAL_DATE_EVENTS.expired, description: 'A credential passed its last valid day without renewal: written once per last valid day.' },
];

/** The event a renewal or a standing change writes. */
export function credentialActionEvent(action: CredentialAction): CredentialChangeEvent {
  if (action.type === 'renew') return CREDENTIAL_CHANGE_EVENTS.renewed;
  if (action.change === 'SUSPEND') return CREDENTIAL_CHANGE_EVENTS.suspended;
  if (action.change === 'REINSTATE') return CREDENTIAL_CHANGE_EVENTS.reinstated;
  return CREDENTIAL_CHANGE_EVENTS.revoked;
}

/** Where a registry keeps one kind of credential and what names it: its key, its kinds, the kind's catalog source. */
export interface CredentialEventSubject {
  registry: RegistryKey;
  kinds: CredentialKinds;
  source: CatalogSource;
}

/**
 * The event about a credential as its catalog source reads it from `document` (the organisation,
 * person or credential document holding it): its global id and kind, number, title, days and
 * status today; the holder's national code only in the personal part.
 */
export function credentialEvent(subject: CredentialEventSubject, document: StoredDocument, type: CredentialChangeEvent | CredentialDateEvent): EventDraft {
  const facts: CatalogFacts = subject.source.facts(document);
  const id = credentialId(subject.registry, subject.kinds[subject.source.kind]!, facts.key);
  // A date's event is written once per credential and last valid day: a renewal brings a new one.
  const once = type === CREDENTIAL_DATE_EVENTS.expiring || type === CREDENTIAL_DATE_EVENTS.expired ? `${type}|${id}|${eventDay(facts.validity.validUntil)?.iso ?? ''}` : undefined;
  const holderOrganisationId = 'organisationId' in facts.holder ? facts.holder.organisationId : null;
  return {
    type,
    record: { type: subject.source.kind, id },
    organisationId: holderOrganisationId ?? facts.organisationId ?? null,
    data: {
      kind: subject.source.kind,
      number: facts.number,
      title: facts.title,
      holderOrganisationId,
      validFrom: eventDay(facts.validity.validFrom),
      validUntil: eventDay(facts.validity.validUntil),
      suspendedOn: eventDay(facts.validity.suspendedOn),
      revokedOn: eventDay(facts.validity.revokedOn),
      status: credentialStatus(facts.validity, startOfUtcDay()),
    },
    ...('nationalCode' in facts.holder ? { personal: { holderNationalCode: facts.holder.nationalCode } } : {}),
    ...(once ? { once } : {}),
  };
}

/**
 * The scans of a registry's credentials, one per kind (see DueEventSource): `credential.expiring`
 * for those in their last `expiringWithinDays` days today, `credential.expired` for those that
 * passed their last valid day between the day the last scan saw and today (UTC days: credentials
 * run by whole days), each told by the registry's own credential filters. A reminder is looked for
 * in today's whole window, not only among those that entered it since the last scan: the filters
 * read the stored days, so a credential issued or renewed already inside its last days (valid the
 * day before as stored now) never "entered" it, and had no reminder (audit, 2026-12-07). Each
 * reminder is written once per credential and last valid day (its `once` key), so seeing one again
 * on the next days writes nothing; the window is bounded, unlike the list of expired credentials.
 */
export function credentialDateSources(registry: RegistryKey, kinds: CredentialKinds, sources: readonly CatalogSource[], expiringWithinDays: number): DueEventSource[] {
  return sources.map((source) => {
    const subject: CredentialEventSubject = { registry, kinds, source };
    const entered = (criteria: (asOf: Date) => CredentialCriteria, from: Date, to: Date): Filter => ({
      $and: [source.filter(criteria(to)), { $nor: [source.filter(criteria(from))] }],
    });
    const expiring = (asOf: Date): CredentialCriteria => ({ expiringWithinDays, asOf });
    const expired = (asOf: Date): CredentialCriteria => ({ status: 'EXPIRED', asOf });
    return {
      name: `credentials:${source.kind}`,
      async *due(from: Date, to: Date): AsyncIterable<EventDraft[]> {
        const [fromDay, toDay] = [startOfUtcDay(from), startOfUtcDay(to)];
        if (fromDay.getTime() >= toDay.getTime()) return;
        const keyOf = (document: StoredDocument) => String(keyFieldValue(document, source.keyField));
        for (const [filter, type] of [
          [source.filter(expiring(toDay)), CREDENTIAL_DATE_EVENTS.expiring],
          [entered(expired, fromDay, toDay), CREDENTIAL_DATE_EVENTS.expired],
        ] as const) {
          for await (const documents of inBatches(source.collection, filter, source.keyField, keyOf)) {
            yield documents.map((document) => credentialEvent(subject, document, type));
          }
        }
      },
    };
  });
}

/** The value at a dotted path of a document (`licence.number`). */
function keyFieldValue(document: StoredDocument, path: string): unknown {
  return path.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), document);
}
