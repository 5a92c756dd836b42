/** The types of result-data.js (plain browser JavaScript), for the tests that require it. */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A list met in a result: the fields leading to it (response keys), and its items. */
export interface ResultList {
  path: string[];
  /** True when another list is above it: its items are those of every such list, one after the other. */
  underList: boolean;
  items: JsonValue[];
}

export type Connection = { path: string[]; hasNextPage: boolean; endCursor: string | null } | { path: string[]; pageInfoMissing: true };

export interface Table {
  columns: string[];
  rows: Record<string, JsonValue | undefined>[];
}

export type Chart =
  | { path: string[]; kind: 'groups'; groups: { label: string; count: number | null }[] }
  | { path: string[]; kind: 'overlap'; combinations: { registries: string[]; count: number | null }[] };

export function findLists(data: JsonValue): ResultList[];
export function valueAt(data: JsonValue, path: string[]): JsonValue | undefined;
export function connectionOf(data: JsonValue, list: ResultList): Connection | null;
export function tableOf(items: JsonValue[]): Table;
export function cellText(value: JsonValue | undefined): string;
export function listItems(value: JsonValue | undefined): string[] | null;
export function parseLocaleNumber(text: string): number | null;
export function sortRows<R extends Record<string, JsonValue | undefined>>(rows: R[], column: string, direction: 'ascending' | 'descending'): R[];
export function textDirection(text: string): 'rtl' | 'ltr';
export function chartsOf(data: JsonValue): Chart[];
export function toCsv(columns: string[], rows: Record<string, JsonValue | undefined>[]): string;
