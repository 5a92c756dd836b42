import type { FetchDataRewrite } from '@apollo/query-planner';
import { GraphQLSchema, isAbstractType, isInterfaceType, isObjectType } from 'graphql';
import { textOf } from '../../shared/text/text-of';

/**
 * The data rewrites of a fetch (Apollo Gateway's `applyRewrites`, @apollo/gateway/src/dataRewrites.ts):
 * what the planner asks to be changed in the representations sent (`inputRewrites`) and in the
 * data received (`outputRewrites`), as with `@interfaceObject`, where a subgraph knows an
 * interface's implementations only as the interface: a `__typename` set to a value, or a key
 * renamed, at a path whose steps are field names or `... on Type` conditions.
 */

type Data = Record<string, unknown>;
const FRAGMENT_PREFIX = '... on ';
const hasOwn = (object: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(object, key);
const getOwn = (object: Data, key: string): unknown => (hasOwn(object, key) ? object[key] : undefined);

/** Makes `key` an own property, so that an inherited one (`constructor`...) is not written through. */
function defineOwn(object: Data, key: string): void {
  if (!hasOwn(object, key) && key in object) Object.defineProperty(object, key, { configurable: true, enumerable: true, value: undefined, writable: true });
}

/** Apollo Gateway's `isObjectOfType` for rewrites: an object without `__typename` counts as of the type. */
function isOfType(schema: GraphQLSchema, object: Data, typeCondition: string): boolean {
  const typename = object.__typename;
  if (!typename) return true;
  if (typename === typeCondition) return true;
  const type = schema.getType(textOf(typename));
  const condition = schema.getType(typeCondition);
  if (!type || !condition) return false;
  return isAbstractType(condition) && (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type);
}

function applyAtPath(schema: GraphQLSchema, path: readonly string[], value: unknown, apply: (object: Data) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) applyAtPath(schema, path, item, apply);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as Data;
  if (path.length === 0) {
    apply(object);
    return;
  }
  const [first, ...rest] = path as [string, ...string[]];
  if (first.startsWith(FRAGMENT_PREFIX)) {
    if (isOfType(schema, object, first.slice(FRAGMENT_PREFIX.length))) applyAtPath(schema, rest, object, apply);
  } else {
    applyAtPath(schema, rest, getOwn(object, first), apply);
  }
}

function applyRewrite(schema: GraphQLSchema, rewrite: FetchDataRewrite, value: Data): void {
  if (rewrite.path.length === 0) return;
  const field = rewrite.path[rewrite.path.length - 1]!;
  if (field.startsWith(FRAGMENT_PREFIX)) throw new Error(`Unexpected fragment as last element of ${rewrite.path.join(',')}`);
  applyAtPath(schema, rewrite.path.slice(0, -1), value, (object) => {
    if (rewrite.kind === 'ValueSetter') {
      defineOwn(object, field);
      object[field] = rewrite.setValueTo;
      return;
    }
    const renamed = getOwn(object, field);
    if (renamed) {
      defineOwn(object, rewrite.renameKeyTo);
      object[rewrite.renameKeyTo] = renamed;
      object[field] = undefined;
    }
  });
}

/** Applies a fetch's rewrites to `value` in place (nothing when there are none). */
export function applyRewrites(schema: GraphQLSchema, rewrites: readonly FetchDataRewrite[] | undefined, value: Data | null | undefined): void {
  if (!rewrites || !value) return;
  for (const rewrite of rewrites) applyRewrite(schema, rewrite, value);
}
