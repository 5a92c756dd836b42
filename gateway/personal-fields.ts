import { Supergraph } from '@apollo/federation-internals';
import { DocumentNode, getNamedType, GraphQLError, GraphQLField, GraphQLNamedType, GraphQLSchema, isAbstractType, isInterfaceType, isObjectType } from 'graphql';
import { PERSONAL_READ_SCOPE as PERSONAL_SCOPE } from '../shared/auth/caller';
import { holdsOutputFields } from '../shared/graphql/field-holders';
import { supergraphRequirements } from './auth/operation-check';

/**
 * The caller's own record: `Me` is answered to the signed-in person alone (`Query.me` needs a
 * signed-in caller), and its `nationalCode` is theirs.
 */
const OWN_RECORD_TYPES = new Set(['Me']);

/** A subgraph's schema as composition reads it. */
interface SubgraphTypeDefs {
  name: string;
  typeDefs: DocumentNode;
}

/** The type of a person's contact (phone, email, address): personal whatever field holds it. */
const CONTACT_TYPE = 'ContactDetails';

/**
 * A field that holds personal data: a national code by its name, or a contact by its type, itself
 * or as one of the types a union or interface it returns may be (`reachAt: ContactOrDesk` answers
 * `... on ContactDetails { phone }`, and the gateway guards `ContactDetails.phone` no more than any
 * field the registry left unmarked).
 */
function isPersonalField(api: GraphQLSchema, field: GraphQLField<unknown, unknown>): boolean {
  if (/nationalcode$/i.test(field.name)) return true;
  const type = getNamedType(field.type);
  if (type.name === CONTACT_TYPE) return true;
  return isAbstractType(type) && api.getPossibleTypes(type).some((possible) => possible.name === CONTACT_TYPE);
}

/** The subgraphs that declare `type.field`, as their schemas write it. */
function declarersOf(subgraphs: readonly SubgraphTypeDefs[], type: string, field: string): string[] {
  return subgraphs
    .filter(({ typeDefs }) =>
      typeDefs.definitions.some((definition) => holdsOutputFields(definition) && definition.name.value === type && definition.fields?.some((f) => f.name.value === field)),
    )
    .map(({ name }) => name);
}

/**
 * The object and interface types a client can reach: from the root types along the API schema's
 * fields (`@inaccessible` ones are not in it), an interface or union to each of its types. A type
 * only the directory reads (`CredentialCatalogEntry`, behind `CredentialList.<key>`) is not reached.
 */
function reachableTypes(api: GraphQLSchema): GraphQLNamedType[] {
  const reached = new Map<string, GraphQLNamedType>();
  const queue = [api.getQueryType(), api.getMutationType(), api.getSubscriptionType()].filter((type): type is NonNullable<typeof type> => Boolean(type)) as GraphQLNamedType[];
  while (queue.length > 0) {
    const type = queue.pop()!;
    if (reached.has(type.name)) continue;
    reached.set(type.name, type);
    if (isAbstractType(type)) queue.push(...api.getPossibleTypes(type));
    if (isObjectType(type) || isInterfaceType(type)) for (const field of Object.values(type.getFields())) queue.push(getNamedType(field.type));
  }
  return [...reached.values()];
}

/**
 * The personal fields a client could select through the gateway without `personal:read`: every
 * field a client can reach (reachableTypes) named `nationalCode` (`holderNationalCode`...) or holding `ContactDetails` (alone, or among the
 * types of a union or interface it returns) whose supergraph definition does not ask `personal:read` in every alternative of its
 * `@requiresScopes`. The gateway enforces only the directives it finds, so a registry that leaves
 * them out (a hand-written `<Key>Member.nationalCode`, say) would have its members' codes and
 * contacts answered to anyone; before 2026-12-07 such a registry composed and joined. Each is refused
 * with `PERSONAL_FIELD_UNGUARDED`, naming the field and the subgraphs declaring it; only those `of`
 * these subgraphs declare, when given.
 */
export function unguardedPersonalFields(supergraphSdl: string, subgraphs: readonly SubgraphTypeDefs[], of?: readonly string[]): GraphQLError[] {
  const api = Supergraph.build(supergraphSdl, { supportedFeatures: null }).apiSchema().toGraphQLJSSchema();
  const requirements = supergraphRequirements(supergraphSdl);
  const errors: GraphQLError[] = [];
  for (const type of reachableTypes(api)) {
    if ((!isObjectType(type) && !isInterfaceType(type)) || OWN_RECORD_TYPES.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isPersonalField(api, field)) continue;
      const anyOf = requirements.get(`${type.name}.${field.name}`)?.anyOf ?? [];
      if (anyOf.length > 0 && anyOf.every((scopes) => scopes.includes(PERSONAL_SCOPE))) continue;
      const declarers = declarersOf(subgraphs, type.name, field.name);
      if (of && !declarers.some((name) => of.includes(name))) continue;
      errors.push(
        new GraphQLError(
          `${type.name}.${field.name} holds personal data but ${declarers.join(', ') || 'its subgraph'} does not guard it: through the gateway anyone would read it. ` +
            `Give it @requiresScopes(scopes: [["${PERSONAL_SCOPE}"]]) (docs/registry-contract.md, PRIV-1)`,
          { extensions: { code: 'PERSONAL_FIELD_UNGUARDED', field: `${type.name}.${field.name}`, subgraphs: declarers } },
        ),
      );
    }
  }
  return errors;
}
