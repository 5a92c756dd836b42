import { withDemoProvenance } from '../../shared/provenance/demo';
import { ProvenanceRecord } from '../../shared/provenance/provenance';
import { comparable, SEEDS_FOLDER as SEEDS, seedText } from '../support/seed-texts';
import { documentsByCollection } from '../../shared/registry/documents';
import { auditorsDemoData } from '../../subgraphs/auditors/demo-data';
import { auditorsDemoProvenance } from '../../subgraphs/auditors/provenance';
import { engineeringDemoData } from '../../subgraphs/engineering/demo-data';
import { engineeringDemoProvenance } from '../../subgraphs/engineering/provenance';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { guildsDemoProvenance } from '../../subgraphs/guilds/provenance';
import { labsDemoData } from '../../subgraphs/labs/demo-data';
import { labsDemoProvenance } from '../../subgraphs/labs/provenance';

/** Every demo record said to come from a source text quotes it word for word (white space and joiners aside). */

(SEEDS ? describe : describe.skip)(`the demo data's provenance quotes the source texts${SEEDS ? '' : ' (skipped: ../shared/seeds is not beside this checkout)'}`, () => {
  const stamped = [
    withDemoProvenance(labsDemoData(), labsDemoProvenance),
    withDemoProvenance(auditorsDemoData(), auditorsDemoProvenance),
    withDemoProvenance(engineeringDemoData(), engineeringDemoProvenance),
    withDemoProvenance(guildsDemoData(), guildsDemoProvenance),
  ];
  const records = stamped.flatMap((data) =>
    Object.entries(documentsByCollection(data)).flatMap(([collection, documents]) =>
      documents.map((document) => ({ id: `${collection} ${String(document._id)}`, provenance: (document as { provenance?: ProvenanceRecord }).provenance })),
    ),
  );

  it('gives every record a provenance, and quotes more than the meetings', () => {
    expect(records.filter((record) => !record.provenance).map((record) => record.id)).toEqual([]);
    const sourced = records.filter((record) => record.provenance?.kind === 'SOURCE_TEXT' && !record.id.startsWith('meetings') && !record.id.startsWith('resolutions'));
    expect(sourced.length).toBeGreaterThan(15);
  });

  it('finds every quote in the text it names', () => {
    const misquoted = records.flatMap(({ id, provenance }) => {
      if (provenance?.kind !== 'SOURCE_TEXT') return [];
      const text = seedText(provenance.source.text);
      return text?.includes(comparable(provenance.source.quote)) ? [] : [`${id}: «${provenance.source.quote}» is not in seed ${provenance.source.text}`];
    });
    expect(misquoted).toEqual([]);
  });
});
