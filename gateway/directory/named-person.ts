import { GraphQLError } from 'graphql';
import { RegistryKey } from '../../shared/registry/keys';

/** Whom a registry may name, as the gateway's lists say: its members, and the people it keeps records of. */
export interface PeopleLookup {
  keeps(registry: RegistryKey, code: string): Promise<boolean>;
}

/**
 * The person the directory makes of a national code a registry's data gives (a search hit, a
 * credential's holder, a committee seat): only one that registry holds or keeps a record of. The
 * others' answers about a `Person` say whose a code is, so a registry that could name any code there
 * would learn it, and show an anonymous caller (gateway/membership/named-people.ts checks the
 * `Person` objects a registry's answer names; these codes come as plain data). With no lookup (a
 * directory built without the gateway's links), no one.
 */
export async function personNamedBy(people: PeopleLookup | undefined, registry: RegistryKey, code: string): Promise<{ nationalCode: string }> {
  if (people && (await people.keeps(registry, code))) return { nationalCode: code };
  throw new GraphQLError(`The ${registry} registry named a person it neither holds nor keeps a record of; left out.`, {
    extensions: { code: 'SUBGRAPH_NAMED_UNKNOWN_PERSON', subgraph: registry },
  });
}
