import { parse } from 'graphql';
import { composeWithDirectory, CompositionError } from '../../gateway/compose';
import { unguardedPersonalFields } from '../../gateway/personal-fields';

/**
 * PRIV-1 on a subgraph's schema, by the gateway's own rule (gateway/personal-fields.ts): composed
 * with the directory as COMPOSE-1 composes it, each national code and contact the subgraph declares
 * that a client could read through the gateway without `personal:read`. Undefined when the schema
 * does not compose for another reason (COMPOSE-1 says which).
 */
export function unguardedPersonalFieldsOf(key: string, url: string, sdl: string): string[] | undefined {
  let supergraphSdl: string;
  try {
    ({ supergraphSdl } = composeWithDirectory([{ name: key, url, sdl }], {}, { personalFieldsOf: [] }));
  } catch (error) {
    if (error instanceof CompositionError) return undefined;
    throw error;
  }
  return unguardedPersonalFields(supergraphSdl, [{ name: key, typeDefs: parse(sdl) }], [key]).map((error) => error.message);
}
