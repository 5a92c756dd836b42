import { defaultFieldResolver, GraphQLFieldResolver, GraphQLSchema, isIntrospectionType, isObjectType } from 'graphql';
import { ANONYMOUS, Caller } from './caller';
import { isOwnRecord, RecordOwner, waivedForOwnRecord } from './own-record';
import { accessRefusal, AccessRequirement, requirementOf, satisfies } from './requirements';

/**
 * Makes a subgraph enforce the `@authenticated` and `@requiresScopes` its schema declares (Apollo
 * Gateway, unlike Apollo Router, does not): the resolver of every field carrying one of them is
 * wrapped so that it first checks `context.caller` and, when the caller falls short, throws
 * `UNAUTHENTICATED` (anonymous) or `FORBIDDEN` (a scope is missing) naming the field and the
 * scope. The field's own resolver, and so the store, is never reached then: a refused mutation
 * writes nothing.
 *
 * The directives are read from each field's AST (`field.astNode.directives`), where
 * buildSubgraphSchema keeps them. They are enforced on fields only: one on a type is refused here,
 * at start, rather than silently not enforced. Returns the same schema, its resolvers wrapped.
 *
 * `ownerOf` names the person a record is about (shared/auth/own-record.ts): a field that
 * `personal:read` alone would open is then open to that person too, record by record.
 */
export function enforceAccessDirectives(schema: GraphQLSchema, ownerOf?: RecordOwner): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    if (requirementOf(type.astNode?.directives) || type.extensionASTNodes.some((node) => requirementOf(node.directives))) {
      throw new Error(`${type.name} carries @authenticated or @requiresScopes on the type; put them on its fields, where the subgraphs enforce them`);
    }
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const requirement = requirementOf(field.astNode?.directives);
      if (!requirement) continue;
      const owner = ownerOf && waivedForOwnRecord(requirement) ? (source: unknown) => ownerOf(type.name, source) : undefined;
      field.resolve = guarded(`${type.name}.${field.name}`, requirement, field.resolve ?? defaultFieldResolver, owner);
    }
  }
  return schema;
}

/** The coordinates of the fields a schema guards, with their requirements (for tests and docs). */
export function guardedFields(schema: GraphQLSchema): Map<string, AccessRequirement> {
  const fields = new Map<string, AccessRequirement>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const requirement = requirementOf(field.astNode?.directives);
      if (requirement) fields.set(`${type.name}.${field.name}`, requirement);
    }
  }
  return fields;
}

function guarded(
  coordinate: string,
  requirement: AccessRequirement,
  resolve: GraphQLFieldResolver<unknown, unknown>,
  ownerOf?: (source: unknown) => string | undefined,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const caller = (context as { caller?: Caller } | undefined)?.caller ?? ANONYMOUS;
    const own = ownerOf !== undefined && isOwnRecord(caller, ownerOf(source));
    if (!own && !satisfies(caller, requirement)) throw accessRefusal(caller, [{ field: coordinate, requirement }]);
    return resolve(source, args, context, info);
  };
}
