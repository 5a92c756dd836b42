import { GraphQLError } from 'graphql';
import { RegistryKey } from '../../shared/registry/keys';
import type { CallScreen, ScreenedCall, SubgraphCall, SubgraphReply } from '../transport';
import { syntheticReply } from '../transport';
import { EmptyAnswers } from './empty-answers';
import { EntitiesField, FetchShape, FetchShapes } from './entity-fetch-shape';
import { KnownPeople, ScreenLists } from './known-people';
import { NamedKeys, namedKeysOf, namesUnknownPeople, withoutUnknownPeople } from './named-people';
import { RegistryMembership } from './registry-membership';
import { isJsonObject, Json } from './reply-json';

/**
 * The entities every registry serves and keys by national code: a person as the registry holds
 * them (`Person`, sent to the registry's members only), and a person's own record (`Me`, sent to
 * a registry that holds them or keeps a record of theirs).
 */
const PERSON = 'Person';
const OWN_RECORD = 'Me';
const SCREENED_TYPES = [PERSON, OWN_RECORD] as const;

const isOwnRecord = (representation: unknown): boolean => isJsonObject(representation) && representation['__typename'] === OWN_RECORD;
const isScreenedType = (representation: unknown): representation is Json =>
  isJsonObject(representation) && (representation['__typename'] === PERSON || representation['__typename'] === OWN_RECORD);

/** A fetch's body as the executors write it: the query, its variables, perhaps the operation's name. */
interface FetchBody extends Json {
  query: string;
  variables?: Json;
}

/** Whether `call` is a change (a mutation) rather than a fetch. */
export const isChange = (call: SubgraphCall): boolean => /^\{"query":"mutation\b/.test(call.body);

/** What the registry would answer for a person it keeps nothing of: each field empty (its own field, `labs`, null), the key and `__typename` from the representation. */
function unheldPerson(representation: Json, field: EntitiesField, empty: EmptyAnswers): Json {
  const typeName = representation['__typename'] as string;
  const answer: Json = {};
  for (const { responseName, fieldName } of field.selected[typeName] ?? []) {
    answer[responseName] = fieldName === '__typename' ? typeName : fieldName === 'nationalCode' ? (representation['nationalCode'] ?? null) : empty.of(typeName, fieldName);
  }
  return answer;
}

/** Whether the registry of `lists` may be sent `representation`: a person it holds, or the own record of one it keeps a record of. */
function mayBeSent(representation: Json, lists: ScreenLists): boolean {
  const code = representation['nationalCode'];
  if (typeof code !== 'string') return false;
  return representation['__typename'] === OWN_RECORD ? KnownPeople.keepRecordOf(lists, code) : RegistryMembership.holds(lists.members, code);
}

/** A fetch screened on the way out: its answer put together at once. */
type ScreenedFetch = Omit<ScreenedCall, 'answer'> & { answer(sent: SubgraphReply | null, url: string): SubgraphReply };

/** The representations of each variable sent on, and where each came from in the list the executor gave. */
interface Kept {
  representations: unknown[];
  from: number[];
  /** Where the people taken out were. */
  takenOut: number[];
}

/** A fetch's shape and variables, who was taken out of it, and how those are answered. */
interface TakenOut {
  /** The registry the fetch went to. */
  registry: string;
  shape: FetchShape;
  variables: Json;
  kept: ReadonlyMap<string, Kept>;
  empty: EmptyAnswers;
}

/**
 * The fetch with the people `lists` do not name taken out of its representations, and how its
 * answer is put back together: each person taken out answered as the registry answers for someone
 * it does not hold, at the place the executor asked for it; errors' paths moved to match.
 */
function screened(call: SubgraphCall, body: FetchBody, shape: FetchShape, lists: ScreenLists, empty: EmptyAnswers): ScreenedFetch | undefined {
  const variables = body.variables ?? {};
  const kept = new Map<string, Kept>();
  let takenOut = 0;
  for (const field of shape.entities) {
    const representations = variables[field.variable];
    if (kept.has(field.variable) || !Array.isArray(representations)) continue;
    const entry: Kept = { representations: [], from: [], takenOut: [] };
    representations.forEach((representation, i) => {
      if (isScreenedType(representation) && !mayBeSent(representation, lists)) {
        takenOut++;
        entry.takenOut.push(i);
        return;
      }
      entry.representations.push(representation);
      entry.from.push(i);
    });
    kept.set(field.variable, entry);
  }
  if (takenOut === 0) return undefined;
  const nothingLeft = !shape.selectsMore && [...kept.values()].every((entry) => entry.representations.length === 0);
  const sentVariables = { ...variables, ...Object.fromEntries([...kept].map(([name, entry]) => [name, entry.representations])) };
  return {
    call: nothingLeft ? null : { ...call, body: JSON.stringify({ ...body, variables: sentVariables }) },
    answer: (sent, url) => answerOf(sent, url, { registry: call.subgraph, shape, variables, kept, empty }),
  };
}

/** The first error an answer gave for one of the entities it was asked for (path `[list, j, ...]`, `j` below the number sent in that list), if any. */
function entityErrorOf(errors: readonly unknown[], sentIn: ReadonlyMap<string, number>): Json | undefined {
  return errors.find((error): error is Json => {
    if (!isJsonObject(error) || !Array.isArray(error['path'])) return false;
    const [list, index] = error['path'] as unknown[];
    const sent = typeof list === 'string' ? sentIn.get(list) : undefined;
    return sent !== undefined && typeof index === 'number' && index >= 0 && index < sent;
  });
}

/**
 * A registry answered an entity fetch with another number of entities than it was sent
 * representations. The executor pairs answers with people by place alone, so a list as long as the
 * one before the screen (people taken out included) would have been merged whole: the registry's
 * answers put on people it was never asked about (the ones taken out, claimed as its members) and
 * its own members' answers moved onto others (audit, 2026-12-07). The fetch fails instead.
 */
export class MiscountedEntitiesError extends Error {
  override name = 'MiscountedEntitiesError';

  constructor(registry: string, answered: number, asked: number) {
    super(`The ${registry} registry answered ${answered} entities where it was asked about ${asked}; its answer is not used.`);
  }
}

/**
 * The answer the executor expects for the fetch it gave, made of the registry's answer for what was
 * sent (none when nothing was). A registry that failed some of the people it was asked about is
 * taken to have failed those taken out too: each gets a copy of that error, as when it was asked
 * about everyone (a registry that cannot answer says nothing of anyone). A list of another length
 * than was sent fails the fetch (MiscountedEntitiesError).
 */
function answerOf(sent: SubgraphReply | null, url: string, { registry, shape, variables, kept, empty }: TakenOut): SubgraphReply {
  let answer: unknown = { data: Object.fromEntries(shape.entities.map((field) => [field.responseName, []])) };
  if (sent) {
    if (sent.status < 200 || sent.status > 299) return sent;
    try {
      answer = sent.body();
    } catch {
      return sent;
    }
  }
  if (!isJsonObject(answer)) return sent!;
  const data = isJsonObject(answer['data']) ? { ...answer['data'] } : answer['data'];
  const given = Array.isArray(answer['errors']) ? (answer['errors'] as unknown[]) : [];
  const errors: unknown[] = [];
  const fromOf = new Map<string, number[]>();
  const sentIn = new Map(shape.entities.map((field) => [field.responseName, kept.get(field.variable)?.from.length ?? 0]));
  const failed = entityErrorOf(given, sentIn);
  // Where the registry failed an entity: the rest of that error's path (none when the whole entity failed).
  const failedAt = failed ? (failed['path'] as unknown[]).slice(2) : undefined;
  for (const field of shape.entities) {
    const entry = kept.get(field.variable);
    if (!entry) continue;
    fromOf.set(field.responseName, entry.from);
    const list = isJsonObject(data) ? data[field.responseName] : undefined;
    if (!isJsonObject(data) || !Array.isArray(list)) continue;
    if (list.length !== entry.from.length) throw new MiscountedEntitiesError(registry, list.length, entry.from.length);
    const representations = variables[field.variable] as unknown[];
    const whole: unknown[] = new Array<unknown>(representations.length);
    (list as unknown[]).forEach((entity, j) => {
      whole[entry.from[j]!] = entity;
    });
    for (const i of entry.takenOut) {
      if (failed && failedAt) errors.push({ ...failed, path: [field.responseName, i, ...failedAt] });
      whole[i] = failedAt?.length === 0 ? null : unheldPerson(representations[i] as Json, field, empty);
    }
    data[field.responseName] = whole;
  }
  for (const error of given) {
    if (!isJsonObject(error) || !Array.isArray(error['path'])) {
      errors.push(error);
      continue;
    }
    const [head, index, ...rest] = error['path'] as unknown[];
    const from = typeof head === 'string' ? fromOf.get(head) : undefined;
    if (!from || typeof index !== 'number') errors.push(error);
    else if (from[index] !== undefined) errors.push({ ...error, path: [head, from[index], ...rest] });
    // An entity it was not sent: the executor would place the error on whoever is at that place in the list.
    else errors.push(withoutPath(error));
  }
  return syntheticReply(url, { ...answer, data, ...(errors.length > 0 ? { errors } : {}) }, sent ?? undefined);
}

/** An error with its `path` taken out: the registry pointed it at an entity it was not sent (audit, 2026-12-07). */
function withoutPath(error: Json): Json {
  const { path: _path, ...rest } = error;
  return rest;
}

/** A fetch of people the screen cannot read: not sent, rather than sent with everyone in it. */
const unreadableFetch = (registry: RegistryKey): GraphQLError =>
  new GraphQLError(`A fetch of people from the ${registry} registry was not in a form the gateway screens, so it was not sent.`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });

/**
 * A change goes to the registry: what the membership reads of it meanwhile is not trusted as
 * settled, and its lists are read again once the change ends (the returned call, once), failed or
 * not, before its codes are used.
 */
function changeGoingTo(people: KnownPeople, registry: RegistryKey): () => void {
  people.changeStarting(registry);
  let settled = false;
  return () => {
    if (!settled) people.changeSettled(registry);
    settled = true;
  };
}

/** A call's body as the executors write it, parsed once for both screens (undefined when it is not a GraphQL request's JSON). */
function bodyOf(call: SubgraphCall): FetchBody | undefined {
  try {
    const body: unknown = JSON.parse(call.body);
    return isJsonObject(body) ? (body as FetchBody) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `sent` with the people its registry names checked (named-people.ts): against its lists as last
 * read (asking it nothing: most answers name no one else), or, where it names someone they do not,
 * against its lists checked now (a member added at the registry, through another gateway replica
 * or by this very change, is named before the lists are read again).
 */
async function checkedAnswer(people: KnownPeople, registry: RegistryKey, sent: SubgraphReply, url: string, keys: NamedKeys): Promise<SubgraphReply> {
  const read = people.lastReadListsOf(registry);
  if (read && !namesUnknownPeople(sent, read, keys)) return sent;
  const fresh = await people.freshListsOf(registry).catch(() => null);
  return withoutUnknownPeople(sent, registry, fresh, url, keys);
}

/** The call with the people its registry names in its answer checked (checkedAnswer). */
async function namingChecked(
  people: KnownPeople,
  registry: RegistryKey,
  call: SubgraphCall,
  keys: NamedKeys,
  sending: Promise<ScreenedFetch | undefined> | undefined,
): Promise<ScreenedCall> {
  if (isChange(call)) {
    const settle = changeGoingTo(people, registry);
    return {
      call,
      answer: async (sent, url) => {
        settle();
        return checkedAnswer(people, registry, sent!, url, keys);
      },
      settled: settle,
    };
  }
  const made = await sending;
  return {
    call: made ? made.call : call,
    // Checked as the registry sent it, before the screen answers for the people it took out.
    answer: async (sent, url) => {
      const checked = sent && (await checkedAnswer(people, registry, sent, url, keys));
      return made ? made.answer(checked, url) : checked!;
    },
  };
}

/**
 * The transport's screen for the registries' calls (gateway/transport): a registry is sent a
 * person's national code only when it holds the person (`people`), and their own record (`me`)
 * only when it holds them or keeps a record of theirs, so that a list of one association's members,
 * or a person reading their own record, does not hand their codes to every other association's
 * subgraph. The people taken out are answered as the registry answers for someone it does not hold
 * (its field null), so both executors give the same answer as before, byte for byte. A registry's
 * answer names only people it holds or keeps a record of (named-people.ts, checkedAnswer); a change
 * sent to a registry (a mutation) has its lists read again before they are next used.
 */
export function personScreen(people: KnownPeople, registries: () => readonly RegistryKey[], supergraphSdl: () => string = () => ''): CallScreen {
  const shapes = new FetchShapes(SCREENED_TYPES);
  const empty = new EmptyAnswers(supergraphSdl, SCREENED_TYPES);
  /** The fetch with the people the registry may not be sent taken out; undefined when it names none. */
  const sending = (call: SubgraphCall, registry: RegistryKey, parsed: FetchBody | undefined): Promise<ScreenedFetch | undefined> | undefined => {
    if (!call.body.includes(`"${PERSON}"`) && !call.body.includes(`"${OWN_RECORD}"`)) return undefined;
    const body = parsed ?? (JSON.parse(call.body) as FetchBody);
    const variables = body.variables ?? {};
    const peopleIn = Object.keys(variables).filter((name) => {
      const value = variables[name];
      return Array.isArray(value) && value.some(isScreenedType);
    });
    if (peopleIn.length === 0) return undefined;
    const shape = typeof body.query === 'string' ? shapes.of(body.query) : undefined;
    const screenedVariables = new Set(shape?.entities.map((field) => field.variable));
    if (!shape || shape.operation === 'mutation' || !peopleIn.every((name) => screenedVariables.has(name))) return Promise.reject(unreadableFetch(registry));
    const lists = people.listsToScreen(
      registry,
      peopleIn.some((name) => (variables[name] as unknown[]).some(isOwnRecord)),
    );
    if (lists instanceof Promise) return lists.then((known) => screened(call, body, shape, known, empty));
    const made = screened(call, body, shape, lists, empty);
    return made && Promise.resolve(made);
  };
  return (call) => {
    const registry = call.subgraph;
    // The gateway's own reads of the lists this screen judges by: checking one would read the lists again, and so on without end.
    if (call.codeListRead || !registries().includes(registry)) return undefined;
    const change = isChange(call);
    // The executors key a person by the code a fetch selects (and merge no more than it selects), so
    // the answer to a call that selects no `nationalCode` names no one.
    const body = call.body.includes('nationalCode') ? bodyOf(call) : undefined;
    const keys = call.body.includes('nationalCode') ? namedKeysOf(body?.query) : undefined;
    if (!keys?.selectsCode) return change ? Promise.resolve({ call, answer: (sent) => sent!, settled: changeGoingTo(people, registry) }) : sending(call, registry, body);
    return namingChecked(people, registry, call, keys, change ? undefined : sending(call, registry, body));
  };
}
