import { badUserInputField } from '../errors';
import { parseNationalCode } from '../identity/national-code';
import { RegistryContext } from './context';

/** The most codes one `_memberCodes` or `_membersAmong` call handles: bounds every request's work. */
export const MAX_MEMBER_CODES = 1_000;

function checkBatch(field: string, size: number): void {
  if (!Number.isInteger(size) || size < 1 || size > MAX_MEMBER_CODES) {
    throw badUserInputField(field, `must be a whole number from 1 to ${MAX_MEMBER_CODES}; got ${size}`);
  }
}

/**
 * The gateway-only helper fields every registry serves for `sharedMembers` (shared/graphql/
 * member-codes.graphql): this registry's national codes in code order, page by page, and which of
 * some codes it holds. Each is one indexed read of this registry's `people`.
 */
export const memberCodeQueries = {
  _memberCount: (_: unknown, __: unknown, { repository }: RegistryContext) => repository.memberCount(),
  _memberCodes: (_: unknown, { after, first }: { after?: string | null; first: number }, { repository }: RegistryContext) => {
    checkBatch('first', first);
    return repository.memberCodes(after ?? null, first);
  },
  _membersAmong: (_: unknown, { codes }: { codes: string[] }, { repository }: RegistryContext) => {
    checkBatch('codes', Math.max(codes.length, 1));
    const valid = codes.flatMap((code) => {
      const parsed = parseNationalCode(code);
      return parsed.ok ? [parsed.value] : [];
    });
    return repository.membersAmong(valid);
  },
};
