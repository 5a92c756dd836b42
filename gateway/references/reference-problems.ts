import { InputProblem } from '../../shared/errors';
import { parseNationalCode } from '../../shared/identity/national-code';
import { MAX_MEMBER_CODES } from '../../shared/registry/member-codes';
import { RegistryKey, registryKeyOfId } from '../../shared/registry/keys';
import { GivenReference } from './collect-references';
import { ReferenceLookup } from './reference-lookup';

/** Which of `values` `ask` finds, asked once (at most MAX_MEMBER_CODES values: referenceProblems refuses more). */
const foundAmong = async (values: readonly string[], ask: (distinct: string[]) => Promise<string[]>): Promise<Set<string>> => new Set(await ask([...new Set(values)]));

/**
 * The codes some registry holds. Each is asked first of the registry the change goes to (`home`),
 * which the change names the person to anyway; only the codes it does not hold are sent to the
 * other registries, each of which learns a code it may not hold (docs/security.md, "Left open").
 */
async function codesHeld(wanted: readonly { code: string; home: RegistryKey | undefined }[], registries: readonly RegistryKey[], lookup: ReferenceLookup): Promise<Set<string>> {
  const found = new Set<string>();
  const homes = [...new Set(wanted.flatMap(({ home }) => (home && registries.includes(home) ? [home] : [])))];
  const held = await Promise.all(
    homes.map((home) =>
      foundAmong(
        wanted.filter((w) => w.home === home).map((w) => w.code),
        (distinct) => lookup.membersAmong(home, distinct),
      ),
    ),
  );
  for (const code of held.flatMap((codes) => [...codes])) found.add(code);
  const elsewhere = await Promise.all(
    registries.map((registry) => {
      const codes = wanted.filter((w) => !found.has(w.code) && w.home !== registry).map((w) => w.code);
      return codes.length ? foundAmong(codes, (distinct) => lookup.membersAmong(registry, distinct)) : Promise.resolve(new Set<string>());
    }),
  );
  for (const code of elsewhere.flatMap((codes) => [...codes])) found.add(code);
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
  const problems = new Map<GivenReference, string>();
  const several = new Set(references.map((r) => r.rootField)).size > 1;
  const fieldOf = (reference: GivenReference) => (several ? `${reference.rootField}.${reference.path}` : reference.path);
  const known = new Set(registries);

  const records = references.filter((r) => r.kind !== 'PERSON' && registryKeyOfId(r.value));
  for (const reference of records) {
    const key = registryKeyOfId(reference.value)!;
    if (!known.has(key)) problems.set(reference, `no registry "${key}" in this graph: ids start with ${registries.map((r) => `"${r}:"`).join(', ')}`);
  }
  const byRegistry = new Map<RegistryKey, GivenReference[]>();
  for (const reference of records) {
    const key = registryKeyOfId(reference.value)!;
    if (known.has(key)) byRegistry.set(key, [...(byRegistry.get(key) ?? []), reference]);
  }
  const people = options.people ? references.flatMap((r) => (r.kind === 'PERSON' ? [{ reference: r, code: parseNationalCode(r.value) }] : [])) : [];
  const wanted = people.flatMap(({ reference, code }) => (code.ok ? [{ code: code.value, home: options.homeOf?.(reference.rootField) }] : []));

  const [kept, members] = await Promise.all([
    Promise.all(
      [...byRegistry].map(async ([registry, given]) => {
        const ids = (kind: string) => given.filter((r) => r.kind === kind).map((r) => r.value);
        const [organisations, projects] = await Promise.all([
          ids('ORGANISATION').length ? foundAmong(ids('ORGANISATION'), (distinct) => lookup.organisationsAmong(registry, distinct)) : new Set<string>(),
          ids('PROJECT').length ? foundAmong(ids('PROJECT'), (distinct) => lookup.projectsAmong(registry, distinct)) : new Set<string>(),
        ]);
        return { registry, given, organisations, projects };
      }),
    ),
    wanted.length ? codesHeld(wanted, registries, lookup) : Promise.resolve(new Set<string>()),
  ]);
  for (const { registry, given, organisations, projects } of kept) {
    for (const reference of given) {
      if (reference.kind === 'ORGANISATION' && !organisations.has(reference.value)) problems.set(reference, `no organisation "${reference.value}" in the ${registry} registry`);
      if (reference.kind === 'PROJECT' && !projects.has(reference.value)) problems.set(reference, `no committee or project "${reference.value}" in the ${registry} registry`);
    }
  }
  for (const { reference, code } of people) {
    if (code.ok && !members.has(code.value)) {
      problems.set(reference, `no person with this national code in any registry of the graph (${registries.join(', ')})`);
    }
  }
  // In the order the operation gives them.
  return references.flatMap((reference) => (problems.has(reference) ? [{ field: fieldOf(reference), problem: problems.get(reference)! }] : []));
}
