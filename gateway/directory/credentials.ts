import { CatalogEntry, CatalogFilter, CatalogPart, checkCatalogFilter, encodeCatalogFilter, mergeCatalogParts, parseCatalogFilter } from '../../shared/credentials/catalog';
import { GraphQLResolveInfo } from 'graphql';
import { listOf } from '../../shared/graphql/list-cursors';
import { Page } from '../../shared/graphql/pagination';
import { registryOfId } from '../../shared/registry';
import { calendarDateOf } from '../../shared/text/calendar';
import { sealedPageInfo } from './cursors';

/** The list as the gateway hands it to the directory: its key, and each registry's part (@requires). */
type CredentialListParts = { filter: string } & Partial<Record<'labs' | 'auditors' | 'engineering' | 'guilds', CatalogPart | null>>;

/** One page per list object: totalCount, pageInfo and nodes all read it, and it is built once. */
const pages = new WeakMap<CredentialListParts, Page<CatalogEntry>>();

function pageOf(list: CredentialListParts): Page<CatalogEntry> {
  let page = pages.get(list);
  if (!page) {
    page = mergeCatalogParts([list.labs, list.auditors, list.engineering, list.guilds], parseCatalogFilter(list.filter));
    pages.set(list, page);
  }
  return page;
}

type Holder = { nationalCode: string } | { id: string };

/**
 * The directory's `credentials` list. The arguments are checked here, before any registry is
 * asked, and `asOf` is fixed to one day (today when omitted) so every registry derives statuses for
 * the same day. Each registry then sends only its first `first + 1` matches after the cursor and
 * its count (shared/credentials/catalog.ts), which the directory merges in id order. The client's
 * cursor was opened before (list-cursors.ts): the registries get the position, never a cursor.
 */
export const credentialDirectoryResolvers = {
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
  CredentialList: {
    totalCount: (list: CredentialListParts) => pageOf(list).totalCount,
    pageInfo: (list: CredentialListParts) => sealedPageInfo(parseCatalogFilter(list.filter).list ?? '', pageOf(list).pageInfo),
    nodes: (list: CredentialListParts) => pageOf(list).nodes,
  },
  Credential: {
    registry: (entry: CatalogEntry) => registryOfId(entry.id),
    holder: (entry: CatalogEntry): Holder =>
      entry.holderNationalCode ? { nationalCode: entry.holderNationalCode } : { id: entry.holderOrganisationId! },
  },
  CredentialHolder: {
    __resolveType: (holder: Holder) => ('nationalCode' in holder ? 'Person' : 'Organisation'),
  },
};
