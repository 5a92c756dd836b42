import { AccessRequirement } from '../../shared/auth/requirements';
import { refusedSelections, supergraphRequirements } from '../auth';
import { PublicOperationCheck } from './response-cache';

/**
 * Whether an operation selects only unguarded fields: the authorization check's walk, asked for a
 * caller who may have nothing. The guarded fields are read from the current supergraph (once per
 * composition), so a field that becomes personal stops being cached with the next supergraph.
 */
export function publicOperations(supergraphSdl: () => string): PublicOperationCheck {
  let cached: { sdl: string; requirements: Map<string, AccessRequirement> } | undefined;
  const requirements = () => {
    const sdl = supergraphSdl();
    if (cached?.sdl !== sdl) cached = { sdl, requirements: sdl ? supergraphRequirements(sdl) : new Map() };
    return cached.requirements;
  };
  return (schema, document, operation) => refusedSelections(schema, document, operation, requirements(), () => false).length === 0;
}
