import { parse } from 'graphql';
import { linkedDirectiveNames } from '../../gateway/supergraph-links';

const namesOf = (links: string, feature: string, directive: string) =>
  [...linkedDirectiveNames(parse(`schema ${links} { query: Query } type Query { ok: Boolean }`), feature, directive)].sort();

describe("a supergraph's names for a linked spec's directives (the link spec's rules)", () => {
  it('names a directive called as its feature bare, or by the namespace the link gives it', () => {
    expect(namesOf('@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)', 'authenticated', 'authenticated')).toEqual(['authenticated']);
    expect(namesOf('@link(url: "https://specs.apollo.dev/authenticated/v0.1", as: "signedIn")', 'authenticated', 'authenticated')).toEqual(['signedIn']);
  });

  it('names another directive of the spec <namespace>__<directive>, and an imported one as imported or renamed', () => {
    expect(namesOf('@link(url: "https://example.test/tags/v1.0")', 'tags', 'tag')).toEqual(['tags__tag']);
    expect(namesOf('@link(url: "https://example.test/tags/v1.0", as: "t", import: ["@tag"])', 'tags', 'tag')).toEqual(['t__tag', 'tag']);
    expect(namesOf('@link(url: "https://example.test/tags/v1.0", import: [{ name: "@tag", as: "@label" }])', 'tags', 'tag')).toEqual(['label', 'tags__tag']);
  });

  it('finds nothing for a feature the supergraph does not link', () => {
    expect(namesOf('@link(url: "https://example.test/other/v1.0", import: ["@tag"])', 'tags', 'tag')).toEqual([]);
  });
});
