/**
 * `String(value)`: the text a value gives in an error message, exactly as Apollo Gateway's template
 * literals give it (`[object Object]` for an object, `a,b` for a list), for a value of any type.
 */
export const textOf = (value: unknown): string => String(value);
