import { InputProblem } from '../../shared/errors';
import { parseNationalCode } from '../../shared/identity/national-code';
import { MAX_MEMBER_CODES } from '../../shared/registry/member-codes';
import { RegistryKey, registryKeyOfId } from '../../shared/registry/keys';
import { GivenReference } from './collect-references';
import { ReferenceLookup } from './reference-lookup';

/**
 * The codes some registry holds, in the gateway's own lists of who each registry holds
 * (gateway/membership; no registry is sent a code). Each is looked for first in the registry the
 * change goes to (`home`), then in the others. At most MAX_MEMBER_CODES codes: referenceProblems
 * refuses more.
 */
async function codesHeld(wanted: readonly { code: string; home: RegistryKey | undefined }[], registries: readonly RegistryKey[], lookup: ReferenceLookup): Promise<Set<string>> {
  const found = new Set<string>();
  const ask = async (registry: RegistryKey, codes: readonly string[]) => {
    if (codes.length === 0) return;
    for (const code of await lookup.among(registry, [...new Set(codes)])) found.add(code);
  };
  const homes = new Set(wanted.flatMap(({ home }) => (home && registries.includes(home) ? [home] : [])));
  await Promise.all(
    [...homes].map((home) =>
      ask(
        home,
        wanted.filter((w) => w.home === home).map((w) => w.code),
      ),
    ),
  );
  await Promise.all(
    registries.map((registry) =>
      ask(
        registry,
        wanted.filter((w) => !found.has(w.code) && w.home !== registry).map((w) => w.code),
      ),
    ),
  );
  return found;
}

/**
 * What is wrong with the references a change names, each by its input path: an organisation or a
 * committee no registry of the graph keeps (an id whose registry the graph does not join included),
 * or, with `people`, a national code no registry holds; more than MAX_MEMBER_CODES references in
 * all are refused unread. Ids and codes of the wrong shape are left to the subgraph, which refuses
 * them with its own words. A registry that does not answer throws (`SUBGRAPH_UNAVAILABLE`): the
 * change is refused rather than written unchecked.
 */
export async function referenceProblems(
  references: readonly GivenReference[],
  registries: readonly RegistryKey[],
  lookup: ReferenceLookup,
  options: { people: boolean; homeOf?: (rootField: string) => RegistryKey | undefined },
): Promise<InputProblem[]> {
  // More would make one request cost the registries many lookups; no change of the graph names so many.
  if (references.length > MAX_MEMBER_CODES)
    return [{ field: references[MAX_MEMBER_CODES]!.path, problem: `names ${references.length} records of the registries; a change names at most ${MAX_MEMBER_CODES}` }];
  const several = new Set(references.map((r) => r.rootField)).size > 1;
  const fieldOf = (reference: GivenReference) => (several ? `${reference.rootField}.${reference.path}` : reference.path);
  const known = new Set(registries);
  const registryOf = (reference: GivenReference) => (reference.kind === 'PERSON' ? undefined : registryKeyOfId(reference.value));

  // Each registry is asked once per kind of record, for the distinct ids of it the change names.
  const asked = new Map<string, { registry: RegistryKey; kind: GivenReference['kind']; ids: Set<string> }>();
  for (const reference of references) {
    const registry = registryOf(reference);
    if (!registry || !known.has(registry)) continue;
    const key = `${reference.kind} ${registry}`;
    if (!asked.has(key)) asked.set(key, { registry, kind: reference.kind, ids: new Set() });
    asked.get(key)!.ids.add(reference.value);
  }
  const codes = options.people ? references.flatMap((r) => (r.kind === 'PERSON' ? [{ reference: r, code: parseNationalCode(r.value) }] : [])) : [];
  const wanted = codes.flatMap(({ reference, code }) => (code.ok ? [{ code: code.value, home: options.homeOf?.(reference.rootField) }] : []));
  const [kept, held] = await Promise.all([
    Promise.all(
      [...asked].map(async ([key, { registry, kind, ids }]) => {
        const found = kind === 'ORGANISATION' ? await lookup.organisationsAmong(registry, [...ids]) : await lookup.projectsAmong(registry, [...ids]);
        return [key, new Set(found)] as const;
      }),
    ).then((entries) => new Map(entries)),
    codesHeld(wanted, registries, lookup),
  ]);

  const problemOf = (reference: GivenReference): string | undefined => {
    if (reference.kind === 'PERSON') {
      const code = parseNationalCode(reference.value);
      return options.people && code.ok && !held.has(code.value) ? `no person with this national code in any registry of the graph (${registries.join(', ')})` : undefined;
    }
    const registry = registryOf(reference);
    if (!registry) return undefined;
    if (!known.has(registry)) return `no registry "${registry}" in this graph: ids start with ${registries.map((r) => `"${r}:"`).join(', ')}`;
    if (kept.get(`${reference.kind} ${registry}`)!.has(reference.value)) return undefined;
    return reference.kind === 'ORGANISATION'
      ? `no organisation "${reference.value}" in the ${registry} registry`
      : `no committee or project "${reference.value}" in the ${registry} registry`;
  };
  // In the order the operation gives them.
  return references.flatMap((reference) => {
    const problem = problemOf(reference);
    return problem ? [{ field: fieldOf(reference), problem }] : [];
  });
}
