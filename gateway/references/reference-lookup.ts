import { Caller } from '../../shared/auth/caller';
import { HttpRegistryHelpers, ReferenceLookup, RegistryLinks, UnavailableRegistry } from '../directory/registry-helpers';
import { subgraphUnavailable } from '../execution/outages';

export type { ReferenceLookup } from '../directory/registry-helpers';

const referencesUnavailable: UnavailableRegistry = (registry, reason) =>
  subgraphUnavailable(
    registry,
    `What this change names in the ${registry} registry cannot be checked: its subgraph ${reason ? `could not answer (${reason})` : 'could not be reached'}. Nothing was written; try again.`,
  );

/**
 * The registries' helper fields for the reference check, signed for the client request's caller;
 * people are looked up in the gateway's own lists (gateway/membership), so a code goes to no registry.
 */
export function referenceLookupFor(links: RegistryLinks, caller: Caller): ReferenceLookup {
  const helpers = new HttpRegistryHelpers(links, { caller, unavailable: referencesUnavailable });
  return {
    organisationsAmong: (registry, ids) => helpers.organisationsAmong(registry, ids),
    projectsAmong: (registry, ids) => helpers.projectsAmong(registry, ids),
    among: (registry, codes) => links.membership.amongChecked(registry, codes),
  };
}
