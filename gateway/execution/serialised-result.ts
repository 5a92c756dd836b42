import type { FormattedExecutionResult } from 'graphql';

/**
 * An operation's `data` whose JSON text the executor already wrote (write-json.ts), handed to
 * Apollo Server as an object that keeps the text, so that the answer is not built as an object
 * tree only to be serialised again.
 *
 * The object is a stand-in: whoever reads it (a plugin, a cache, a test calling Apollo Server in
 * process) gets the real data, parsed from the text on first access, and from then on the text is
 * forgotten, so that a change made to the data is serialised as changed. `stringifyResult` (Apollo
 * Server's option of that name) writes an answer whose data was never touched from the text.
 */

const texts = new WeakMap<object, string>();

/** A `data` object standing for the JSON text `json` (an object's text). */
export function preSerialisedData(json: string): Record<string, unknown> {
  const target = Object.create(null) as Record<string, unknown>;
  let filled = false;
  const fill = (): Record<string, unknown> => {
    if (!filled) {
      filled = true;
      texts.delete(proxy);
      Object.assign(target, JSON.parse(json) as Record<string, unknown>);
    }
    return target;
  };
  const proxy: Record<string, unknown> = new Proxy(target, {
    get: (_target, key): unknown => Reflect.get(fill(), key),
    set: (_target, key, value) => Reflect.set(fill(), key, value),
    has: (_target, key) => Reflect.has(fill(), key),
    deleteProperty: (_target, key) => Reflect.deleteProperty(fill(), key),
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(fill(), key, descriptor),
    ownKeys: () => Reflect.ownKeys(fill()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(fill(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(fill()),
    setPrototypeOf: (_target, prototype) => Reflect.setPrototypeOf(fill(), prototype),
    isExtensible: () => Reflect.isExtensible(fill()),
    preventExtensions: () => Reflect.preventExtensions(fill()),
  });
  texts.set(proxy, json);
  return proxy;
}

/** The JSON text of `data`: the executor's, untouched, when it wrote it; else `JSON.stringify(data)`. */
export function jsonOfData(data: unknown): string {
  const text = typeof data === 'object' && data !== null ? texts.get(data) : undefined;
  return text ?? JSON.stringify(data);
}

/**
 * Apollo Server's `stringifyResult`: what its default gives (`JSON.stringify` of `errors`, `data`,
 * `extensions` in that order, then a newline), with a pre-serialised `data` written as its text.
 */
export function stringifyResult(value: FormattedExecutionResult): string {
  const data = value.data;
  const text = data !== null && data !== undefined ? texts.get(data) : undefined;
  if (text === undefined) return `${JSON.stringify(value)}\n`;
  // JSON.stringify leaves out members whose value is undefined; `errors` and `extensions` are plain JSON values.
  const errors = value.errors === undefined ? '' : `"errors":${JSON.stringify(value.errors)},`;
  const extensions = value.extensions === undefined ? '' : `,"extensions":${JSON.stringify(value.extensions)}`;
  return `{${errors}"data":${text}${extensions}}\n`;
}
