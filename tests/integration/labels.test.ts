import { buildClientSchema, getIntrospectionQuery, IntrospectionQuery, isEnumType } from 'graphql';
import { FSI, PDI } from '../../shared/text/bidi';
import { readSupergraphConfigEntries, DEFAULT_SUPERGRAPH_CONFIG } from '../../gateway/config';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * Labels in the users' languages (issue #18, item 3): walks the composed API schema the gateway
 * serves and fails on any enum value without a label in each of Persian, Arabic, French and
 * English from `labels(locale:)`. Labels are files beside the schemas, not data: the embedded store
 * is enough here.
 */

const LOCALES = ['FA', 'AR', 'FR', 'EN'] as const;
type Labels = { labels: { enum: string; values: { value: string; label: string }[] }[] };

describe('labels of every enum value of the API schema, in fa, ar, fr and en', () => {
  let graph: TestGraph;
  const served = new Map<string, Map<string, string>>();

  beforeAll(async () => {
    graph = await startTestGraph();
    for (const locale of LOCALES) {
      const { data, errors } = await graph.query<Labels>(`query L($locale: Locale!) { labels(locale: $locale) { enum values { value label } } }`, { locale });
      expect(errors).toBeUndefined();
      for (const labels of data!.labels)
        for (const { value, label } of labels.values) {
          const key = `${labels.enum}.${value}`;
          if (!served.has(key)) served.set(key, new Map());
          served.get(key)!.set(locale, label);
        }
    }
  });
  afterAll(() => graph?.stop());

  it('has all four labels, none empty, for every value of every enum the API schema holds', async () => {
    const { data } = await graph.query<IntrospectionQuery>(getIntrospectionQuery());
    const schema = buildClientSchema(data!);
    const values = Object.values(schema.getTypeMap())
      .filter((type) => isEnumType(type) && !type.name.startsWith('__'))
      .flatMap((type) => (isEnumType(type) ? type.getValues().map((value) => `${type.name}.${value.name}`) : []));
    expect(values.length).toBeGreaterThan(100);
    const lacking = values.flatMap((key) => LOCALES.filter((locale) => !served.get(key)?.get(locale)?.trim()).map((locale) => `${key} (${locale})`));
    expect(lacking).toEqual([]);
  });

  it('says «رئیس» and «Trésorier», names the registries as configured, and isolates Latin runs in Persian and Arabic', () => {
    expect(served.get('Position.CHAIR')?.get('FA')).toBe('رئیس');
    expect(served.get('Position.TREASURER')?.get('FR')).toBe('Trésorier');
    expect(served.get('Position.BOARD_MEMBER')?.get('FA')).toBe('عضو هیئت مدیره');
    const labs = readSupergraphConfigEntries(DEFAULT_SUPERGRAPH_CONFIG).find((entry) => entry.name === 'labs')!.registry;
    expect(served.get('Registry.LABS')?.get('FA')).toBe(labs && labs.names?.fa);
    expect(served.get('CredentialKind.LAB_ACCREDITATION')?.get('FA')).toBe(`تأیید صلاحیت آزمایشگاه ${FSI}ISO/IEC 17025${PDI}`);
    expect(served.get('CredentialKind.LAB_ACCREDITATION')?.get('EN')).toBe('Laboratory accreditation ISO/IEC 17025');
    expect(served.get('InspectionBodyType.TYPE_A')?.get('AR')).toBe(`النوع ${FSI}A${PDI}`);
  });

  it('narrows to the enums asked for', async () => {
    const { data } = await graph.query<Labels>(`{ labels(locale: EN, enums: ["GuildElectionStatus"]) { enum values { value label } } }`);
    expect(data!.labels).toEqual([
      {
        enum: 'GuildElectionStatus',
        values: [
          { value: 'SCHEDULED', label: 'Scheduled' },
          { value: 'OPEN', label: 'Open' },
          { value: 'CLOSED', label: 'Closed' },
          { value: 'PUBLISHED', label: 'Published' },
        ],
      },
    ]);
  });

  it('refuses an enum name it does not know, with BAD_USER_INPUT naming it', async () => {
    const { data, errors } = await graph.query<Labels>(`{ labels(locale: FA, enums: ["Position", "Positions"]) { enum } }`);
    expect(data?.labels ?? null).toBeNull();
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/Positions/);
  });
});
