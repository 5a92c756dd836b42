import { StoredDocument } from '../store/port';
import { CalendarDate, optionalCalendarDateOf } from '../text/calendar';

/** The collections of a registry's outbox and webhooks, in the registry's own database. */
export const OUTBOX_COLLECTIONS = {
  /** Events written with the change that caused them, until they are handed to the subscriptions (fan-out). */
  events: '_outbox_events',
  /** The last sequence number given to each record's events. */
  sequences: '_outbox_sequences',
  /** Keys of the events written at most once (a date that passed, seen by every scan): one document per event written. */
  once: '_outbox_once',
  /** How far each scan for dates that pass has looked. */
  scans: '_outbox_scans',
  subscriptions: '_webhook_subscriptions',
  /** One document per event and subscription until the subscriber acknowledges it; dead letters stay. */
  deliveries: '_webhook_deliveries',
} as const;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type EventData = { [key: string]: JsonValue };

/** What an event is about: a record of the registry, by its type and global id. */
export interface EventRecord {
  /** `RESOLUTION`, `ELECTION`, a credential kind (`LAB_ACCREDITATION`)... */
  type: string;
  /** Its global id, e.g. `labs:lab-accreditation:labs:lab-0001`; never a national code. */
  id: string;
}

/** An event as the code that causes it describes it; the outbox gives it an id, a sequence and a time. */
export interface EventDraft {
  /** `credential.renewed`, `resolution.due`... (see EventTypeDeclaration). */
  type: string;
  record: EventRecord;
  /** The organisation the record belongs to or is kept under (subscriptions may ask for one); null when none. */
  organisationId: string | null;
  /** What a subscriber gets whatever its scopes: nothing personal. */
  data: EventData;
  /** National codes, names of people, contacts: only for subscribers holding `personal:read`. */
  personal?: EventData;
  /**
   * When set, the event is written at most once for this key (a date that passed: every scan
   * sees it, one writes it); an event whose key is taken is left out of the write.
   */
  once?: string;
}

/** An event in the outbox (`_outbox_events`). */
export interface OutboxEventDocument extends StoredDocument {
  type: string;
  record: EventRecord;
  /** The record's queue: its events are delivered in `sequence` order (see recordKeyOf). */
  recordKey: string;
  organisationId: string | null;
  /** 1 for the record's first event, then one more for each. */
  sequence: number;
  occurredAt: Date;
  data: EventData;
  personal?: EventData;
  /** Set once the event is handed to every matching subscription, just before it is removed. */
  fannedOut?: true;
}

export const recordKeyOf = (record: EventRecord): string => `${record.type}|${record.id}`;

/** One kind of event a registry writes, for the subscription API's list and its checks. */
export interface EventTypeDeclaration {
  type: string;
  description: string;
}

/** A day as events carry it: ISO and Solar Hijri, as the graph's `CalendarDate`; null when not recorded. */
export function eventDay(day: Date | undefined | null): { iso: string; jalali: string } | null {
  const date: CalendarDate | null = optionalCalendarDateOf(day ?? null);
  return date ? { iso: date.iso, jalali: date.jalali } : null;
}

/** An instant as events carry it: ISO 8601 in UTC. */
export const eventInstant = (instant: Date | undefined | null): string | null => (instant ? instant.toISOString() : null);
