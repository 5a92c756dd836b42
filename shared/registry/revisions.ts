import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badUserInputField } from '../errors';
import { RevisionKeepingStore } from '../store/revision-keeping-store';
import { fillRegistryTemplate, RegistryKey } from './keys';

const REVISIONS_TEMPLATE_FILE = join(__dirname, 'revisions.graphql');

/** revisions.graphql for one registry: `Query.<key>RecordRevisions`. */
export const revisionsTypeDefs = (key: RegistryKey): string => fillRegistryTemplate(readFileSync(REVISIONS_TEMPLATE_FILE, 'utf8'), key);

/** The most revisions one request returns. */
const MAX_REVISIONS = 100;

/** What the revisions field reads: the registry's store, which keeps them. */
export interface RevisionsContext {
  revisions: RevisionKeepingStore;
}

/** `Query.<key>RecordRevisions` (its `@requiresScopes` keeps it to the registry's administrators). */
export function revisionsResolvers(key: RegistryKey) {
  return {
    Query: {
      [`${key}RecordRevisions`]: async (_: unknown, { recordId, last }: { recordId: string; last?: number | null }, { revisions }: RevisionsContext) => {
        const count = last ?? 20;
        if (!Number.isInteger(count) || count < 1 || count > MAX_REVISIONS) throw badUserInputField('last', `must be a whole number from 1 to ${MAX_REVISIONS}`);
        const kept = await revisions.revisionsOf(recordId, count);
        return kept.map(({ at, by, change, collection, recordId: id, before }) => ({
          at: new Date(at).toISOString(),
          by: by ?? null,
          deleted: change === 'deleted',
          collection,
          recordId: id,
          before,
        }));
      },
    },
  };
}
