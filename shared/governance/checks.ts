import { InputChecker } from '../errors';
import { ownsId, RegistryKey, registryKeyOfId } from '../registry/keys';
import { RegistryLoaders } from '../registry/loaders';
import { checkOpenOrganisation } from '../registry/open-organisation';

const GLOBAL_ID = /^[a-z][a-z0-9]*:[a-z0-9][a-z0-9-]{0,79}$/;
export const MAX_REFERENCES = 50;

/** A reference to an organisation (or project) of any registry found in an input, with the field it came from. */
export interface Reference {
  field: string;
  id: string;
}

/** A new id of this registry's: `<key>:` and 2 to 60 lower-case letters, digits or dashes. */
export function checkNewId(checker: InputChecker, field: string, key: RegistryKey, id: string): string | undefined {
  if (new RegExp(`^${key}:[a-z0-9][a-z0-9-]{1,59}$`).test(id)) return id;
  checker.add(field, `"${id}" is not a new id of the ${key} registry: "${key}:" then 2 to 60 lower-case letters, digits or dashes`);
  return undefined;
}

/** A list of references: at most `max`, none twice, none equal to `exclude`. Returns the references to check. */
export function referenceList(checker: InputChecker, field: string, ids: readonly string[], exclude?: string): Reference[] {
  if (ids.length > MAX_REFERENCES) {
    checker.add(field, `must have at most ${MAX_REFERENCES} entries; got ${ids.length}`);
    return [];
  }
  const seen = new Set<string>();
  const references: Reference[] = [];
  ids.forEach((id, i) => {
    if (seen.has(id)) checker.add(`${field}[${i}]`, `"${id}" is listed twice`);
    else if (id === exclude) checker.add(`${field}[${i}]`, `"${id}" is the responsible (lead) organisation already`);
    else references.push({ field: `${field}[${i}]`, id });
    seen.add(id);
  });
  return references;
}

/**
 * For whom a new record names organisations: new work (the default), which a closed organisation
 * never takes; a record of a past day (`on`, YYYY-MM-DD), which may name one closed after that day;
 * or a record of a past day not known (`on: null`), which may name a closed one.
 */
export interface OpenFor {
  on?: string | null | undefined;
}

/**
 * Checks organisation references: this registry's must exist and be open to the record (`openFor`,
 * shared/registry/open-organisation.ts); another registry's must have that registry's prefix and the
 * shape of an id (that registry alone could say whether it exists, or closed).
 * Every lookup goes through the request's loader, so the whole input costs one store call.
 */
export async function checkOrganisations(checker: InputChecker, key: RegistryKey, loaders: RegistryLoaders, references: Reference[], openFor: OpenFor = {}): Promise<void> {
  await Promise.all(
    references.map(async ({ field, id }) => {
      if (!GLOBAL_ID.test(id) || !registryKeyOfId(id)) {
        checker.add(field, `"${id}" is not an organisation id: a registry's key (lower-case letters and digits), a colon, then its name`);
      } else if (ownsId(key, id)) {
        const organisation = await loaders.organisation.load(id);
        if (!organisation) checker.add(field, `no organisation "${id}" in the ${key} registry`);
        else if (openFor.on !== null) checkOpenOrganisation(checker, field, organisation, openFor.on);
      }
    }),
  );
}

/** An organisation that must be one of this registry's own, exist, and be open to the record. */
export async function checkOwnOrganisation(checker: InputChecker, key: RegistryKey, loaders: RegistryLoaders, { field, id }: Reference, openFor: OpenFor = {}): Promise<void> {
  if (!ownsId(key, id)) checker.add(field, `"${id}" is not an organisation of the ${key} registry (ids start with "${key}:")`);
  else await checkOrganisations(checker, key, loaders, [{ field, id }], openFor);
}

/** A committee or project reference: this registry's must exist; another's must look like an id of it. */
export async function checkProjectReference(checker: InputChecker, key: RegistryKey, loaders: RegistryLoaders, { field, id }: Reference): Promise<void> {
  if (!GLOBAL_ID.test(id) || !registryKeyOfId(id)) checker.add(field, `"${id}" is not a joint project id: a registry's key, a colon, then its name`);
  else if (ownsId(key, id) && !(await loaders.project.load(id))) checker.add(field, `no committee or project "${id}" in the ${key} registry`);
}

/** Why a committee and a meeting series cannot share an id, as the refusals say it. */
const GRANT_ID_RULE = 'a committee and a meeting series are granted by id (<registry>:committee:<id>), so each needs an id of its own';

/**
 * A committee and a meeting series are changed under one grant (`<key>:committee:<id>`), so one id
 * names one of them only: else a series given a committee's id would open its minutes to the
 * committee's lead, and its seats to the series' secretary.
 */
export const sharedGrantId = (id: string, other: string): string => `"${id}" is ${other}'s id; ${GRANT_ID_RULE}`;

/** The refusal of a new committee or series whose id a committee or series made at the same time took first. */
export const grantIdTaken = (id: string): string => `"${id}" was just taken by a committee or meeting series made at the same time; ${GRANT_ID_RULE}`;
