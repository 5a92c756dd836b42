import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  parse,
  SelectionSetNode,
} from 'graphql';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { waivedForOwnRecord } from '../../shared/auth/own-record';
import { holdsOutputFields } from '../../shared/graphql/field-holders';
import { typePrefixOf } from '../../shared/registry/keys';
import { accessRefusal, AccessRequirement, requirementOf, satisfies } from '../../shared/auth/requirements';
import { linkedDirectiveNames } from '../supergraph-links';

/** The gateway's per-request context: the caller its bearer token proves (anonymous without one). */
export interface GatewayContext {
  caller: Caller;
}

/**
 * The fields a supergraph guards, by schema coordinate (`Person.nationalCode`), read from the
 * `@authenticated` and `@requiresScopes` composition keeps in the supergraph SDL (under the names
 * its `@link`s give them).
 */
export function supergraphRequirements(supergraphSdl: string): Map<string, AccessRequirement> {
  const document = parse(supergraphSdl);
  const names = {
    authenticated: linkedDirectiveNames(document, 'authenticated', 'authenticated'),
    requiresScopes: linkedDirectiveNames(document, 'requiresScopes', 'requiresScopes'),
  };
  const requirements = new Map<string, AccessRequirement>();
  for (const definition of document.definitions.filter(holdsOutputFields)) {
    for (const field of definition.fields ?? []) {
      const requirement = requirementOf(field.directives, names);
      if (requirement) requirements.set(`${definition.name.value}.${field.name.value}`, requirement);
    }
  }
  return requirements;
}

/**
 * Where a selection stands towards the caller's own record (`Query.me`): `me` itself, the person
 * it names (`Me.person`), that person's record in a registry (`Person.<key>`, a `<Key>Member`), or
 * elsewhere. Fields that `personal:read` alone would open are the caller's own at the first three
 * and need no scope there (`me` needs a signed-in caller already); anywhere else, a nested path from
 * `me` to another person included, they need the scope as usual. The subgraphs hold the same rule
 * record by record (shared/auth/own-record.ts).
 */
type OwnPosition = 'me' | 'person' | 'member' | undefined;

/** The position a field's selection is at, given its parent's. */
function ownPositionOf(parent: GraphQLNamedType, field: string, type: GraphQLNamedType, position: OwnPosition, root: boolean): OwnPosition {
  if (root && field === 'me') return 'me';
  if (position === 'me' && field === 'person') return 'person';
  // A registry's view of the person: `Person.labs: LabsMember` (registry contract VIEW-1).
  if (position === 'person' && parent.name === 'Person' && type.name === `${typePrefixOf(field)}Member`) return 'member';
  return undefined;
}

/**
 * The guarded fields an operation selects (its own selections and those of the fragments it
 * spreads, each fragment read once per position) that the caller may not have, with what each needs.
 */
export function refusedSelections(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  requirements: Map<string, AccessRequirement>,
  allowed: (requirement: AccessRequirement) => boolean,
): { field: string; requirement: AccessRequirement }[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const refused = new Map<string, AccessRequirement>();
  const check = (coordinate: string, position: OwnPosition) => {
    const requirement = requirements.get(coordinate);
    if (!requirement || allowed(requirement)) return;
    if (position !== undefined && waivedForOwnRecord(requirement)) return;
    refused.set(coordinate, requirement);
  };
  const root = schema.getRootType(operation.operation);
  const spread = new Set<string>();
  const walk = (selections: SelectionSetNode, parent: GraphQLNamedType, position: OwnPosition, atRoot: boolean): void => {
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) continue;
        check(`${parent.name}.${name}`, position);
        // On an interface, the field of every type that implements it counts too.
        if (isInterfaceType(parent)) {
          for (const type of schema.getPossibleTypes(parent)) if (isObjectType(type)) check(`${type.name}.${name}`, position);
        }
        const field = parent.getFields()[name];
        if (!field || !selection.selectionSet) continue;
        const type = getNamedType(field.type);
        walk(selection.selectionSet, type, ownPositionOf(parent, name, type, position, atRoot), false);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type) walk(selection.selectionSet, type, position, atRoot);
      } else {
        const fragment = fragments.get(selection.name.value);
        const key = `${selection.name.value}|${position ?? ''}|${atRoot}`;
        if (!fragment || spread.has(key)) continue;
        spread.add(key);
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type) walk(fragment.selectionSet, type, position, atRoot);
      }
    }
  };
  if (root) walk(operation.selectionSet, root, undefined, true);
  return [...refused].map(([field, requirement]) => ({ field, requirement }));
}

/** The guarded fields an operation selects, with what each needs (see `guardedFields`). */
export type GuardedFields = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) => { field: string; requirement: AccessRequirement }[];

/**
 * The guarded fields of the current supergraph (`supergraphSdl`, whose requirements are read once
 * per composition) that an operation selects. They depend on the operation (and its document's
 * fragments), the schema and the requirements, not on the caller: walked once per operation, then
 * only filtered by what each caller may see. The authorization check and the response cache (which
 * keeps only operations that select none) share one.
 */
export function guardedFields(supergraphSdl: () => string): GuardedFields {
  let cached: { sdl: string; requirements: Map<string, AccessRequirement> } | undefined;
  const requirements = () => {
    const sdl = supergraphSdl();
    if (cached?.sdl !== sdl) cached = { sdl, requirements: sdl ? supergraphRequirements(sdl) : new Map<string, AccessRequirement>() };
    return cached.requirements;
  };
  const walked = new WeakMap<
    OperationDefinitionNode,
    { schema: GraphQLSchema; requirements: Map<string, AccessRequirement>; fields: { field: string; requirement: AccessRequirement }[] }
  >();
  return (schema, document, operation) => {
    const current = requirements();
    const known = walked.get(operation);
    if (known && known.schema === schema && known.requirements === current) return known.fields;
    const fields = refusedSelections(schema, document, operation, current, () => false);
    walked.set(operation, { schema, requirements: current, fields });
    return fields;
  };
}

/**
 * Enforces, at the gateway and before the query is planned, the `@authenticated` and
 * `@requiresScopes` of every field in the supergraph: an operation that selects a field its caller
 * may not have is refused whole, with 401 `UNAUTHENTICATED` (anonymous: send a token) or 403
 * `FORBIDDEN` (a scope is missing), naming each such field and what it needs. Nothing is planned,
 * fetched or written.
 *
 * The subgraphs enforce their own fields too (enforceAccessDirectives); this check exists for what
 * they cannot refuse: `Person.nationalCode` is the key the gateway itself fetches from every
 * registry to join them, so a registry must hand it to the gateway whoever the caller is, and only
 * the gateway knows whether the client asked for it. It also refuses early, so an anonymous
 * mutation never reaches a subgraph.
 *
 * `guardedFieldsOf` reads the current supergraph's requirements (see `guardedFields`).
 */
export function authorizationPlugin(guardedFieldsOf: GuardedFields): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, contextValue }) {
          if (!operation) return;
          const caller = contextValue.caller ?? ANONYMOUS;
          const fields = guardedFieldsOf(schema, document, operation);
          if (fields.length === 0) return;
          const refused = fields.filter(({ requirement }) => !satisfies(caller, requirement));
          if (refused.length > 0) throw accessRefusal(caller, refused, { http: true });
        },
      };
    },
  };
}
