import { GOVERNANCE_COLLECTIONS, MeetingDocument, ResolutionDocument, SourceRecord } from '../../shared/governance/documents';
import { comparable, SEEDS_FOLDER as SEEDS, seedText } from '../support/seed-texts';
import { documentsByCollection } from '../../shared/registry/documents';
import { auditorsDemoData } from '../../subgraphs/auditors/demo-data';
import { engineeringDemoData } from '../../subgraphs/engineering/demo-data';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { labsDemoData } from '../../subgraphs/labs/demo-data';

/**
 * The demo data's meetings and resolutions each name the source text they come from and quote the
 * words they rest on; every quote must be in that text, word for word (white space and joiners aside).
 */

/** Every governance record of the four registries' demo data, with the sources it and its parts carry. */
function governanceRecords(): { id: string; sources: (SourceRecord | undefined)[] }[] {
  const records: { id: string; sources: (SourceRecord | undefined)[] }[] = [];
  for (const data of [labsDemoData(), auditorsDemoData(), engineeringDemoData(), guildsDemoData()]) {
    const collections = documentsByCollection(data);
    for (const meeting of (collections[GOVERNANCE_COLLECTIONS.meetings] ?? []) as MeetingDocument[]) {
      records.push({ id: meeting._id, sources: [meeting.source] });
      const parts = [...meeting.attendees, ...(meeting.bodies ?? []), ...(meeting.figures ?? []), ...meeting.agenda.filter((item) => typeof item !== 'string')];
      parts.forEach((part, i) => records.push({ id: `${meeting._id} part ${i}`, sources: [part.source] }));
      if (meeting.plan) records.push({ id: `${meeting._id} plan`, sources: [meeting.plan.source] });
    }
    for (const resolution of (collections[GOVERNANCE_COLLECTIONS.resolutions] ?? []) as ResolutionDocument[]) {
      records.push({ id: resolution._id, sources: [resolution.source] });
    }
  }
  return records;
}

(SEEDS ? describe : describe.skip)(`the demo data's meetings quote their source texts${SEEDS ? '' : ' (skipped: ../shared/seeds is not beside this checkout)'}`, () => {
  const records = governanceRecords();

  it('holds the meetings of all five texts', () => {
    const texts = new Set(records.flatMap((record) => record.sources.map((source) => source?.text)));
    expect([...texts].sort()).toEqual(['000', '001', '002', '003', '004']);
  });

  it('gives every meeting, part of a meeting and resolution a source', () => {
    expect(records.filter((record) => record.sources.some((source) => !source)).map((record) => record.id)).toEqual([]);
  });

  it('quotes each source text word for word', () => {
    const misquoted = records.flatMap((record) =>
      record.sources.flatMap((source) => (source && !seedText(source.text)?.includes(comparable(source.quote)) ? [`${record.id}: ${source.text} «${source.quote}»`] : [])),
    );
    expect(misquoted).toEqual([]);
  });
});
