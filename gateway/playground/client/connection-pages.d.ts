/** The types of connection-pages.js (plain browser JavaScript), for the tests that require it. */
import type * as GraphQL from 'graphql';

export type PagingPlan = { pageable: true; field: string; afterVariable: string; firstVariable: string | undefined } | { pageable: false; field?: string; reason: string };

export interface GraphQLAnswer {
  data?: unknown;
  errors?: { message: string }[];
}

export interface FetchAllPagesOptions {
  run(variables: Record<string, unknown>): Promise<GraphQLAnswer>;
  variables?: Record<string, unknown>;
  plan: Extract<PagingPlan, { pageable: true }>;
  connectionPath: string[];
  firstPage?: GraphQLAnswer;
  onPage?(progress: { pages: number; rows: number }): void;
  cancelled?(): boolean;
}

export const MAX_PAGES: number;
export function pagingPlan(graphql: Pick<typeof GraphQL, 'parse'>, query: string, operationName: string | undefined, connectionPath: string[]): PagingPlan;
export function fetchAllPages(options: FetchAllPagesOptions): Promise<{ items: unknown[]; pages: number }>;
export function startsAtFirstPage(variables: Record<string, unknown> | undefined, plan: Extract<PagingPlan, { pageable: true }>): boolean;
