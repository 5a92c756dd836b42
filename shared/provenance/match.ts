import { ProvenanceRecord } from './provenance';

/** A rule of a registry's demo provenance: the documents of one collection whose fields hold these values. */
export interface ProvenanceRule {
  collection: string;
  where: Record<string, string>;
  provenance: ProvenanceRecord;
}

/** The first rule a document matches, as DemoProvenance.declared wants it. */
export const byRules =
  (rules: readonly ProvenanceRule[]) =>
  (collection: string, document: object): ProvenanceRecord | undefined =>
    rules.find((rule) => rule.collection === collection && Object.entries(rule.where).every(([field, value]) => (document as Record<string, unknown>)[field] === value))
      ?.provenance;
