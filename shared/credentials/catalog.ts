import { badUserInputField, InputChecker } from '../errors';
import { Page, pageSize } from '../graphql/pagination';
import { ownsId, RegistryKey } from '../registry/keys';
import { Filter, StoreCollection, StoredDocument } from '../store/port';
import { CalendarDate, optionalCalendarDateOf } from '../text/calendar';
import { checkCredentialListArgs, CredentialListArgs } from './arguments';
import { CredentialCriteria } from './filters';
import { CredentialKind, CredentialKinds, credentialId, credentialIdPrefix, kindsInIdOrder } from './kinds';
import { afterKey, mergeKeyedParts, ownParts } from '../graphql/keyset-page';
import { credentialStatus, CredentialStatus, Validity } from './validity';

/**
 * The cross-registry list's filter, as the directory puts it in the `CredentialList` key (which
 * only the gateway reads and writes): `after` is the position, a credential id, the directory
 * opened from the client's cursor, and `list` names the list its cursors are sealed for.
 */
export interface CatalogFilter extends CredentialListArgs {
  kind?: CredentialKind | null;
  list?: string;
}

/** One credential as a registry hands it to the directory (`CredentialCatalogEntry`). */
export interface CatalogEntry {
  id: string;
  kind: CredentialKind;
  number: string;
  title: string;
  holderNationalCode: string | null;
  holderOrganisationId: string | null;
  validFrom: CalendarDate | null;
  validUntil: CalendarDate | null;
  status: CredentialStatus;
}

/** A registry's part of one cross-registry page: its first entries after the cursor, and its count. */
export interface CatalogPart {
  totalCount: number;
  entries: CatalogEntry[];
}

/** What a registry says about one stored credential, for the catalog. */
export interface CatalogFacts {
  key: string;
  number: string;
  title: string;
  holder: { nationalCode: string } | { organisationId: string };
  validity: Validity;
  /** For a credential a person holds: the organisation it is kept under (a guild unit's union), when there is one; events name it. */
  organisationId?: string;
}

/** Where a registry keeps one kind of credential, and how to read it for the catalog. */
export interface CatalogSource<T extends StoredDocument = StoredDocument> {
  kind: CredentialKind;
  collection: StoreCollection<T>;
  /** The store query for the criteria (what `<registry><Kind>s(...)` without its own filters would use). */
  filter: (criteria: CredentialCriteria) => Filter;
  /** The field the keys are sorted on: `_id`, or a unique field such as `licence.number`. */
  keyField: string;
  /** For credentials people hold: the (indexed) field holding the holder's national code, for a person's own credentials (`Query.me`). */
  holderField?: string;
  facts: (document: T) => CatalogFacts;
}

export const encodeCatalogFilter = (filter: CatalogFilter): string => JSON.stringify(filter);

export function parseCatalogFilter(text: string): CatalogFilter {
  try {
    return JSON.parse(text) as CatalogFilter;
  } catch {
    throw badUserInputField('filter', 'is not a credential filter the directory produced');
  }
}

/**
 * Checks the cross-registry list's arguments (the directory does, before any registry is asked).
 * `kind` is the directory's `CredentialKind` enum, checked by GraphQL; a registry keeps only some
 * kinds, and answers an empty part for the others.
 */
export function checkCatalogFilter(filter: CatalogFilter): CredentialCriteria {
  return checkCredentialListArgs(filter, new InputChecker());
}

/**
 * A registry's part of a cross-registry page: for each of its kinds (in id order) the credentials
 * matching the filter, only the `first + 1` after the position (a global id), and the count of each.
 * The directory merges the registries' parts; no registry sends more than one page's worth.
 */
export async function catalogPart(registry: RegistryKey, kinds: CredentialKinds, sources: CatalogSource[], filterText: string): Promise<CatalogPart> {
  const filter = parseCatalogFilter(filterText);
  const criteria = checkCatalogFilter(filter);
  const size = pageSize(filter.first);
  const after = filter.after ?? undefined;
  const wanted = kindsInIdOrder(registry, kinds).filter((kind) => !filter.kind || filter.kind === kind);
  const parts = await Promise.all(
    wanted.map(async (kind) => {
      const source = sources.find((s) => s.kind === kind);
      if (!source) return { totalCount: 0, entries: [] };
      const storeFilter = source.filter(criteria);
      const prefix = credentialIdPrefix(registry, kinds[kind]!);
      // A cursor in an earlier kind takes all of this one; in a later kind, none of it.
      const local = after === undefined || after < prefix ? undefined : after.startsWith(prefix) ? after.slice(prefix.length) : null;
      const [totalCount, rows] = await Promise.all([
        source.collection.count(storeFilter),
        local === null ? Promise.resolve([]) : source.collection.find(afterKey(storeFilter, source.keyField, local), { sort: { [source.keyField]: 1 }, limit: size + 1 }),
      ]);
      return { totalCount, entries: rows.map((row) => catalogEntry(registry, kinds, kind, source.facts(row), criteria.asOf)) };
    }),
  );
  return {
    totalCount: parts.reduce((sum, part) => sum + part.totalCount, 0),
    entries: parts.flatMap((part) => part.entries).slice(0, size + 1),
  };
}

/**
 * The credentials of a registry's kinds that the person of `nationalCode` holds, their statuses for
 * `asOf`: one indexed read per kind people hold (a source's `holderField`), in id order.
 */
export async function credentialsHeldBy(registry: RegistryKey, kinds: CredentialKinds, sources: CatalogSource[], nationalCode: string, asOf: Date): Promise<CatalogEntry[]> {
  const held = await Promise.all(
    kindsInIdOrder(registry, kinds).map(async (kind) => {
      const source = sources.find((s) => s.kind === kind);
      if (!source?.holderField) return [];
      const rows = await source.collection.find({ $and: [source.filter({ asOf }), { [source.holderField]: nationalCode }] }, { sort: { [source.keyField]: 1 } });
      return rows.map((row) => catalogEntry(registry, kinds, kind, source.facts(row), asOf));
    }),
  );
  return held.flat();
}

function catalogEntry(registry: RegistryKey, kinds: CredentialKinds, kind: CredentialKind, facts: CatalogFacts, asOf: Date): CatalogEntry {
  return {
    id: credentialId(registry, kinds[kind]!, facts.key),
    kind,
    number: facts.number,
    title: facts.title,
    holderNationalCode: 'nationalCode' in facts.holder ? facts.holder.nationalCode : null,
    holderOrganisationId: 'organisationId' in facts.holder ? facts.holder.organisationId : null,
    validFrom: optionalCalendarDateOf(facts.validity.validFrom),
    validUntil: optionalCalendarDateOf(facts.validity.validUntil),
    status: credentialStatus(facts.validity, asOf),
  };
}

/**
 * The directory's page: the registries' parts merged in id order, counted over all of them, each
 * part kept to the entries of its own registry (an id with its prefix, a kind `keeperOf` says it
 * keeps): the directory names a credential's registry from its id, so an entry one registry gives
 * under another's id would be shown as that other's credential. `strays`: the registries that gave
 * entries not their own, left out.
 */
export function mergeCatalogParts(
  parts: readonly (readonly [RegistryKey, CatalogPart | null | undefined])[],
  filter: CatalogFilter,
  keeperOf: (kind: CredentialKind) => RegistryKey | undefined,
): Page<CatalogEntry> & { strays: RegistryKey[] } {
  const own = ownParts(
    parts.map(([registry, part]) => [registry, part && { totalCount: part.totalCount, items: part.entries }] as const),
    (registry, entry) => ownsId(registry, entry.id) && keeperOf(entry.kind) === registry,
  );
  return { ...mergeKeyedParts(own.parts, pageSize(filter.first), (entry) => entry.id), strays: own.strays };
}
