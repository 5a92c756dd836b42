import { badUserInputField } from '../errors';
import { parseNationalCode } from '../identity/national-code';
import { RegistryContext } from './context';
import { RecordHolders } from './record-holders';

/** The most codes or ids one `_memberCodes`, `_recordHolderCodes`, `_membersAmong`, `_organisationsAmong` or `_projectsAmong` call handles: bounds every request's work. */
export const MAX_MEMBER_CODES = 1_000;

function checkBatch(field: string, size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_MEMBER_CODES) {
    throw badUserInputField(field, `must be a whole number from 1 to ${MAX_MEMBER_CODES}; got ${size}`);
  }
}

/** The ids among `ids` that `load` finds, in the order given. */
async function found(field: string, ids: readonly string[], load: (id: string) => Promise<unknown>): Promise<string[]> {
  checkBatch(field, Math.max(ids.length, 1));
  const records = await Promise.all(ids.map(load));
  return ids.filter((_, i) => records[i]);
}

/**
 * The gateway-only helper fields every registry serves (shared/graphql/member-codes.graphql): for
 * `sharedMembers`, this registry's national codes in code order, page by page, and which of some
 * codes it holds; for the screen of `me`, the codes of the people it keeps records of besides; for the gateway's reference check (gateway/references), which of some
 * organisation or project ids it keeps. Each is one indexed read.
 */
export const memberCodeQueries = {
  _memberCount: (_: unknown, __: unknown, { repository }: RegistryContext) => repository.memberCount(),
  _memberCodes: (_: unknown, { after, first }: { after?: string | null; first: number }, { repository }: RegistryContext) => {
    checkBatch('first', first);
    return repository.memberCodes(after ?? null, first);
  },
  _recordHolderRecords: (_: unknown, __: unknown, { repository }: RegistryContext) => new RecordHolders(repository).recordCount(),
  _recordHolderCodes: (_: unknown, { after, first }: { after?: string | null; first: number }, { repository }: RegistryContext) => {
    checkBatch('first', first);
    return new RecordHolders(repository).codes(after ?? null, first);
  },
  _membersAmong: (_: unknown, { codes }: { codes: string[] }, { repository }: RegistryContext) => {
    checkBatch('codes', Math.max(codes.length, 1));
    const valid = codes.flatMap((code) => {
      const parsed = parseNationalCode(code);
      return parsed.ok ? [parsed.value] : [];
    });
    return repository.membersAmong(valid);
  },
  _organisationsAmong: (_: unknown, { ids }: { ids: string[] }, { loaders }: RegistryContext) => found('ids', ids, (id) => loaders.organisation.load(id)),
  _projectsAmong: (_: unknown, { ids }: { ids: string[] }, { loaders }: RegistryContext) => found('ids', ids, (id) => loaders.project.load(id)),
};
