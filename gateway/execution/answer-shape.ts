import type { FetchNode } from '@apollo/query-planner';
import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLNamedType,
  GraphQLSchema,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  SelectionSetNode,
} from 'graphql';

type ResultMap = Record<string, unknown>;

/**
 * What one fetch may write into an object of its answer: the response names its operation selects
 * there, each with what may be written below it. Associations run their subgraphs as independent
 * operators, so an answer is merged only where its fetch asked: a subgraph that sends more (another
 * registry's fields, an entity's `__typename` changed) changes nothing.
 */
export interface AnswerShape {
  /** Fields selected whatever the object's type. */
  readonly fields: ReadonlyMap<string, AnswerShape>;
  /** Fields selected only on some types (under a type condition), by type name. */
  readonly byType: ReadonlyMap<string, ReadonlyMap<string, AnswerShape>>;
  /**
   * The type of an object here that does not say its own (`__typename`, which the planner asks for
   * only where the type is abstract): the field's object type, or the root's. Undefined where it is
   * not one object type: such an object may then have any type-conditioned field selected here.
   */
  readonly objectType: string | undefined;
}

/**
 * Whether `path` (response names and list indices, from an object the shape is for) ends at a field
 * the fetch selected, or inside one: where an error the fetch's subgraph reports may point.
 */
export function shapeHolds(shape: AnswerShape, path: readonly (string | number)[]): boolean {
  let here = shape;
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    const next = here.fields.get(segment) ?? onAnyType(here, segment);
    if (!next) return false;
    here = next;
  }
  return true;
}

/** A field without a selection set: its value is taken as it is. */
export const LEAF: AnswerShape = Object.freeze({ fields: new Map(), byType: new Map(), objectType: undefined });

interface BuildingShape {
  fields: Map<string, BuildingShape | typeof LEAF>;
  byType: Map<string, Map<string, BuildingShape | typeof LEAF>>;
  objectType: string | undefined;
  /** Set once two selections of one response name disagree on the object type. */
  mixed?: boolean;
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
const isObject = (value: unknown): value is ResultMap => value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What a fetch's operation selects in the objects it fills: inside `_entities` for an entity fetch,
 * the root fields otherwise; with the operation's named fragments.
 */
export interface FetchSelections {
  selectionSet: SelectionSetNode | undefined;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

export function fetchSelectionsOf(fetch: FetchNode): FetchSelections {
  const document: DocumentNode = fetch.operationDocumentNode ?? parse(fetch.operation);
  const fragments = new Map<string, FragmentDefinitionNode>();
  let selectionSet: SelectionSetNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) selectionSet = definition.selectionSet;
  }
  if (selectionSet && fetch.requires) {
    const entities = selectionSet.selections.find((selection) => selection.kind === Kind.FIELD && selection.name.value === '_entities');
    selectionSet = entities?.kind === Kind.FIELD ? entities.selectionSet : undefined;
  }
  return { selectionSet, fragments };
}

/** The shape of what `fetch` may write (`selections`: its `fetchSelectionsOf`): into each entity for an entity fetch, into the root otherwise. */
export function answerShapeOf(fetch: FetchNode, schema: GraphQLSchema, selections: FetchSelections = fetchSelectionsOf(fetch)): AnswerShape {
  const { selectionSet, fragments } = selections;
  const root = fetch.requires ? undefined : (schema.getRootType(fetch.operationKind) ?? undefined);
  const shape: BuildingShape = { fields: new Map(), byType: new Map(), objectType: root?.name };
  if (selectionSet) addSelections(shape, selectionSet, root, undefined, schema, fragments);
  return shape;
}

function addSelections(
  shape: BuildingShape,
  set: SelectionSetNode,
  parent: GraphQLNamedType | undefined,
  types: readonly string[] | undefined,
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.alias?.value ?? selection.name.value;
      const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
      const fieldType = definition ? getNamedType(definition.type) : undefined;
      for (const fields of fieldMapsOf(shape, types)) {
        if (!selection.selectionSet) {
          if (!fields.has(name)) fields.set(name, LEAF);
          continue;
        }
        const objectType = fieldType && isObjectType(fieldType) ? fieldType.name : undefined;
        let child = fields.get(name);
        if (child === undefined || child === LEAF) fields.set(name, (child = { fields: new Map(), byType: new Map(), objectType }));
        const building = child as BuildingShape;
        if (building.objectType !== objectType) building.mixed = true;
        if (building.mixed) building.objectType = undefined;
        addSelections(building, selection.selectionSet, fieldType, undefined, schema, fragments);
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition?.name.value;
      const conditionType = condition ? schema.getType(condition) : undefined;
      addSelections(shape, selection.selectionSet, conditionType ?? parent, condition ? conditionTypes(schema, condition) : types, schema, fragments);
    } else {
      const fragment = fragments.get(selection.name.value);
      const condition = fragment?.typeCondition.name.value;
      if (fragment && condition) addSelections(shape, fragment.selectionSet, schema.getType(condition) ?? undefined, conditionTypes(schema, condition), schema, fragments);
    }
  }
}

/** The field maps a selection under `types` goes into: the shape's own for no condition, else one per concrete type. */
function fieldMapsOf(shape: BuildingShape, types: readonly string[] | undefined): Map<string, BuildingShape | typeof LEAF>[] {
  if (!types) return [shape.fields];
  return types.map((type) => {
    let fields = shape.byType.get(type);
    if (!fields) shape.byType.set(type, (fields = new Map<string, BuildingShape | typeof LEAF>()));
    return fields;
  });
}

/**
 * The type names a type condition stands for: the type itself, and every possible type of an
 * interface or union (an object may be called by the interface's name: see `mayBecome`).
 */
function conditionTypes(schema: GraphQLSchema, name: string): string[] {
  const type = schema.getType(name);
  return type && isAbstractType(type) ? [name, ...schema.getPossibleTypes(type).map((possible) => possible.name)] : [name];
}

/**
 * Whether an object already known as `known` may be called `said` by a later answer: only a type
 * and an interface (or union) it belongs to, either way round. An `@interfaceObject` subgraph
 * answers with the interface's name, and a later answer resolves it to its object type again
 * (Apollo Gateway merges both, and the differential tests hold the product to its answers); an
 * object type is never called another.
 */
function mayBecome(schema: GraphQLSchema, known: string, said: string): boolean {
  return belongsTo(schema, said, known) || belongsTo(schema, known, said);
}

function belongsTo(schema: GraphQLSchema, objectType: string, abstractType: string): boolean {
  const type = schema.getType(abstractType);
  if (!type || !isAbstractType(type)) return false;
  return schema.getPossibleTypes(type).some((possible) => possible.name === objectType);
}

/** Apollo Gateway's `deepMerge`. */
export function deepMerge(target: ResultMap, source: unknown): ResultMap {
  if (source === undefined || source === null) return target;
  const from = source as ResultMap;
  for (const key of Object.keys(from)) mergeValue(target, key, from[key]);
  return target;
}

/** One key of Apollo Gateway's `deepMerge`: `value` merged into `target[key]`. */
function mergeValue(target: ResultMap, key: string, value: unknown): void {
  if (value === undefined) return;
  ownKey(target, key);
  const existing = target[key];
  if (existing && isObject(value)) {
    deepMerge(existing as ResultMap, value);
  } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      if (isObject(existing[i]) && isObject(items[i])) deepMerge(existing[i] as ResultMap, items[i]);
      else existing[i] = items[i];
    }
  } else {
    target[key] = value;
  }
}

/** `key` made an own property of `target` before it is written (a key it inherits, such as `constructor`, is not merged into). */
function ownKey(target: ResultMap, key: string): void {
  if (key in target && !hasOwn(target, key)) Object.defineProperty(target, key, { configurable: true, enumerable: true, value: undefined, writable: true });
}

/**
 * Apollo Gateway's `deepMerge`, limited to `shape`: of `source`, only what the fetch selected is
 * merged into `target`, below as at the top; a field without a selection set (a leaf, whatever its
 * value) is merged as `deepMerge` merges it.
 */
export function mergeAnswer(schema: GraphQLSchema, target: ResultMap, source: ResultMap, shape: AnswerShape): void {
  const known = target.__typename;
  const said = source.__typename;
  const type =
    typeof known === 'string' ? (typeof said === 'string' && said !== known && mayBecome(schema, known, said) ? said : known) : typeof said === 'string' ? said : shape.objectType;
  const typed = shape.byType.size > 0 && type !== undefined ? shape.byType.get(type) : undefined;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    const child = shape.fields.get(key) ?? (type === undefined ? onAnyType(shape, key) : typed?.get(key));
    if (child === undefined) continue;
    if (key === '__typename' && value !== type) continue;
    if (child === LEAF) {
      mergeValue(target, key, value);
      continue;
    }
    ownKey(target, key);
    const existing = target[key];
    if (existing && isObject(value)) {
      mergeAnswer(schema, existing as ResultMap, value, child);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (isObject(existing[i]) && isObject(item)) mergeAnswer(schema, existing[i] as ResultMap, item, child);
        else existing[i] = pruned(item, child);
      }
    } else {
      target[key] = pruned(value, child);
    }
  }
}

/** A field selected under some type condition, for an object whose type cannot be told. */
function onAnyType(shape: AnswerShape, key: string): AnswerShape | undefined {
  for (const fields of shape.byType.values()) {
    const field = fields.get(key);
    if (field !== undefined) return field;
  }
  return undefined;
}

/**
 * What an operation selects anywhere below its root, type conditions set aside: each response name
 * with the names selected below it under any condition. Looser than answerShapeOf (a field selected
 * on one type may be written on another), for where the supergraph is not at hand: Apollo Gateway's
 * executor's fetches (gateway/data-sources.ts).
 */
export function selectedNamesOf(document: DocumentNode): AnswerShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let root: SelectionSetNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) root = definition.selectionSet;
  }
  const shape: BuildingShape = { fields: new Map(), byType: new Map(), objectType: undefined };
  const add = (into: BuildingShape, set: SelectionSetNode, seen: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.alias?.value ?? selection.name.value;
        if (!selection.selectionSet) {
          if (!into.fields.has(name)) into.fields.set(name, LEAF);
          continue;
        }
        let child = into.fields.get(name);
        if (child === undefined || child === LEAF) into.fields.set(name, (child = { fields: new Map(), byType: new Map(), objectType: undefined }));
        add(child as BuildingShape, selection.selectionSet, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(into, selection.selectionSet, seen);
      } else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) add(into, fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  if (root) add(shape, root, new Set());
  return shape;
}

/** A value new to the result, with what the fetch did not select taken out (in place: the answer is the gateway's own copy). */
export function pruned(value: unknown, shape: AnswerShape): unknown {
  if (shape === LEAF || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = pruned(value[i], shape);
    return value;
  }
  const object = value as ResultMap;
  const type = typeof object.__typename === 'string' ? object.__typename : shape.objectType;
  const typed = shape.byType.size > 0 && type !== undefined ? shape.byType.get(type) : undefined;
  for (const key of Object.keys(object)) {
    const child = shape.fields.get(key) ?? (type === undefined ? onAnyType(shape, key) : typed?.get(key));
    if (child === undefined) delete object[key];
    else if (child !== LEAF) object[key] = pruned(object[key], child);
  }
  return object;
}
