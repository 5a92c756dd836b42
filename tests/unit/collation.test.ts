import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { scalePerson } from '../../shared/demo/scale';
import { documentsByCollection } from '../../shared/registry/documents';
import { collationKey, nameSortKey } from '../../shared/text/collation';
import { auditorsDemoData } from '../../subgraphs/auditors/demo-data';
import { engineeringDemoData } from '../../subgraphs/engineering/demo-data';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { labsDemoData } from '../../subgraphs/labs/demo-data';

const persian = new Intl.Collator('fa');
const byKey = (a: string, b: string): number => {
  const [ka, kb] = [collationKey(a), collationKey(b)];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** The five source texts, beside the repository in the project's workspace (`../shared/seeds`); not part of a clone. */
const SEEDS = join(__dirname, '..', '..', '..', 'shared', 'seeds');
const haveSeeds = existsSync(SEEDS);

/** Every word and every line of the seed texts (Persian and Arabic), without repeats. */
function seedTexts(): string[] {
  const texts = new Set<string>();
  for (const file of readdirSync(SEEDS).filter((name) => name.endsWith('.txt'))) {
    const text = readFileSync(join(SEEDS, file), 'utf8');
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (trimmed) texts.add(trimmed.slice(0, 80));
      for (const word of trimmed.split(/\s+/u)) if (word) texts.add(word);
    }
  }
  return [...texts];
}

/** The names of every person and organisation in the four registries' demo data. */
function demoNames(): string[] {
  const names = new Set<string>();
  for (const data of [labsDemoData(), auditorsDemoData(), engineeringDemoData(), guildsDemoData()]) {
    const collections = documentsByCollection(data);
    for (const person of collections.people as unknown as { fullName: string }[]) names.add(person.fullName);
    for (const organisation of collections.organisations as unknown as { name: string }[]) names.add(organisation.name);
  }
  return [...names];
}

/** Asserts the key order is Intl.Collator('fa')'s: consecutive names in key order never disagree with it. */
function expectPersianOrder(texts: string[]): void {
  const sorted = [...texts].sort(byKey);
  const disagreements = sorted.slice(1).flatMap((text, i) => (persian.compare(sorted[i]!, text) > 0 ? [[sorted[i], text]] : []));
  expect(disagreements).toEqual([]);
}

describe('collationKey orders Persian and Arabic text as Intl.Collator("fa") does', () => {
  it('puts پ چ ژ گ in their alphabetical places, where code-point order puts them after و and ه', () => {
    const words = ['گلپور', 'یزدانی', 'پورمحمدی', 'ژاله', 'چمران', 'بهرامی', 'کاظمی', 'زارعی', 'آرش', 'احمدی', 'وکیلی', 'هادی'];
    const codePointOrder = [...words].sort();
    expect(codePointOrder.slice(0, 7)).toEqual(['آرش', 'احمدی', 'بهرامی', 'زارعی', 'هادی', 'وکیلی', 'پورمحمدی']);
    expect([...words].sort(byKey)).toEqual(['آرش', 'احمدی', 'بهرامی', 'پورمحمدی', 'چمران', 'زارعی', 'ژاله', 'کاظمی', 'گلپور', 'وکیلی', 'هادی', 'یزدانی']);
    expect([...words].sort(byKey)).toEqual([...words].sort(persian.compare));
  });

  it('files Arabic kaf, yeh and teh marbuta with the Persian letters, just after the Persian form', () => {
    expect(byKey('سركار', 'سرکار')).toBe(1);
    expect(byKey('سركار', 'سرکاز')).toBe(-1);
    expect(byKey('علي', 'علی')).toBe(1);
    expect(byKey('علي', 'علیا')).toBe(-1);
    expect(['لجنة', 'لجنه', 'لجنی'].sort(byKey)).toEqual(['لجنه', 'لجنة', 'لجنی']);
  });

  it('ignores zero-width non-joiners, sorts a space before any letter, and diacritics after the bare letter', () => {
    expect(collationKey('حاجی‌زاده')).toBe(collationKey('حاجیزاده'));
    expect(['حاجیزاده', 'حاجی زاده', 'حاجی‌زاده'].sort(byKey)[0]).toBe('حاجی زاده');
    expect(byKey('مُحَمَّد', 'محمد')).toBe(1);
    expect(byKey('مُحَمَّد', 'محمدا')).toBe(-1);
  });

  it('treats Persian, Arabic-Indic and ASCII digits alike, before letters', () => {
    expect(collationKey('کمیته ۱۲')).toBe(collationKey('کمیته 12'));
    expect(collationKey('کمیته ١٢')).toBe(collationKey('کمیته 12'));
    expect(['ب', '۹', 'آ'].sort(byKey)).toEqual(['۹', 'آ', 'ب']);
  });

  it('agrees with Intl.Collator("fa") on the names of the seeds\' people', () => {
    expectPersianOrder(Object.values(SEED_PEOPLE).map((person) => person.fullName));
  });

  it('agrees with it on every person and organisation name of the demo data', () => {
    const names = demoNames();
    expect(names.length).toBeGreaterThan(100);
    expectPersianOrder(names);
  });

  (haveSeeds ? it : it.skip)(`agrees with it on every word and line of the five seed texts (Persian and Arabic)${haveSeeds ? '' : ` (skipped: no seed texts at ${SEEDS})`}`, () => {
    const texts = seedTexts();
    expect(texts.length).toBeGreaterThan(1000);
    expectPersianOrder(texts);
  });

  it('agrees with it pair by pair on generated names and Arabic/Persian variants of them', () => {
    const names = Array.from({ length: 300 }, (_, i) => scalePerson('labs', i).fullName);
    const variants = names.flatMap((name) => [name, name.replace(/ک/g, 'ك').replace(/ی/g, 'ي'), name.replace(/ /g, '\u200c'), name.replace(/ /g, '')]);
    for (let i = 0; i < variants.length; i += 7) {
      for (let j = 0; j < variants.length; j += 5) {
        const expected = Math.sign(persian.compare(variants[i]!, variants[j]!));
        if (expected !== 0) expect([variants[i], variants[j], byKey(variants[i]!, variants[j]!)]).toEqual([variants[i], variants[j], expected]);
      }
    }
  });
});

describe('nameSortKey', () => {
  it('is unique per record and keeps name order first, the id breaking ties', () => {
    const keys = [nameSortKey('علی', 'b'), nameSortKey('علی', 'a'), nameSortKey('علیرضا', '0'), nameSortKey('عل', 'z')].sort();
    expect(keys).toEqual([nameSortKey('عل', 'z'), nameSortKey('علی', 'a'), nameSortKey('علی', 'b'), nameSortKey('علیرضا', '0')]);
  });
});
