import { Caller, readsAuthorsOf } from '../auth/caller';

/** Which source text a record rests on (`text`: the seed's number, e.g. `003`) and the words quoted from it. */
export interface ProvenanceSource {
  text: string;
  quote: string;
  note?: string;
}

/** Where a stored record came from; stored on the record as `provenance`. */
export type ProvenanceRecord = { kind: 'SOURCE_TEXT'; source: ProvenanceSource } | { kind: 'ILLUSTRATIVE'; note: string } | { kind: 'ENTERED'; at: Date; by: string };

export const fromText = (text: string, quote: string, note?: string): ProvenanceRecord => ({
  kind: 'SOURCE_TEXT',
  source: { text, quote, ...(note ? { note } : {}) },
});

export const illustrative = (note: string): ProvenanceRecord => ({ kind: 'ILLUSTRATIVE', note });

/** A record written through a mutation: by the caller's token subject, now. */
export const enteredBy = (caller: { subject?: string } | undefined, at: Date = new Date()): ProvenanceRecord => ({
  kind: 'ENTERED',
  at,
  by: caller?.subject ?? 'unknown',
});

/** The `Provenance` type's fields for a registry: who entered a record is for its administrators with `personal:read` only. */
export function provenanceResolvers(key: string) {
  return {
    Provenance: {
      source: (record: ProvenanceRecord) => (record.kind === 'SOURCE_TEXT' ? record.source : null),
      note: (record: ProvenanceRecord) => (record.kind === 'ILLUSTRATIVE' ? record.note : null),
      enteredAt: (record: ProvenanceRecord) => (record.kind === 'ENTERED' ? new Date(record.at).toISOString() : null),
      enteredBy: (record: ProvenanceRecord, _: unknown, context: { caller?: Caller }) => (record.kind === 'ENTERED' && readsAuthorsOf(context.caller, key) ? record.by : null),
    },
  };
}

/** A record's provenance: its own, or, for a record that quotes its source (meetings, resolutions), that source. */
export function provenanceOf(record: { provenance?: ProvenanceRecord; source?: ProvenanceSource }): ProvenanceRecord | null {
  if (record.provenance) return record.provenance;
  return record.source ? { kind: 'SOURCE_TEXT', source: record.source } : null;
}
