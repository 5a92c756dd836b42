import { Caller } from '../../shared/auth/caller';
import { HttpRegistryHelpers, ReferenceLookup, RegistryLinks, UnavailableRegistry } from '../directory/registry-helpers';
import { subgraphUnavailable } from '../execution/outages';

export type { ReferenceLookup } from '../directory/registry-helpers';

const referencesUnavailable: UnavailableRegistry = (registry, reason) =>
  subgraphUnavailable(
    registry,
    `What this change names in the ${registry} registry cannot be checked: its subgraph ${reason ? `could not answer (${reason})` : 'could not be reached'}. Nothing was written; try again.`,
  );

/** The registries' helper fields for the reference check, signed for the client request's caller. */
export const referenceLookupFor = (links: RegistryLinks, caller: Caller): ReferenceLookup => new HttpRegistryHelpers(links, caller, referencesUnavailable);
