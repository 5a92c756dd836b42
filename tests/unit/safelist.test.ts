import { PersistedQueryManifest } from '../../gateway/persisted-queries/manifest';
import { Safelist } from '../../gateway/persisted-queries/safelist';

const manifest: PersistedQueryManifest = {
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: [
    { id: 'a', name: 'Labs', type: 'query', body: 'query Labs {\n  labsMembers(first: 1) {\n    totalCount\n  }\n}' },
    { id: 'b', name: 'Guilds', type: 'query', body: 'query Guilds {\n  guildsMembers(first: 1) {\n    totalCount\n  }\n}' },
  ],
};

describe('Safelist.byText', () => {
  it('finds a registered operation however it is spaced or commented, the same the second time', () => {
    const safelist = new Safelist(manifest);
    const respaced = '# mine\nquery Labs { labsMembers(first: 1) { totalCount } }';
    expect(safelist.byText(respaced)?.id).toBe('a');
    expect(safelist.byText(respaced)?.id).toBe('a');
    expect(safelist.byText(manifest.operations[1]!.body)?.id).toBe('b');
  });

  it('finds no operation for an unregistered or unparsable text, also when asked again', () => {
    const safelist = new Safelist(manifest);
    for (const text of ['query Labs { labsMembers(first: 2) { totalCount } }', 'query {', '']) {
      expect(safelist.byText(text)).toBeUndefined();
      expect(safelist.byText(text)).toBeUndefined();
    }
  });

  it('answers rightly past the number of texts it remembers', () => {
    const safelist = new Safelist(manifest);
    for (let i = 0; i < 2_500; i += 1) {
      const registered = i % 2 === 0;
      const text = registered ? `query Guilds { guildsMembers(first: 1) { totalCount } } # ${i}` : `query Other${i} { labsMembers(first: 1) { totalCount } }`;
      expect(safelist.byText(text)?.id).toBe(registered ? 'b' : undefined);
    }
    expect(safelist.byText('query Guilds { guildsMembers(first: 1) { totalCount } } # 0')?.id).toBe('b');
    expect(safelist.byText('query Other1 { labsMembers(first: 1) { totalCount } }')).toBeUndefined();
  });
});
