import fc from 'fast-check';
import { UniqueRepresentations } from '../../gateway/execution/unique-representations';

/**
 * The representations an entity fetch sends, each once (gateway/execution/unique-representations.ts):
 * two count as one exactly when their JSON texts are equal, the rule the merged requests were built
 * on when each representation was written out to compare it.
 */

type Representation = Record<string, unknown>;

/** The same list kept once by JSON text: what the index must agree with. */
function byJsonText(representations: readonly Representation[]): { unique: Representation[]; indexes: number[] } {
  const seen = new Map<string, number>();
  const unique: Representation[] = [];
  const indexes = representations.map((representation) => {
    const text = JSON.stringify(representation);
    let index = seen.get(text);
    if (index === undefined) {
      index = unique.length;
      unique.push(representation);
      seen.set(text, index);
    }
    return index;
  });
  return { unique, indexes };
}

function indexed(representations: readonly Representation[]): { unique: Representation[]; indexes: number[] } {
  const index = new UniqueRepresentations();
  const indexes = representations.map((representation) => index.indexOf(representation));
  return { unique: index.unique, indexes };
}

/** Few names and values, so that equal and nearly equal representations come often. */
const scalar = fc.oneof(fc.constantFrom('1', '2', 'true', 'null', '', '0'), fc.constantFrom(1, 2, 0, -0, 1.5), fc.boolean(), fc.constant(null), fc.constant(undefined));
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 2 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('id', 'sku'), scalar, { maxKeys: 2 }) },
);
const representation = fc
  .tuple(fc.constantFrom('Product', 'User'), fc.array(fc.tuple(fc.constantFrom('upc', 'id', 'sku', 'weight'), value), { maxLength: 3 }), fc.boolean())
  .map(([typename, fields, nullPrototype]) => {
    const made = (nullPrototype ? Object.create(null) : {}) as Representation;
    made.__typename = typename;
    for (const [name, fieldValue] of fields) made[name] = fieldValue;
    return made;
  });

describe('UniqueRepresentations', () => {
  it('keeps the same representations, at the same indexes, as comparing their JSON texts', () => {
    fc.assert(
      fc.property(fc.array(representation, { maxLength: 40 }), (representations) => {
        expect(indexed(representations)).toEqual(byJsonText(representations));
      }),
      { seed: 20_261_205, numRuns: 2_000 },
    );
  });

  it('tells apart what JSON tells apart, and nothing else', () => {
    const cases: [Representation, Representation, boolean][] = [
      [{ __typename: 'Product', upc: '1' }, { __typename: 'Product', upc: 1 }, false],
      [{ __typename: 'Product', upc: null }, { __typename: 'Product', upc: 'null' }, false],
      [{ __typename: 'Product', upc: '1', sku: 'a' }, { __typename: 'Product', sku: 'a', upc: '1' }, false],
      [{ __typename: 'Product', upc: '1', sku: undefined }, { __typename: 'Product', upc: '1' }, true],
      [{ __typename: 'Product', dimensions: { size: 1 } }, { __typename: 'Product', dimensions: { size: 1 } }, true],
      [{ __typename: 'Product', dimensions: { size: 1 } }, { __typename: 'Product', dimensions: '{"size":1}' }, false],
      [{ __typename: 'Product', weight: 0 }, { __typename: 'Product', weight: -0 }, true],
    ];
    for (const [a, b, same] of cases) {
      expect({ a, b, same: indexed([a, b]).unique.length === 1 }).toEqual({ a, b, same });
      expect(JSON.stringify(a) === JSON.stringify(b)).toBe(same);
    }
  });
});
