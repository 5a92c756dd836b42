/**
 * `String(value)` for a value of any type: what a template literal gives for it (`[object Object]`
 * for an object, `a,b` for a list), where a message must read exactly so (the executor's errors are
 * Apollo Gateway's, word for word) or the value comes from outside and may be anything.
 */
export const textOf = (value: unknown): string => String(value);
