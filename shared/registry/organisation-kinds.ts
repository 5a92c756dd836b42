/** Where one kind of organisation may stand: under which kinds of parent, and whether it must have one. */
export interface OrganisationKindRule {
  /** The kinds of organisation that may hold it; empty: it stands only at the top. */
  under: readonly string[];
  /** It must have a parent (a union its chamber): it cannot be created at, or moved to, the top. */
  parentRequired?: boolean;
}

/**
 * A registry's organisation kinds (the values of its `<Key>OrganisationKind`), each with where it
 * may stand. A kind not listed may stand anywhere, under any organisation or at the top.
 */
export type OrganisationKindRules = Readonly<Record<string, OrganisationKindRule>>;

/** Why `kind` may not stand under `parentKind` (null: at the top), or undefined when it may. */
export function placementProblem(rules: OrganisationKindRules | undefined, kind: string, parentKind: string | null): string | undefined {
  const rule = rules?.[kind];
  if (!rule) return undefined;
  if (parentKind === null) return rule.parentRequired ? `a ${kind} must belong to a ${rule.under.join(' or ')}; give its parentId` : undefined;
  if (rule.under.includes(parentKind)) return undefined;
  return rule.under.length === 0 ? `a ${kind} stands at the top, under no organisation` : `a ${kind} can belong to a ${rule.under.join(' or ')}, not to a ${parentKind}`;
}
