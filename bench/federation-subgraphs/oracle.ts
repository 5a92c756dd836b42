import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INVENTORY, PRODUCTS, REVIEWS, ReviewRecord, shippingEstimate, TOP_PRODUCTS_DEFAULT_FIRST, USERS } from './data';

export const HEAVY_QUERY_FILE = join(__dirname, 'heavy-query.graphql');

export function heavyQuery(): string {
  return readFileSync(HEAVY_QUERY_FILE, 'utf8');
}

/**
 * The answer the heavy query must get, built straight from the data without GraphQL, so every
 * gateway is checked against an independent expectation (and so against each other).
 */
export function expectedHeavyResponse(): unknown {
  const user = (id: string) => {
    const record = USERS.find((u) => u.id === id)!;
    return { id: record.id, username: record.username, name: record.name };
  };
  const product = (upc: string) => {
    const record = PRODUCTS.find((p) => p.upc === upc)!;
    return {
      inStock: INVENTORY.find((i) => i.upc === upc)?.inStock ?? null,
      name: record.name,
      price: record.price,
      shippingEstimate: shippingEstimate(record.price, record.weight),
      upc: record.upc,
      weight: record.weight,
    };
  };
  const review = (r: ReviewRecord) => ({ id: r.id, body: r.body });
  const reviewsBy = (authorId: string) => REVIEWS.filter((r) => r.authorId === authorId);
  const reviewsOf = (upc: string) => REVIEWS.filter((r) => r.productUpc === upc);
  const authorWithReviews = (authorId: string) => ({
    ...user(authorId),
    reviews: reviewsBy(authorId).map((r) => ({ ...review(r), product: product(r.productUpc) })),
  });
  const productWithReviews = (upc: string) => ({
    ...product(upc),
    reviews: reviewsOf(upc).map((r) => ({ ...review(r), author: authorWithReviews(r.authorId) })),
  });
  return {
    data: {
      users: USERS.map((u) => ({
        ...user(u.id),
        reviews: reviewsBy(u.id).map((r) => ({ ...review(r), product: productWithReviews(r.productUpc) })),
      })),
      topProducts: PRODUCTS.slice(0, TOP_PRODUCTS_DEFAULT_FIRST).map((p) => productWithReviews(p.upc)),
    },
  };
}
