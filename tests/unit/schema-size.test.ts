import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { composeSupergraph, CompositionError } from '../../gateway/compose';
import { MAX_SCHEMA_DEFINITIONS, MAX_SCHEMA_MEMBERS, schemaSize } from '../../gateway/schema-size';
import { MemoryStore } from '../../shared/store/memory-store';
import { ALL_SUBGRAPHS } from '../support/graph';

/**
 * A registry that pads its schema with made-up types makes every composition, and the swap of what
 * it composes to, take seconds (audit, 2026-12-07): past the limits of gateway/schema-size.ts it is
 * refused before composition, naming the subgraph.
 */
describe("a subgraph's schema size", () => {
  const sdls = new Map(ALL_SUBGRAPHS.map((definition) => [definition.key, printSubgraphSchema(definition.create(new MemoryStore()).module.schema)]));
  const subgraphs = ALL_SUBGRAPHS.map((definition) => ({ name: definition.key, url: `http://127.0.0.1:1/${definition.key}` }));

  const refusalOf = (labsSdl: string): CompositionError => {
    try {
      composeSupergraph(subgraphs, new Map([...sdls, ['labs', labsSdl]]));
    } catch (error) {
      if (error instanceof CompositionError) return error;
      throw error;
    }
    throw new Error('composed');
  };

  it("leaves every registry's schema a fivefold margin", () => {
    for (const sdl of sdls.values()) {
      const size = schemaSize(parse(sdl));
      expect(size.definitions * 5).toBeLessThanOrEqual(MAX_SCHEMA_DEFINITIONS);
      expect(size.members * 5).toBeLessThanOrEqual(MAX_SCHEMA_MEMBERS);
    }
  });

  it('refuses a schema padded with more definitions, or more fields, than a subgraph may declare, naming it', () => {
    const labs = sdls.get('labs')!;
    const manyTypes = Array.from({ length: MAX_SCHEMA_DEFINITIONS }, (_, i) => `type LabsPadding${i} { value: String }`).join('\n');
    const byTypes = refusalOf(`${labs}\n${manyTypes}\n`);
    expect(byTypes.errors.map((error) => error.extensions['code'])).toEqual(['SUBGRAPH_SCHEMA_TOO_LARGE']);
    expect(byTypes.message).toMatch(/subgraph labs declares \d+ definitions/);

    const manyFields = Array.from({ length: MAX_SCHEMA_MEMBERS }, (_, i) => `field${i}: String`).join('\n');
    const byFields = refusalOf(`${labs}\ntype LabsPadding {\n${manyFields}\n}\n`);
    expect(byFields.errors.map((error) => error.extensions['code'])).toEqual(['SUBGRAPH_SCHEMA_TOO_LARGE']);
  });

  it('counts union members and implemented interfaces: uncounted, 250 unions of the same 250 types composed in 21 s and held the swap 10 s', () => {
    const labs = sdls.get('labs')!;
    const types = Array.from({ length: 80 }, (_, i) => `LabsPadding${i}`);
    const byUnions = types.map((type) => `type ${type} { value: String }`).join('\n') + '\n' + types.map((_, u) => `union LabsPaddingUnion${u} = ${types.join(' | ')}`).join('\n');
    expect(schemaSize(parse(byUnions)).definitions).toBeLessThan(MAX_SCHEMA_DEFINITIONS / 5);
    const unionsRefused = refusalOf(`${labs}\n${byUnions}\n`);
    expect(unionsRefused.errors.map((error) => error.extensions['code'])).toEqual(['SUBGRAPH_SCHEMA_TOO_LARGE']);
    expect(unionsRefused.message).toMatch(/union members, implemented interfaces/);

    const interfaces = types.map((type) => `interface ${type}Shape { value: String }`).join('\n');
    const implementing = types.map((type) => `type ${type} implements ${types.map((name) => `${name}Shape`).join(' & ')} { value: String }`).join('\n');
    expect(refusalOf(`${labs}\n${interfaces}\n${implementing}\n`).errors.map((error) => error.extensions['code'])).toEqual(['SUBGRAPH_SCHEMA_TOO_LARGE']);
  });

  it("counts the directives on a type: uncounted, 450 types of 29 @key's each held the swap 4.4 s", () => {
    const labs = sdls.get('labs')!;
    const fields = Array.from({ length: 8 }, (_, k) => k);
    const keys = fields.flatMap((j) => fields.filter((m) => m > j).map((m) => `@key(fields: "f${j} { a } f${m} { a }")`)).join(' ');
    const keyed = Array.from(
      { length: 200 },
      (_, i) => `type LabsPadding${i} @key(fields: "a") ${keys} { a: ID! ${fields.map((k) => `f${k}: LabsPadding${(i + 1) % 200}`).join(' ')} }`,
    ).join('\n');
    expect(schemaSize(parse(keyed)).definitions).toBeLessThan(MAX_SCHEMA_DEFINITIONS / 4);
    const refused = refusalOf(`${labs}\n${keyed}\n`);
    expect(refused.errors.map((error) => error.extensions['code'])).toEqual(['SUBGRAPH_SCHEMA_TOO_LARGE']);
    expect(refused.message).toMatch(/applied directives \(@key, @tag\.\.\.\)/);
  });

  it('counts every directive applied, on fields too: uncounted, 4,000 fields of 60 @tags each composed in 31 s and held the swap 11.9 s', () => {
    const labs = sdls.get('labs')!.replace('import: ["@key"', 'import: ["@tag", "@key"');
    const tags = Array.from({ length: 60 }, (_, k) => `@tag(name: "t${k}")`).join(' ');
    const tagged = `extend type Query {\n${Array.from({ length: 200 }, (_, i) => `labsPadding${i}: Int ${tags}`).join('\n')}\n}`;
    const size = schemaSize(parse(tagged));
    expect(size.definitions).toBe(1);
    expect(size.members).toBe(200 * 61);
    const refused = refusalOf(`${labs}\n${tagged}\n`);
    expect(refused.errors.map((error) => error.extensions['code'])).toEqual(['SUBGRAPH_SCHEMA_TOO_LARGE']);
    expect(refused.message).toMatch(/applied directives \(@key, @tag\.\.\.\)/);
  });

  it('counts the entries of a list written in the schema: uncounted, one @requiresScopes of 350,000 scopes took a 1 GB heap to compose and held the swap 2.6 s', () => {
    const labs = sdls.get('labs')!;
    const scopes = Array.from({ length: MAX_SCHEMA_MEMBERS }, (_, k) => `"scope${k}"`).join(', ');
    const scoped = `extend type Query {\n  labsPadding: Int @requiresScopes(scopes: [[${scopes}]])\n}`;
    expect(schemaSize(parse(scoped)).members).toBe(1 + 1 + 1 + MAX_SCHEMA_MEMBERS);
    expect(refusalOf(`${labs}\n${scoped}\n`).errors.map((error) => error.extensions['code'])).toEqual(['SUBGRAPH_SCHEMA_TOO_LARGE']);
  });
});
