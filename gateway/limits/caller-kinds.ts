import type { BaseContext } from '@apollo/server';
import { Caller, hasScope } from '../../shared/auth/caller';
import { LimitName, LimitProfile, LimitVariables } from '../../shared/limits';
import { ANALYST_LIMIT_PREFIX, ANALYST_SCOPE, CallerKindLimits, LIMIT_PREFIX, LimitSettings } from './settings';

/** The limits that differ by kind of caller, by the name their variables end with. */
const PER_KIND: Partial<Record<LimitName, keyof CallerKindLimits>> = { ALIASES: 'aliases', ROOT_FIELDS: 'rootFields', COST: 'cost' };

/** The caller the gateway's context holds (gateway/auth puts it there), if it holds one. */
function callerOf(context: BaseContext): Caller | undefined {
  if (!('caller' in context)) return undefined;
  const caller: unknown = context.caller;
  if (typeof caller !== 'object' || caller === null || !('scopes' in caller) || !('authenticated' in caller)) return undefined;
  return Array.isArray(caller.scopes) && typeof caller.authenticated === 'boolean' ? { authenticated: caller.authenticated, scopes: caller.scopes.map(String) } : undefined;
}

/** The document limits by kind of caller: the general ones, and the analysts' (callers holding `ANALYST_SCOPE`). */
export interface CallerKindProfiles {
  /** How the general limits' refusals name their variables, and tell of the analysts' larger limits. */
  generalVariables: LimitVariables;
  /** The analysts' profile for a request of a caller holding `ANALYST_SCOPE`, else undefined (the general limits). */
  profileOf: (context: BaseContext) => LimitProfile | undefined;
}

export function callerKindProfiles(settings: LimitSettings): CallerKindProfiles {
  const analyst: LimitProfile = {
    limits: { ...settings, ...settings.analyst },
    variables: { variable: (limit) => `${PER_KIND[limit] ? ANALYST_LIMIT_PREFIX : LIMIT_PREFIX}${limit}` },
  };
  const generalVariables: LimitVariables = {
    variable: (limit) => `${LIMIT_PREFIX}${limit}`,
    room: (limit) => {
      const key = PER_KIND[limit];
      if (!key || settings.analyst[key] <= settings[key]) return undefined;
      return { scope: ANALYST_SCOPE, limit: settings.analyst[key], variable: `${ANALYST_LIMIT_PREFIX}${limit}` };
    },
  };
  return {
    generalVariables,
    profileOf: (context) => {
      const caller = callerOf(context);
      return caller && hasScope(caller, ANALYST_SCOPE) ? analyst : undefined;
    },
  };
}
