import {
  GraphQLCompositeType,
  GraphQLEnumType,
  GraphQLOutputType,
  GraphQLSchema,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';
import { BoundedCache } from './bounded-cache';
import { CompiledShape, conditionVariablesOf, fragmentApplies, ShapeSelection, skipped } from './shape';

/**
 * The result shaping of shape.ts written straight to JSON text: the client's `data` as
 * `JSON.stringify(applyShape(...).data)` would give it, byte for byte, without building the shaped
 * object tree and without a second pass to serialise it.
 *
 * It takes the fast road only: an answer that shaping would complete without a single error (no
 * null in a non-null place, no invalid leaf, no unknown `__typename`, no value of the wrong kind).
 * Anything else makes it give up (undefined), and the caller shapes the answer with `applyShape`,
 * which reports the errors, bubbles the nulls and throws exactly as Apollo Gateway does.
 *
 * Apollo's shaping walks an object's selections in order, fragments that apply included, and sets
 * each response name the first time it meets it, merging later selections of the same name into
 * it. Without errors that is the same as collecting the object's fields first (in order of first
 * appearance, the sub-selections of a repeated name concatenated) and writing each once, which is
 * what this does, the collection worked out once per selection set, `__typename` and skip/include
 * values, and then reused.
 */

const LIST = 0;
const COMPOSITE = 1;
const STRING = 2;
const INT = 3;
const FLOAT = 4;
const BOOLEAN = 5;
const ENUM = 6;
const CUSTOM = 7;

/** An output type worked out for writing: what a value must be, and how it is written. */
interface TypeShape {
  nonNull: boolean;
  kind: number;
  /** ID takes strings (kind STRING) and integers. */
  idType?: boolean;
  of?: TypeShape;
  enumType?: GraphQLEnumType;
}

function typeShapeOf(type: GraphQLOutputType): TypeShape {
  const nonNull = isNonNullType(type);
  const nullable = nonNull ? type.ofType : type;
  if (isListType(nullable)) return { nonNull, kind: LIST, of: typeShapeOf(nullable.ofType) };
  if (isCompositeType(nullable)) return { nonNull, kind: COMPOSITE };
  if (isEnumType(nullable)) return { nonNull, kind: ENUM, enumType: nullable };
  if (!isSpecifiedScalarType(nullable)) return { nonNull, kind: CUSTOM };
  switch (nullable.name) {
    case 'Int':
      return { nonNull, kind: INT };
    case 'Float':
      return { nonNull, kind: FLOAT };
    case 'Boolean':
      return { nonNull, kind: BOOLEAN };
    case 'ID':
      return { nonNull, kind: STRING, idType: true };
    default:
      return { nonNull, kind: STRING };
  }
}

/** One response name of an object, its selections merged in order of appearance. */
interface CollectedField {
  /** `{"name":` (the object's first field) and `,"name":` (any other), ready to write. */
  first: string;
  next: string;
  responseName: string;
  isTypename: boolean;
  type: GraphQLOutputType;
  shape: TypeShape;
  /** The type the selection met, for `__typename` without a value. */
  parentType: GraphQLCompositeType;
  sub: SelectionPlan | undefined;
}

/** A selection set's collected fields by `__typename` (`''` when the object has none). */
interface SelectionPlan {
  selections: ShapeSelection[];
  /** The object's type when it has no `__typename` (the field's type, or the root type). */
  staticType: GraphQLCompositeType;
  byTypename: Map<string, CollectedField[]>;
}

interface Run {
  schema: GraphQLSchema;
  variables: Record<string, unknown>;
  defaults: Record<string, unknown>;
}

/**
 * How many root plans are kept, over every operation and every combination of its skip/include
 * variable values (least recently used dropped first). An operation with n such variables has 2^n
 * combinations, each a plan as big as the operation once written: without a bound, one client
 * sending random booleans to 40 `@include(if: $vN)` kept about 4 KB per request. A dropped plan is
 * worked out again when it is next needed.
 */
export const MAX_ROOT_PLANS = 1_000;
const rootPlans = new BoundedCache<string, SelectionPlan>(MAX_ROOT_PLANS);
/** A number per shape, for the root plans' keys (a shape is dropped with its prepared operation). */
const shapeIds = new WeakMap<CompiledShape, number>();
let nextShapeId = 0;

/** The shape's root plan for one combination of skip/include values (`variant`: `tf...`). */
function rootPlanOf(shape: CompiledShape, variant: string): SelectionPlan {
  let id = shapeIds.get(shape);
  if (id === undefined) {
    id = nextShapeId++;
    shapeIds.set(shape, id);
  }
  const key = `${id}:${variant}`;
  let plan = rootPlans.get(key);
  if (!plan) {
    plan = planOf(shape.selections, shape.rootType);
    rootPlans.set(key, plan);
  }
  return plan;
}
const quotedNames = new Map<string, string>();

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function planOf(selections: ShapeSelection[], staticType: GraphQLCompositeType): SelectionPlan {
  return { selections, staticType, byTypename: new Map() };
}

/** The fields of an object of `typename`, in the order Apollo's shaping first sets them. */
function collect(run: Run, plan: SelectionPlan, typename: string | undefined, objectType: GraphQLCompositeType): CollectedField[] {
  const byName = new Map<string, { field: CollectedField; selections: ShapeSelection[] | undefined }>();
  const visit = (selections: ShapeSelection[], parentType: GraphQLCompositeType): void => {
    for (const selection of selections) {
      if ((selection.skip || selection.include) && skipped(selection, run)) continue;
      if (selection.kind === 'fragment') {
        if (fragmentApplies(run, selection, typename, parentType)) visit(selection.selections, selection.typeCondition ?? parentType);
        continue;
      }
      const known = byName.get(selection.responseName);
      if (known) {
        if (selection.selections) known.selections = known.selections ? known.selections.concat(selection.selections) : selection.selections;
        continue;
      }
      const key = JSON.stringify(selection.responseName);
      byName.set(selection.responseName, {
        field: {
          first: `{${key}:`,
          next: `,${key}:`,
          responseName: selection.responseName,
          isTypename: selection.isTypename,
          type: selection.type,
          shape: typeShapeOf(selection.type),
          parentType,
          sub: undefined,
        },
        selections: selection.selections,
      });
    }
  };
  visit(plan.selections, objectType);
  const fields: CollectedField[] = [];
  for (const { field, selections } of byName.values()) {
    if (selections) {
      let named: GraphQLOutputType = field.type;
      while (isNonNullType(named) || isListType(named)) named = named.ofType;
      field.sub = planOf(selections, named as GraphQLCompositeType);
    }
    fields.push(field);
  }
  return fields;
}

function quoted(name: string): string {
  let text = quotedNames.get(name);
  if (text === undefined) {
    text = JSON.stringify(name);
    if (quotedNames.size < 10_000) quotedNames.set(name, text);
  }
  return text;
}

/**
 * The pieces of the answer being written, joined once at the end (one flat string; building it by
 * `+=` makes a rope of many small strings for the garbage collector). Writing is synchronous, so
 * one array serves every answer.
 *
 * Every `CHUNK_PIECES` pieces or so (the array's capacity then stays under 16,384) they are joined into a chunk and the array starts again: an
 * array of pointers past 128 KiB (16,384 pieces; the heavy benchmark answer has more) is a V8 large
 * object, freed only by a full collection, and each growth of it left one more behind (the large
 * objects were most of the gateway's heap above stock Apollo Gateway's under load).
 */
const parts: string[] = [];
const chunks: string[] = [];
const CHUNK_PIECES = 8_192;

/** Joins the pieces so far into a chunk when there are enough of them. */
function chunkIfLong(): void {
  if (parts.length < CHUNK_PIECES) return;
  chunks.push(parts.join(''));
  parts.length = 0;
}

/** The answer written: the chunks and the last pieces as one flat string. */
function joined(): string {
  if (chunks.length === 0) return parts.join('');
  chunks.push(parts.join(''));
  return chunks.join('');
}

/** Whether a string can be written between quotes as it is (nothing JSON.stringify would escape). */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON.stringify escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Writes an object's fields; `objectType` is the type its `__typename` names, else the plan's static type (always the same for one key). */
function writeObject(run: Run, input: Record<string, unknown>, plan: SelectionPlan, typename: string | undefined, objectType: GraphQLCompositeType): boolean {
  const key = typename ?? '';
  let fields = plan.byTypename.get(key);
  if (!fields) {
    fields = collect(run, plan, typename, objectType);
    plan.byTypename.set(key, fields);
  }
  if (fields.length === 0) {
    parts.push('{}');
    return true;
  }
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    parts.push(i === 0 ? field.first : field.next);
    let value: unknown = hasOwn(input, field.responseName) ? (input[field.responseName] ?? null) : null;
    if (field.isTypename) {
      if (value === null && field.responseName !== '__typename') value = input.__typename ?? null;
      const type = value !== null && typeof value === 'string' ? (run.schema.getType(value) ?? field.parentType) : field.parentType;
      if (!isObjectType(type)) return false;
      parts.push(quoted(type.name));
      continue;
    }
    if (!writeValue(run, field.shape, value, field.sub)) return false;
  }
  parts.push('}');
  chunkIfLong();
  return true;
}

function writeValue(run: Run, type: TypeShape, value: unknown, sub: SelectionPlan | undefined): boolean {
  if (value === null) {
    if (type.nonNull) return false;
    parts.push('null');
    return true;
  }
  switch (type.kind) {
    case LIST: {
      if (!Array.isArray(value)) return false;
      const itemType = type.of!;
      if (value.length === 0) {
        parts.push('[]');
        return true;
      }
      parts.push('[');
      for (let i = 0; i < value.length; i++) {
        if (i > 0) parts.push(',');
        if (!writeValue(run, itemType, value[i], sub)) return false;
        chunkIfLong();
      }
      parts.push(']');
      return true;
    }
    case COMPOSITE: {
      if (!sub || typeof value !== 'object') return false;
      const input = value as Record<string, unknown>;
      const typename = input.__typename;
      if (typename !== undefined && typeof typename !== 'string') return false;
      let objectType: GraphQLCompositeType = sub.staticType;
      if (typename) {
        const named = run.schema.getType(typename);
        if (!named || !isCompositeType(named)) return false;
        objectType = named;
      }
      return writeObject(run, input, sub, typename || undefined, objectType);
    }
    default:
      return writeLeaf(type, value);
  }
}

function writeString(value: string): void {
  if (NEEDS_ESCAPE.test(value)) parts.push(JSON.stringify(value));
  else parts.push(`"${value}"`);
}

/** Writes a leaf, or refuses it (false) as shape.ts's `isValidLeafValue` does. */
function writeLeaf(type: TypeShape, value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      if (type.kind === STRING || type.kind === CUSTOM || (type.kind === ENUM && type.enumType!.getValue(value) !== undefined)) {
        writeString(value);
        return true;
      }
      return false;
    case 'number':
      if (type.kind === CUSTOM) {
        parts.push(JSON.stringify(value));
        return true;
      }
      if (!isFinite(value)) return false;
      // Int and ID: an integer written without an exponent (shape.ts's INTEGER test of String(value)).
      if (type.kind === FLOAT || ((type.kind === INT || type.idType) && Number.isInteger(value) && Math.abs(value) < 1e21)) {
        parts.push(String(value));
        return true;
      }
      return false;
    case 'boolean':
      if (type.kind === BOOLEAN || type.kind === CUSTOM) {
        parts.push(value ? 'true' : 'false');
        return true;
      }
      return false;
    default:
      if (type.kind !== CUSTOM) return false;
      parts.push(JSON.stringify(value));
      return true;
  }
}

/**
 * `JSON.stringify(applyShape(schema, shape, input, variables).data)` when that shaping has no
 * error; undefined otherwise (shape it with `applyShape` then).
 */
export function writeShapedJson(schema: GraphQLSchema, shape: CompiledShape, input: Record<string, unknown>, variables: Record<string, unknown> | undefined): string | undefined {
  const run: Run = { schema, variables: variables ?? {}, defaults: shape.defaults };
  let variant = '';
  for (const name of conditionVariablesOf(shape)) {
    const value = hasOwn(run.variables, name) ? run.variables[name] : run.defaults[name];
    if (typeof value !== 'boolean') return undefined;
    variant += value ? 't' : 'f';
  }
  const plan = rootPlanOf(shape, variant);
  const typename = input.__typename;
  if (typename !== undefined && typename !== null && typeof typename !== 'string') return undefined;
  parts.length = 0;
  chunks.length = 0;
  try {
    // The root's fields are shaped against the root type, whatever its `__typename` says.
    return writeObject(run, input, plan, typename || undefined, shape.rootType) ? joined() : undefined;
  } catch {
    // Whatever the fast road trips on, `applyShape` meets again and reports as Apollo would.
    return undefined;
  } finally {
    parts.length = 0;
    chunks.length = 0;
  }
}
