/**
 * In-memory data of the four benchmark subgraphs (a shop: accounts, products, inventory, reviews).
 *
 * Sized so that the standard heavy query (heavy-query.graphql) answers with about 88 KiB of JSON:
 * `users` x their reviews x the reviewed product's reviews x those authors' reviews, plus the same
 * fan-out from `topProducts`. `expectedHeavyResponse` in ./oracle.ts walks the same data, so change
 * the sizes here and the expected answer follows. ASCII only, so byte counts equal string lengths.
 */

export interface UserRecord {
  id: string;
  name: string;
  username: string;
  birthday: number;
}

export interface ProductRecord {
  upc: string;
  name: string;
  price: number;
  weight: number;
}

export interface InventoryRecord {
  upc: string;
  inStock: boolean;
}

export interface ReviewRecord {
  id: string;
  body: string;
  productUpc: string;
  authorId: string;
}

export const USERS: readonly UserRecord[] = [
  { id: '1', name: 'Ada Lindqvist', username: 'adal', birthday: 19820412 },
  { id: '2', name: 'Bruno Okafor', username: 'bokafor', birthday: 19910730 },
  { id: '3', name: 'Chen Wei', username: 'chenw', birthday: 19770103 },
  { id: '4', name: 'Dana Moreau', username: 'dmoreau', birthday: 19880921 },
  { id: '5', name: 'Emil Novak', username: 'enovak', birthday: 19950214 },
  { id: '6', name: 'Farah Haddad', username: 'fhaddad', birthday: 19840608 },
];

export const PRODUCTS: readonly ProductRecord[] = [
  { upc: '1', name: 'Oak desk', price: 899, weight: 100 },
  { upc: '2', name: 'Linen sofa', price: 1299, weight: 1000 },
  { upc: '3', name: 'Water glass', price: 15, weight: 20 },
  { upc: '4', name: 'Ash chair', price: 499, weight: 100 },
  { upc: '5', name: 'Wall screen', price: 1299, weight: 1000 },
  { upc: '6', name: 'Reading lamp', price: 6999, weight: 300 },
  { upc: '7', name: 'Charcoal grill', price: 3999, weight: 2000 },
  { upc: '8', name: 'Tall fridge', price: 100000, weight: 6000 },
  { upc: '9', name: 'Corner sofa', price: 9999, weight: 800 },
];

export const INVENTORY: readonly InventoryRecord[] = PRODUCTS.map((product, i) => ({ upc: product.upc, inStock: i % 3 !== 2 }));

/** Sentences the review bodies are made of; each body takes a few, so bodies differ in length. */
const SENTENCES = [
  'Arrived a day early and well packed.',
  'The finish is smoother than the photos suggest, and the colour matches the listing.',
  'Assembly took about twenty minutes with the included tools; the instructions were clear.',
  'After three months of daily use it still looks new.',
  'Slightly smaller than I expected, so measure your space before ordering.',
  'Customer service answered within the hour and sent a replacement part the same week.',
  'Good value for the price, although the packaging used more plastic than necessary.',
  'Sturdy, quiet and easy to clean, even after a spill.',
  'I bought a second one for the office because the first has held up so well.',
  'The delivery window was vague, but the courier called ahead.',
];

function bodyFor(n: number): string {
  const count = 5 + (n % 4);
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) parts.push(SENTENCES[(n * 3 + i * 7) % SENTENCES.length]!);
  return parts.join(' ');
}

/**
 * Twelve reviews: every user wrote two; products 1, 2 and 4 collect most of them, product 5 none
 * (as in the well-known benchmark, one top product has an empty `reviews` list).
 */
const REVIEW_TARGETS: readonly [productUpc: string, authorId: string][] = [
  ['1', '1'],
  ['1', '2'],
  ['1', '3'],
  ['1', '4'],
  ['2', '1'],
  ['2', '5'],
  ['2', '6'],
  ['2', '2'],
  ['3', '3'],
  ['4', '4'],
  ['4', '5'],
  ['6', '6'],
];

export const REVIEWS: readonly ReviewRecord[] = REVIEW_TARGETS.map(([productUpc, authorId], i) => ({
  id: String(i + 1),
  body: bodyFor(i + 1),
  productUpc,
  authorId,
}));

export const TOP_PRODUCTS_DEFAULT_FIRST = 5;

/** Shipping estimate as the inventory subgraph computes it from the product's price and weight. */
export function shippingEstimate(price: number | null | undefined, weight: number | null | undefined): number | null {
  if (price == null || weight == null) return null;
  if (price > 1000) return 0;
  return Math.round(weight / 2);
}
