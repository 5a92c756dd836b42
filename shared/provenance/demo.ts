import { ProvenanceRecord, ProvenanceSource, fromText, illustrative } from './provenance';
import { SEED_PEOPLE_SOURCES } from './seed-people';

/** A demo document as the stamp sees it. */
type DemoDocument = { _id?: unknown; provenance?: ProvenanceRecord; source?: ProvenanceSource; nationalCode?: string } & object;

/** What a registry declares about its demo data's origins. */
export interface DemoProvenance {
  /** The provenance of a document the registry knows more about (a source text's words, or what was invented about a real person), by collection. */
  declared: (collection: string, document: DemoDocument) => ProvenanceRecord | undefined;
  /** What the rest of its demo data invents, said once for every record not declared. */
  invented: string;
  /** Fields holding a record of their own inside a document (a licence, an accreditation), stamped like the document. */
  embedded?: readonly string[];
}

const isRecord = (value: unknown): value is DemoDocument => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * The provenance of one demo document: declared by the registry; else its quoted source (meetings,
 * resolutions); else the seed person it is about (a person's record); else illustrative.
 */
function provenanceOfDemo(collection: string, document: DemoDocument, declared: DemoProvenance): ProvenanceRecord {
  const own = document.provenance ?? declared.declared(collection, document);
  if (own) return own;
  if (document.source?.text && document.source.quote) return { kind: 'SOURCE_TEXT', source: document.source };
  const seedPerson = collection === 'people' && typeof document._id === 'string' ? SEED_PEOPLE_SOURCES[document._id] : undefined;
  if (seedPerson) return fromText(seedPerson.text, seedPerson.quote, seedPerson.note);
  return illustrative(declared.invented);
}

function stamp(collection: string, document: DemoDocument, declared: DemoProvenance): DemoDocument {
  const embedded: Record<string, unknown> = {};
  for (const field of declared.embedded ?? []) {
    const value = (document as Record<string, unknown>)[field];
    if (isRecord(value)) embedded[field] = { ...value, provenance: value.provenance ?? declared.declared(`${collection}.${field}`, document) ?? illustrative(declared.invented) };
  }
  return { ...document, ...embedded, provenance: provenanceOfDemo(collection, document, declared) };
}

/** Every document of a registry's demo data (each collection, `extra` included) with its provenance. */
export function withDemoProvenance<D extends object>(data: D, declared: DemoProvenance): D {
  const stamped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    if (name === 'extra' && Array.isArray(value)) {
      stamped[name] = value.map((part: { collection: string; documents: DemoDocument[] }) => ({
        ...part,
        documents: part.documents.map((document) => stamp(part.collection, document, declared)),
      }));
    } else if (Array.isArray(value)) {
      stamped[name] = value.map((document: unknown) => (isRecord(document) ? stamp(name, document, declared) : document));
    } else stamped[name] = value;
  }
  return stamped as D;
}
