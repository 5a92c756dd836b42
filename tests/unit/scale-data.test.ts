import { SEED_PEOPLE } from '../../shared/demo/people';
import { SCALE_CODE_BASES, scalePerson, sharedScaleFraction } from '../../shared/demo/scale';
import { parseNationalCode } from '../../shared/identity/national-code';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { documentsByCollection } from '../../shared/registry/documents';
import { DocumentBatch, inBatches } from '../../shared/registry/scale';
import { StoredDocument } from '../../shared/store/port';
import { auditorsDemoData } from '../../subgraphs/auditors/demo-data';
import { auditorsScaleCounts, auditorsScaleData } from '../../subgraphs/auditors/scale-data';
import { engineeringDemoData } from '../../subgraphs/engineering/demo-data';
import { engineeringScaleCounts, engineeringScaleData } from '../../subgraphs/engineering/scale-data';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { guildsScaleCounts, guildsScaleData } from '../../subgraphs/guilds/scale-data';
import { labsDemoData } from '../../subgraphs/labs/demo-data';
import { labsScaleCounts, labsScaleData } from '../../subgraphs/labs/scale-data';

type Generator = (size: number, batchSize?: number) => Iterable<DocumentBatch>;
type Doc = StoredDocument & Record<string, unknown>;

const GENERATORS: Record<DemoRegistryKey, Generator> = {
  labs: labsScaleData,
  auditors: auditorsScaleData,
  engineering: engineeringScaleData,
  guilds: guildsScaleData,
};

const DEMO: Record<DemoRegistryKey, () => Record<string, StoredDocument[]>> = {
  labs: () => documentsByCollection(labsDemoData()),
  auditors: () => documentsByCollection(auditorsDemoData()),
  engineering: () => documentsByCollection(engineeringDemoData()),
  guilds: () => documentsByCollection(guildsDemoData()),
};

/** Small enough to hold in a test: every document of a generated registry, by collection. */
function collect(generator: Iterable<DocumentBatch>): Record<string, Doc[]> {
  const byCollection: Record<string, Doc[]> = {};
  for (const batch of generator) (byCollection[batch.collection] ??= []).push(...(batch.documents as Doc[]));
  return byCollection;
}

const counts = (data: Record<string, Doc[]>) => Object.fromEntries(Object.entries(data).map(([name, docs]) => [name, docs.length]));

const REGISTRIES = Object.keys(GENERATORS) as DemoRegistryKey[];
const SIZE: Record<DemoRegistryKey, number> = { labs: 1_000, auditors: 1_000, engineering: 1_000, guilds: 2_910 };
const generated = Object.fromEntries(REGISTRIES.map((key) => [key, collect(GENERATORS[key](SIZE[key], 250))])) as Record<DemoRegistryKey, Record<string, Doc[]>>;

describe('scale data generators', () => {
  it('make the requested sizes: 2,910 guild units -> 10 unions, 2,328 owners, a five-seat board each', () => {
    expect(counts(generated.guilds)).toEqual({ organisations: 11, people: 2_328, guildUnits: 2_910, roles: 50 });
    expect(guildsScaleCounts(2_910)).toMatchObject({ units: 2_910, unions: 10, owners: 2_328, organisations: 11, people: 2_328, roles: 50 });
    expect(guildsScaleCounts(160_000)).toMatchObject({ unions: 550, owners: 128_000 });
    expect(guildsScaleCounts(1)).toMatchObject({ units: 1, unions: 1, owners: 1, roles: 1 });
  });

  it('make the requested sizes for labs, auditors and engineering: members, organisations in proportion, a role each', () => {
    expect(counts(generated.labs)).toEqual({ organisations: 101, people: 1_000, roles: 1_000 });
    expect(labsScaleCounts(1_000)).toMatchObject({ laboratories: 100, organisations: 101, roles: 1_000 });
    // One or two certifications a member (credentials).
    expect(counts(generated.auditors)).toEqual({ organisations: 51, people: 1_000, roles: 1_000, certifications: 1_511 });
    expect(auditorsScaleCounts(1_000)).toMatchObject({ inspectionBodies: 50, organisations: 51, roles: 1_000, certifications: 1_511 });
    // One member in 25 took the four courses for Qatar, one in 50 holds the certificate for working abroad.
    expect(counts(generated.engineering)).toEqual({ organisations: 32, people: 1_000, licenceNumbers: 1_000, roles: 1_000, courseCompletions: 160, abroadCertificates: 20 });
    expect(engineeringScaleCounts(1_000)).toMatchObject({ provincialOrganisations: 31, organisations: 32, courseCompletions: 160, abroadCertificates: 20 });
  });

  it.each(REGISTRIES)('%s: the same documents every time, whatever the batch size', (key) => {
    const first = (batchSize: number) => GENERATORS[key](SIZE[key], batchSize)[Symbol.iterator]().next().value as DocumentBatch;
    expect(first(1_000)).toEqual(first(1_000));
    // Documents depend on their index only, not on the batches before them.
    expect(collect(GENERATORS[key](SIZE[key], 1_000))).toEqual(generated[key]);
  });

  it.each(REGISTRIES)('%s: batches of one collection each, never larger than asked', (key) => {
    for (const batch of GENERATORS[key](SIZE[key], 97)) {
      expect(batch.documents.length).toBeGreaterThan(0);
      expect(batch.documents.length).toBeLessThanOrEqual(97);
    }
  });

  it('builds a batch only when asked: the first batch of a million guild units comes at once', () => {
    const first = guildsScaleData(1_000_000)[Symbol.iterator]().next().value as DocumentBatch;
    expect(first.documents).toHaveLength(1_000);
    // Laziness itself: taking the first batch of a million builds that batch's documents and no more.
    let built = 0;
    const batches = inBatches(
      'x',
      1_000_000,
      (i) => {
        built += 1;
        return [{ _id: String(i) }];
      },
      1_000,
    )[Symbol.iterator]();
    expect((batches.next().value as DocumentBatch | undefined)?.documents).toHaveLength(1_000);
    expect(built).toBeLessThanOrEqual(1_001);
  });

  it('inBatches holds no more than one batch, even when one index makes several documents', () => {
    const batches = [...inBatches('x', 5, (i) => [{ _id: `${i}a` }, { _id: `${i}b` }, { _id: `${i}c` }], 4)];
    expect(batches.map((b) => b.documents.length)).toEqual([4, 4, 4, 3]);
    expect(batches.flatMap((b) => b.documents.map((d) => d._id))).toHaveLength(15);
  });

  it.each(REGISTRIES)('%s: unique ids in every collection; organisation ids start with the key', (key) => {
    for (const [collection, docs] of Object.entries(generated[key])) {
      expect({ collection, duplicates: docs.length - new Set(docs.map((d) => d._id)).size }).toEqual({ collection, duplicates: 0 });
    }
    for (const organisation of generated[key].organisations!) expect(organisation._id.startsWith(`${key}:`)).toBe(true);
  });

  it.each(REGISTRIES)("%s: national codes that pass the check digit, unique, and none a demo person's", (key) => {
    const demoCodes = new Set([...Object.values(SEED_PEOPLE).map((p) => p.nationalCode), ...REGISTRIES.flatMap((k) => DEMO[k]().people!.map((p) => p._id))]);
    const codes = generated[key].people!.map((p) => p._id);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      const parsed = parseNationalCode(code);
      expect(parsed).toEqual({ ok: true, value: code, country: 'IR' });
      expect(demoCodes.has(code)).toBe(false);
    }
  });

  it.each(REGISTRIES)('%s: documents shaped like the demo data, and no id of the demo data but its top organisation, unchanged', (key) => {
    const demo = DEMO[key]();
    for (const [collection, docs] of Object.entries(generated[key])) {
      const demoDocs = demo[collection] as Doc[];
      const shapes = (list: Doc[]) => new Set(list.map((d) => Object.keys(d).sort().join(',')));
      // Every shape a generated document has, some demo document of the collection has too.
      const demoShapes = shapes(demoDocs);
      for (const shape of shapes(docs)) expect({ collection, shape, known: demoShapes.has(shape) }).toEqual({ collection, shape, known: true });
      const demoById = new Map(demoDocs.map((d) => [d._id, d]));
      const shared = docs.filter((d) => demoById.has(d._id));
      for (const document of shared) expect(document).toEqual(demoById.get(document._id));
      expect(shared.length).toBeLessThanOrEqual(collection === 'organisations' ? (key === 'engineering' ? 9 : 1) : 0);
    }
  });

  it.each(REGISTRIES)("%s: every role's person and organisation exist", (key) => {
    const people = new Set(generated[key].people!.map((p) => p._id));
    const organisations = new Set(generated[key].organisations!.map((o) => o._id));
    for (const role of generated[key].roles!) {
      expect(people.has(role.nationalCode as string)).toBe(true);
      expect(organisations.has(role.organisationId as string)).toBe(true);
    }
  });

  it.each(['labs', 'auditors', 'engineering'] as const)('%s: every member holds at least one role', (key) => {
    const holders = new Set(generated[key].roles!.map((r) => r.nationalCode));
    expect(generated[key].people!.filter((p) => !holders.has(p._id))).toEqual([]);
  });

  it("guilds: every unit's union (of the Fars chamber) and owner exist; owners own one or two units", () => {
    const { organisations, people, guildUnits } = generated.guilds;
    const unions = new Map(organisations!.filter((o) => o.kind === 'GUILD_UNION').map((o) => [o._id, o]));
    expect(unions.size).toBe(10);
    for (const union of unions.values()) expect(union.parentId).toBe('guilds:fars-chamber');
    const owners = new Set(people!.map((p) => p._id));
    const unitsPerOwner = new Map<string, number>();
    for (const unit of guildUnits!) {
      expect(unions.has(unit.unionId as string)).toBe(true);
      expect(unit.chamberId).toBe('guilds:fars-chamber');
      expect(owners.has(unit.ownerNationalCode as string)).toBe(true);
      unitsPerOwner.set(unit.ownerNationalCode as string, (unitsPerOwner.get(unit.ownerNationalCode as string) ?? 0) + 1);
    }
    expect(unitsPerOwner.size).toBe(owners.size);
    expect([...unitsPerOwner.values()].filter((n) => n === 2)).toHaveLength(2_910 - 2_328);
    expect([...unitsPerOwner.values()].every((n) => n === 1 || n === 2)).toBe(true);
    expect(new Set(guildUnits!.map((u) => u.unionId)).size).toBe(10);
  });

  it('shares members across registries in the documented fractions', () => {
    const codes = (key: DemoRegistryKey, n: number) => new Set(Array.from({ length: n }, (_, i) => scalePerson(key, i).nationalCode));
    const n = 2_000;
    const all = Object.fromEntries(REGISTRIES.map((key) => [key, codes(key, n)])) as Record<DemoRegistryKey, Set<string>>;
    for (const a of REGISTRIES) {
      for (const b of REGISTRIES) {
        if (a >= b) continue;
        const shared = [...all[a]].filter((code) => all[b].has(code)).length;
        expect({ a, b, fraction: shared / n }).toEqual({ a, b, fraction: sharedScaleFraction(a, b) });
      }
    }
    expect(sharedScaleFraction('labs', 'auditors')).toBe(0.15);
    expect(sharedScaleFraction('engineering', 'guilds')).toBe(0.1);
    // The same person has the same name in every registry.
    expect(scalePerson('labs', 6)).toEqual(scalePerson('guilds', 6));
    expect(Object.values(SCALE_CODE_BASES).every((base) => base >= 500_000_000)).toBe(true);
  });
});
