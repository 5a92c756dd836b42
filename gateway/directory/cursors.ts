import { PageInfo, sealPageInfo } from '../../shared/graphql/list-cursors';

/**
 * The service whose key seals the directory's cursors: the gateway's own, which no registry holds.
 * The directory opens its lists' cursors itself and hands the registries only positions, through
 * the list keys (`filter`) that only the gateway reads and writes.
 */
export const DIRECTORY_CURSORS = 'gateway';

/** A merged list's `pageInfo` with its end position sealed for `list` (see listOf). */
export const sealedPageInfo = (list: string, pageInfo: PageInfo): PageInfo => sealPageInfo(DIRECTORY_CURSORS, list, pageInfo);
