import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationDefinitionNode,
  parse,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { accessRefusal, AccessRequirement, requirementOf, satisfies } from '../../shared/auth/requirements';

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
  const names = { authenticated: new Set<string>(), requiresScopes: new Set<string>() };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const argument = (name: string) => {
        const node = link.arguments?.find((a) => a.name.value === name);
        return node ? valueFromASTUntyped(node.value) : undefined;
      };
      const url = String(argument('url') ?? '');
      const as = argument('as');
      if (/\/authenticated\/v/.test(url)) names.authenticated.add(typeof as === 'string' ? as : 'authenticated');
      if (/\/requiresScopes\/v/.test(url)) names.requiresScopes.add(typeof as === 'string' ? as : 'requiresScopes');
    }
  }
  const requirements = new Map<string, AccessRequirement>();
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      const requirement = requirementOf(field.directives, names);
      if (requirement) requirements.set(`${definition.name.value}.${field.name.value}`, requirement);
    }
  }
  return requirements;
}

/**
 * The guarded fields an operation selects (its own selections and those of the fragments it
 * spreads, each fragment read once) that the caller may not have, with what each needs.
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
  const check = (coordinate: string) => {
    const requirement = requirements.get(coordinate);
    if (requirement && !allowed(requirement)) refused.set(coordinate, requirement);
  };
  const typeInfo = new TypeInfo(schema);
  const spread = new Set<string>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  while (pending.length > 0) {
    visit(
      pending.pop()!,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (!parent || node.name.value.startsWith('__')) return;
          check(`${parent.name}.${node.name.value}`);
          // On an interface, the field of every type that implements it counts too.
          if (isInterfaceType(parent)) {
            for (const type of schema.getPossibleTypes(parent)) if (isObjectType(type)) check(`${type.name}.${node.name.value}`);
          }
        },
        FragmentSpread(node) {
          const fragment = fragments.get(node.name.value);
          if (fragment && !spread.has(fragment.name.value)) {
            spread.add(fragment.name.value);
            pending.push(fragment);
          }
        },
      }),
    );
  }
  return [...refused].map(([field, requirement]) => ({ field, requirement }));
}

/** The guarded fields an operation selects, with what each needs (see `guardedFields`). */
export type GuardedFields = (
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
) => { field: string; requirement: AccessRequirement }[];

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
    if (cached?.sdl !== sdl) cached = { sdl, requirements: sdl ? supergraphRequirements(sdl) : new Map() };
    return cached.requirements;
  };
  const walked = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; requirements: Map<string, AccessRequirement>; fields: { field: string; requirement: AccessRequirement }[] }>();
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
