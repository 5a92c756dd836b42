import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Composition from '@apollo/composition';
import { printSchema } from '@apollo/federation-internals';
import { parse } from 'graphql';
import { rememberingComposition } from '../support/composition-cache';

// The composer itself, not the one every test file gets through tests/support/jest-setup.ts.
const { composeServices } = jest.requireActual<typeof Composition>('@apollo/composition');

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])';
const SHOP = `${FEDERATION}\ntype Query { products: [Product!]! }\ntype Product @key(fields: "id") { id: ID! name: String }`;
const REVIEWS = `${FEDERATION}\ntype Product @key(fields: "id") { id: ID! reviews: [String!]! }`;

const services = (shopUrl: string, reviewsUrl: string, reviews = REVIEWS) => [
  { name: 'shop', url: shopUrl, typeDefs: parse(SHOP) },
  { name: 'reviews', url: reviewsUrl, typeDefs: parse(reviews) },
];

describe('the test run composition cache', () => {
  let folder: string;
  let calls: number;
  const counted: typeof composeServices = (list, options) => {
    calls += 1;
    return composeServices(list, options);
  };

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'composition-cache-test-'));
    calls = 0;
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('composes the same schemas once, on other ports too, and in another test file of the run, giving what the composer gives', () => {
    const compose = rememberingComposition(counted, folder);
    const first = compose(services('http://127.0.0.1:4001/', 'http://127.0.0.1:4002/'));
    expect(first.errors).toBeUndefined();
    const elsewhere = services('http://127.0.0.1:53117/graphql', 'http://127.0.0.1:9/');
    const again = compose(elsewhere);
    const inAnotherFile = rememberingComposition(counted, folder)(elsewhere);
    expect(calls).toBe(1);
    expect(readdirSync(folder).filter((name) => name.endsWith('.graphql'))).toHaveLength(1);
    const composer = composeServices(elsewhere);
    expect(again.supergraphSdl).toBe(composer.supergraphSdl);
    expect(inAnotherFile.supergraphSdl).toBe(composer.supergraphSdl);
    expect(again.supergraphSdl).toContain('http://127.0.0.1:53117/graphql');
    // The schema and hints of a remembered supergraph are the composer's, composed when asked for.
    expect(again.hints).toEqual(composer.hints);
    expect(printSchema(again.schema!)).toBe(printSchema(composer.schema!));
    expect(calls).toBe(2);
  });

  it('composes a changed schema afresh, and never remembers a failure', () => {
    const compose = rememberingComposition(counted, folder);
    compose(services('http://a/', 'http://b/'));
    const changed = compose(services('http://a/', 'http://b/', `${REVIEWS}\ntype Query { topReviews: [String!]! }`));
    expect(changed.supergraphSdl).toContain('topReviews');
    const broken = `${FEDERATION}\ntype Product @key(fields: "id") { id: ID! name: Int }`;
    expect(compose(services('http://a/', 'http://b/', broken)).errors).toBeDefined();
    expect(compose(services('http://a/', 'http://b/', broken)).errors).toBeDefined();
    expect(calls).toBe(4);
  });
});
