import { DocumentNode, Kind, parse, visit } from 'graphql';
import { RegistryKey } from '../../shared/registry/keys';
import { BoundedCache } from '../execution/bounded-cache';
import type { SubgraphReply } from '../transport';
import { syntheticReply } from '../transport';
import { KnownPeople, ScreenLists } from './known-people';

import { answerWithData, Json } from './reply-json';
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** The entities keyed by national code, which a registry's answer may name. */
const NAMED_TYPES = new Set(['Person', 'Me']);

/**
 * Where an answer puts a person's type and key: the response names the fetch gives `__typename` and
 * `nationalCode`, their own and every alias. The planner aliases a field whose name another type's
 * field of another type takes in the same selection (`nationalCode__alias_0: nationalCode` beside
 * `... on NursesX { nationalCode }`) and renames it back once the answer is in (its
 * `outputRewrites`), so a check reading `nationalCode` alone would not see the code a representation
 * is then made of.
 */
export interface NamedKeys {
  typeNames: ReadonlySet<string>;
  codes: ReadonlySet<string>;
  /** Whether the fetch selects a `nationalCode` at all (an argument named so is not one): if not, its answer names no one the executors follow. */
  selectsCode: boolean;
}

const PLAIN_KEYS: NamedKeys = { typeNames: new Set(['__typename']), codes: new Set(['nationalCode']), selectsCode: true };
const keysOfQuery = new BoundedCache<string, NamedKeys>(1_000);

/** The response names `document` gives `__typename` and `nationalCode`, wherever it selects them. */
function keysOfDocument(document: DocumentNode): NamedKeys {
  const typeNames = new Set(PLAIN_KEYS.typeNames);
  const codes = new Set(PLAIN_KEYS.codes);
  let selectsCode = false;
  visit(document, {
    [Kind.FIELD](field) {
      const responseName = field.alias?.value ?? field.name.value;
      if (field.name.value === '__typename') typeNames.add(responseName);
      if (field.name.value === 'nationalCode') {
        codes.add(responseName);
        selectsCode = true;
      }
    },
  });
  return { typeNames, codes, selectsCode };
}

/** The keys of `query` a person is named by (the plain ones when it cannot be read: the registry could not have run it either). */
export function namedKeysOf(query: unknown): NamedKeys {
  if (typeof query !== 'string') return PLAIN_KEYS;
  let keys = keysOfQuery.get(query);
  if (!keys) {
    try {
      keys = keysOfDocument(parse(query, { noLocation: true }));
    } catch {
      keys = PLAIN_KEYS;
    }
    keysOfQuery.set(query, keys);
  }
  return keys;
}

const valuesAt = (value: Json, keys: ReadonlySet<string>): unknown[] => [...keys].filter((key) => Object.hasOwn(value, key)).map((key) => value[key]);

/** A person `lists` do not let the registry name: not its member, and no record of theirs kept there, under any of the names its code may come back by. */
const unknownTo = (value: Json, lists: ScreenLists | null, keys: NamedKeys): boolean =>
  valuesAt(value, keys.typeNames).some((typeName) => NAMED_TYPES.has(typeName as string)) &&
  valuesAt(value, keys.codes).some((code) => typeof code === 'string' && (lists === null || !KnownPeople.keepRecordOf(lists, code)));

/** Replaces, in place, each person `lists` do not let the registry name with null; the paths replaced. */
function leaveOut(value: unknown, path: (string | number)[], lists: ScreenLists | null, keys: NamedKeys, replaced: (string | number)[][]): void {
  if (!isObject(value)) return;
  for (const [key, child] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    if (!isObject(child)) continue;
    if (!Array.isArray(child) && unknownTo(child, lists, keys)) {
      (value as Record<string | number, unknown>)[key] = null;
      replaced.push([...path, key]);
    } else {
      leaveOut(child, [...path, key], lists, keys, replaced);
    }
  }
}

/** Whether `value` names, anywhere, a person `lists` do not let the registry name. */
function namesAnyUnknown(value: unknown, lists: ScreenLists | null, keys: NamedKeys): boolean {
  if (!isObject(value)) return false;
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    if (!isObject(child)) continue;
    if ((!Array.isArray(child) && unknownTo(child, lists, keys)) || namesAnyUnknown(child, lists, keys)) return true;
  }
  return false;
}

/** Whether a registry's answer names someone `lists` do not let it name (then lists checked now may still know them: a member just added). */
export function namesUnknownPeople(reply: SubgraphReply, lists: ScreenLists | null, keys: NamedKeys = PLAIN_KEYS): boolean {
  if (reply.status < 200 || reply.status > 299) return false;
  try {
    const answer = reply.body();
    return isObject(answer) && namesAnyUnknown(answer['data'], lists, keys);
  } catch {
    return false;
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
export function withoutUnknownPeople(reply: SubgraphReply, registry: RegistryKey, lists: ScreenLists | null, url: string, keys: NamedKeys = PLAIN_KEYS): SubgraphReply {
  const read = answerWithData(reply);
  if (!read) return reply;
  const { answer } = read;
  const replaced: (string | number)[][] = [];
  leaveOut(answer['data'], [], lists, keys, replaced);
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
