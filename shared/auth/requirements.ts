import { ConstDirectiveNode, GraphQLError, valueFromASTUntyped } from 'graphql';
import { message, messageExtensions } from '../messages/catalog';
import { Caller } from './caller';

/**
 * What a field asks of its caller, from Federation's `@authenticated` and
 * `@requiresScopes(scopes: [["a", "b"], ["c"]])`: `anyOf` lists alternatives, each a set of scopes
 * the caller must all hold (here: a and b, or c). Any scope requirement implies authentication.
 */
export interface AccessRequirement {
  authenticated: boolean;
  anyOf: string[][];
}

/** The directive names a schema may use: as imported, or with the `federation__` prefix when not imported. */
export const AUTHENTICATED_DIRECTIVES = new Set(['authenticated', 'federation__authenticated']);
export const REQUIRES_SCOPES_DIRECTIVES = new Set(['requiresScopes', 'federation__requiresScopes']);

/** Both requirements at once: authenticated if either is, and every scope set of one with every set of the other. */
function both(a: AccessRequirement, b: AccessRequirement): AccessRequirement {
  const anyOf = a.anyOf.length === 0 ? b.anyOf : b.anyOf.length === 0 ? a.anyOf : a.anyOf.flatMap((x) => b.anyOf.map((y) => [...new Set([...x, ...y])]));
  return { authenticated: a.authenticated || b.authenticated, anyOf };
}

/**
 * The requirement the directives on a field (or type) declare, or undefined when they declare none.
 * `names` maps the directive names in use, for a supergraph that renamed them.
 */
export function requirementOf(
  directives: readonly ConstDirectiveNode[] | undefined,
  names: { authenticated: Set<string>; requiresScopes: Set<string> } = { authenticated: AUTHENTICATED_DIRECTIVES, requiresScopes: REQUIRES_SCOPES_DIRECTIVES },
): AccessRequirement | undefined {
  let requirement: AccessRequirement | undefined;
  for (const directive of directives ?? []) {
    const name = directive.name.value;
    if (names.authenticated.has(name)) {
      requirement = both(requirement ?? { authenticated: true, anyOf: [] }, { authenticated: true, anyOf: [] });
    } else if (names.requiresScopes.has(name)) {
      const argument = directive.arguments?.find((a) => a.name.value === 'scopes');
      const value = argument ? valueFromASTUntyped(argument.value) : undefined;
      const anyOf = Array.isArray(value) ? value.map((set) => (Array.isArray(set) ? set.map(String) : [String(set)])) : [];
      requirement = both(requirement ?? { authenticated: true, anyOf: [] }, { authenticated: true, anyOf });
    }
  }
  return requirement;
}

/** Whether the caller meets the requirement. */
export function satisfies(caller: Caller, requirement: AccessRequirement): boolean {
  if (!caller.authenticated) return !requirement.authenticated && requirement.anyOf.length === 0;
  return requirement.anyOf.length === 0 || requirement.anyOf.some((set) => set.every((scope) => caller.scopes.includes(scope)));
}

/** `personal:read`, `a and b`, `a, or b and c`. */
export function describeScopes(anyOf: string[][]): string {
  return anyOf.map((set) => set.join(' and ')).join(', or ');
}

/** What a field needs, in words: "an authenticated caller" or "the scope labs:admin". */
export function describeRequirement(requirement: AccessRequirement): string {
  if (requirement.anyOf.length === 0) return 'an authenticated caller';
  const scopes = describeScopes(requirement.anyOf);
  return requirement.anyOf.length === 1 && requirement.anyOf[0]!.length === 1 ? `the scope ${scopes}` : `the scopes ${scopes}`;
}

export const UNAUTHENTICATED = 'UNAUTHENTICATED';
export const FORBIDDEN = 'FORBIDDEN';

/** A field the caller may not have, by its schema coordinate (`Person.nationalCode`), with what it needs. */
export interface RefusedField {
  field: string;
  requirement: AccessRequirement;
}

const grantedBy = (caller: Caller) => (caller.scopes.length ? `the token grants ${caller.scopes.join(' ')}` : 'the token grants no scope');

/**
 * The error for fields the caller may not have: `UNAUTHENTICATED` for an anonymous caller (send a
 * token), `FORBIDDEN` for an authenticated one (the token lacks a scope). With `http`, the error
 * also sets the HTTP status of a refused request (401 or 403).
 */
export function accessRefusal(caller: Caller, refused: RefusedField[], options: { http?: boolean } = {}): GraphQLError {
  const needs = refused.map((r) => `${r.field} needs ${describeRequirement(r.requirement)}`).join('; ');
  const code = caller.authenticated ? FORBIDDEN : UNAUTHENTICATED;
  const params = {
    needs,
    fields: refused.map((r) => r.field).join(', '),
    requirements: [...new Set(refused.map((r) => (r.requirement.anyOf.length ? describeScopes(r.requirement.anyOf) : 'authentication')))].join('; '),
    ...(caller.authenticated ? { granted: grantedBy(caller), scopes: caller.scopes.join(' ') || '-' } : {}),
  };
  const refusal = message(caller.authenticated ? 'NOT_ALLOWED' : 'NOT_AUTHENTICATED', params);
  return new GraphQLError(refusal.text, {
    extensions: {
      code,
      ...messageExtensions(refusal),
      fields: refused.map((r) => ({ field: r.field, requiredScopes: r.requirement.anyOf })),
      ...(options.http ? { http: { status: caller.authenticated ? 403 : 401 } } : {}),
    },
  });
}
