import { RegistryKey } from '../../shared/registry/keys';
import type { SubgraphReply } from '../transport';
import { syntheticReply } from '../transport';
import { KnownPeople, ScreenLists } from './known-people';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** The entities keyed by national code, which a registry's answer may name. */
const NAMED_TYPES = new Set(['Person', 'Me']);

/** A person `lists` do not let the registry name: not its member, and no record of theirs kept there. */
const unknownTo = (value: Json, lists: ScreenLists | null): boolean =>
  NAMED_TYPES.has(value['__typename'] as string) && typeof value['nationalCode'] === 'string' && (lists === null || !KnownPeople.keepRecordOf(lists, value['nationalCode']));

/** Replaces, in place, each person `lists` do not let the registry name with null; the paths replaced. */
function leaveOut(value: unknown, path: (string | number)[], lists: ScreenLists | null, replaced: (string | number)[][]): void {
  if (!isObject(value)) return;
  for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    if (!isObject(child)) continue;
    if (!Array.isArray(child) && unknownTo(child, lists)) {
      (value as Record<string | number, unknown>)[key] = null;
      replaced.push([...path, key]);
    } else {
      leaveOut(child, [...path, key], lists, replaced);
    }
  }
}

/**
 * A registry's answer with every person it names that it neither holds nor keeps a record of left
 * out (null, with an error at that place), `lists` being what the gateway knows it holds (null: not
 * known, so no one it names is kept, and its part is unavailable). The people a registry is sent are screened (person-screen.ts);
 * those it names are too, or a joining registry could name any national code in a field of its own
 * (`{ probe(codes: [...]) { fullName registries } }`) and have the registries that hold those people
 * tell an anonymous caller whose each code is.
 */
export function withoutUnknownPeople(reply: SubgraphReply, registry: RegistryKey, lists: ScreenLists | null, url: string): SubgraphReply {
  if (reply.status < 200 || reply.status > 299) return reply;
  let answer: unknown;
  try {
    answer = reply.body();
  } catch {
    return reply;
  }
  if (!isObject(answer) || !isObject(answer['data'])) return reply;
  const replaced: (string | number)[][] = [];
  leaveOut(answer['data'], [], lists, replaced);
  if (replaced.length === 0) return reply;
  const given = Array.isArray(answer['errors']) ? (answer['errors'] as unknown[]) : [];
  const errors = replaced.map((path) =>
    lists === null
      ? {
          message: `The gateway does not know who belongs to the ${registry} registry now, so the people its answer names are left out; try again shortly.`,
          path,
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: registry },
        }
      : { message: `The ${registry} registry named a person it neither holds nor keeps a record of; left out.`, path, extensions: { code: 'SUBGRAPH_NAMED_UNKNOWN_PERSON' } },
  );
  return syntheticReply(url, { ...answer, errors: [...given, ...errors] }, reply);
}
