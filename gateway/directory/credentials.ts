import { personNamedBy } from './named-person';
import type { RegistryLinks } from './registry-helpers';
import { CatalogEntry, CatalogFilter, CatalogPart, checkCatalogFilter, encodeCatalogFilter, mergeCatalogParts, parseCatalogFilter } from '../../shared/credentials/catalog';
import { GraphQLResolveInfo } from 'graphql';
import { listOf } from '../../shared/graphql/list-cursors';
import { Page } from '../../shared/graphql/pagination';
import { RegistryKey } from '../../shared/registry/keys';
import { calendarDateOf } from '../../shared/text/calendar';
import { GraphCredentialKind } from './credential-kinds';
import { RegistryList } from './registries';
import { Unanswered } from './unanswered';

/** The list as the gateway hands it to the directory: its key, and each registry's part (@requires). */
type CredentialListParts = { filter: string } & Partial<Record<RegistryKey, CatalogPart | null>>;

type Holder = { nationalCode: string } | { id: string };

/**
 * The directory's `credentials` list. The arguments are checked here, before any registry is
 * asked, and `asOf` is fixed to one day (today when omitted) so every registry derives statuses for
 * the same day. Each registry then sends only its first `first + 1` matches after the cursor and
 * its count (shared/credentials/catalog.ts), which the directory merges in id order. The client's
 * cursor was opened before (list-cursors.ts): the registries get the position, never a cursor.
 */
export function credentialDirectoryResolvers(registries: RegistryList, kinds: readonly GraphCredentialKind[], links?: RegistryLinks) {
  const { mergedListResolvers, unansweredRegistries } = new Unanswered(registries);
  const keeperOf = new Map(kinds.map((kind) => [kind.name, kind.registry]));
  /** One page per list object: totalCount, pageInfo and nodes all read it, and it is built once. */
  const pages = new WeakMap<CredentialListParts, Page<CatalogEntry> & { strays: RegistryKey[] }>();
  const pageOf = (list: CredentialListParts): Page<CatalogEntry> & { strays: RegistryKey[] } => {
    let page = pages.get(list);
    if (!page) {
      page = mergeCatalogParts(
        registries.keys.map((key) => [key, list[key]] as const),
        parseCatalogFilter(list.filter),
        (kind) => keeperOf.get(kind),
      );
      pages.set(list, page);
    }
    return page;
  };
  /** The registries whose parts are missing because they failed: only the one keeping the list's `kind`, when given. */
  const missingParts = (list: CredentialListParts, context: unknown): RegistryKey[] => {
    const { kind } = parseCatalogFilter(list.filter);
    return unansweredRegistries(list, context).filter((registry) => !kind || keeperOf.get(kind) === registry);
  };
  return {
    Query: {
      credentials: (_: unknown, args: CatalogFilter, __: unknown, info: GraphQLResolveInfo) => {
        const criteria = checkCatalogFilter(args);
        const filter: CatalogFilter = {
          kind: args.kind ?? null,
          status: criteria.status ?? null,
          expiringWithinDays: criteria.expiringWithinDays ?? null,
          asOf: calendarDateOf(criteria.asOf).iso,
          first: args.first ?? null,
          after: args.after ?? null,
          list: listOf(info, args),
        };
        return { filter: encodeCatalogFilter(filter) };
      },
    },
    CredentialList: mergedListResolvers(
      pageOf,
      (entry: CatalogEntry) => entry,
      (list) => parseCatalogFilter(list.filter).list ?? '',
      missingParts,
      (list) => pageOf(list).strays,
    ),
    Credential: {
      registry: (entry: CatalogEntry) => {
        const key = registries.keyOfId(entry.id);
        return key === undefined ? null : registries.enumValueOf(key);
      },
      // A person only the registry keeping the credential may name (named-person.ts).
      holder: (entry: CatalogEntry): Holder | Promise<Holder> => {
        const registry = registries.keyOfId(entry.id);
        if (!entry.holderNationalCode) return { id: entry.holderOrganisationId! };
        return registry ? personNamedBy(links?.people, registry, entry.holderNationalCode) : Promise.reject(new Error(`credential ${entry.id} names no registry`));
      },
    },
    CredentialHolder: {
      __resolveType: (holder: Holder) => ('nationalCode' in holder ? 'Person' : 'Organisation'),
    },
  };
}
