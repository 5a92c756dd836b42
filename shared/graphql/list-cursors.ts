import { defaultFieldResolver, GraphQLFieldResolver, GraphQLResolveInfo, GraphQLSchema, isIntrospectionType, isObjectType } from 'graphql';
import { CursorCodec } from './cursor-codec';
import { cursorCodecFor } from './cursor-keys';

/**
 * Cursors leave a service only sealed (cursor-codec.ts). `sealListCursors` wraps the resolver of
 * every list field a schema serves (a field with an `after` argument) so that
 *
 * - the client's `after` is opened before the resolver runs: the resolver, and the repository
 *   below it, only ever see the position (`args.after`), or BAD_USER_INPUT is thrown for a cursor
 *   this service did not make for this list;
 * - the `pageInfo.endCursor` of the page the resolver returns, a position, is sealed.
 *
 * A list whose page is built by another resolver (the directory's merged lists, whose
 * `pageInfo` is resolved on the list entity) keeps `listOf(...)` in its key and seals there with
 * `sealPageInfo`. `PageInfo.endCursor` itself refuses to return a cursor that was not sealed, so a
 * list that forgot fails loudly instead of handing out a position.
 *
 * Fields marked @inaccessible are left alone: the gateway alone reaches them, and their `after` is
 * a position it sends on purpose (`_memberCodes`).
 */
export function sealListCursors(schema: GraphQLSchema, service: string): GraphQLSchema {
  const codec = () => cursorCodecFor(service);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const inaccessible = field.astNode?.directives?.some((directive) => directive.name.value === 'inaccessible') ?? false;
      if (field.args.some((arg) => arg.name === 'after') && !inaccessible) field.resolve = openingAndSealing(field.resolve ?? defaultFieldResolver, codec);
    }
  }
  const pageInfo = schema.getType('PageInfo');
  if (isObjectType(pageInfo)) {
    const endCursor = pageInfo.getFields().endCursor;
    if (endCursor) endCursor.resolve = onlySealed(endCursor.resolve ?? defaultFieldResolver);
  }
  return schema;
}

/** The page information of a list, as every list returns it. */
export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The `pageInfo` objects whose `endCursor` was sealed here: PageInfo.endCursor returns no other. */
const sealedPages = new WeakSet<object>();

const parentKeyOf = (source: unknown): string | null => {
  const id = source && typeof source === 'object' ? (source as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
};

/**
 * The name of the list a field returns, as its cursors carry it: the field's coordinate, its
 * arguments but `first` and `after` (null ones left out, so an omitted filter and a null one are
 * one list), and for a field below the root the parent's id (`Organisation.responsibleFor`).
 */
export function listOf(info: Pick<GraphQLResolveInfo, 'parentType' | 'fieldName' | 'schema'>, args: object, source?: unknown): string {
  const root = info.parentType === info.schema.getQueryType();
  const filters = Object.entries(args as Record<string, unknown>)
    .filter(([name, value]) => name !== 'first' && name !== 'after' && value !== null && value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([`${info.parentType.name}.${info.fieldName}`, Object.fromEntries(filters), root ? null : parentKeyOf(source)]);
}

/** `pageInfo` with its `endCursor` (a position) sealed for `list` by `service`. */
export function sealPageInfo(service: string, list: string, pageInfo: PageInfo): PageInfo {
  return sealedWith(cursorCodecFor(service), list, pageInfo);
}

function sealedWith(codec: CursorCodec, list: string, pageInfo: PageInfo): PageInfo {
  const sealed = { ...pageInfo, endCursor: pageInfo.endCursor === null ? null : codec.seal(list, pageInfo.endCursor) };
  sealedPages.add(sealed);
  return sealed;
}

function openingAndSealing(resolve: GraphQLFieldResolver<unknown, unknown>, codec: () => CursorCodec): GraphQLFieldResolver<unknown, unknown> {
  return async (source, args: Record<string, unknown>, context, info) => {
    const list = listOf(info, args, source);
    const after = typeof args.after === 'string' && args.after !== '' ? codec().open(list, args.after) : null;
    const result = await resolve(source, { ...args, after }, context, info);
    if (!result || typeof result !== 'object' || !('pageInfo' in result)) return result;
    return { ...result, pageInfo: sealedWith(codec(), list, result.pageInfo as PageInfo) };
  };
}

function onlySealed(resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const value = resolve(source, args, context, info);
    if (value === null || value === undefined) return null;
    if (!(source && typeof source === 'object' && sealedPages.has(source))) {
      throw new Error(`${info.parentType.name}.${info.fieldName} of ${info.path.prev?.prev?.key ?? 'a list'} was not sealed; a list must seal its cursors (see sealListCursors)`);
    }
    return value;
  };
}
