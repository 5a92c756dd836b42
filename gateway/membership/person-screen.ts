import { GraphQLError } from 'graphql';
import { RegistryKey } from '../../shared/registry/keys';
import type { CallScreen, ScreenedCall, SubgraphCall, SubgraphReply } from '../transport';
import { syntheticReply } from '../transport';
import { EntitiesField, FetchShape, FetchShapes } from './entity-fetch-shape';
import { RegistryMembership } from './registry-membership';

/** The entity every registry serves and keys by national code. */
const SCREENED_TYPE = 'Person';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isScreenedType = (representation: unknown): representation is Json => isObject(representation) && representation['__typename'] === SCREENED_TYPE;

/** A fetch's body as the executors write it: the query, its variables, perhaps the operation's name. */
interface FetchBody extends Json {
  query: string;
  variables?: Json;
}

/** Whether `call` is a change (a mutation) rather than a fetch. */
export const isChange = (call: SubgraphCall): boolean => /^\{"query":"mutation\b/.test(call.body);

/**
 * A change goes to the registry: what the membership reads of it meanwhile is not trusted as
 * settled, and its count is asked again once the change ends, failed or not, before its codes are used.
 */
function changeGoingTo(call: SubgraphCall, membership: RegistryMembership): ScreenedCall {
  membership.changeStarting(call.subgraph);
  return { call, answer: (sent) => sent!, settled: () => membership.changeSettled(call.subgraph) };
}

/** What the registry would answer for a person it does not hold: its own field (`labs`) null, the key and `__typename` from the representation. */
function unheldPerson(representation: Json, field: EntitiesField): Json {
  const answer: Json = {};
  for (const { responseName, fieldName } of field.selected) {
    answer[responseName] = fieldName === '__typename' ? SCREENED_TYPE : fieldName === 'nationalCode' ? (representation['nationalCode'] ?? null) : null;
  }
  return answer;
}

/** The representations of each variable sent on, and where each came from in the list the executor gave. */
interface Kept {
  representations: unknown[];
  from: number[];
  /** Where the people taken out were. */
  takenOut: number[];
}

/**
 * The fetch with the people `held` does not list taken out of its representations, and how its
 * answer is put back together: each person taken out answered as the registry answers for someone
 * it does not hold, at the place the executor asked for it; errors' paths moved to match.
 */
function screened(call: SubgraphCall, body: FetchBody, shape: FetchShape, held: readonly string[]): ScreenedCall | undefined {
  const variables = body.variables ?? {};
  const kept = new Map<string, Kept>();
  let takenOut = 0;
  for (const field of shape.entities) {
    const representations = variables[field.variable];
    if (kept.has(field.variable) || !Array.isArray(representations)) continue;
    const entry: Kept = { representations: [], from: [], takenOut: [] };
    representations.forEach((representation, i) => {
      const code = isScreenedType(representation) ? representation['nationalCode'] : undefined;
      if (isScreenedType(representation) && !(typeof code === 'string' && RegistryMembership.holds(held, code))) {
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
    answer: (sent, url) => answerOf(sent, url, shape, variables, kept),
  };
}

/** The first error an answer gave for one of the entities it was asked for (path `[list, j, ...]`), if any. */
function entityErrorOf(errors: readonly unknown[], lists: ReadonlySet<string>): Json | undefined {
  return errors.find((error): error is Json => isObject(error) && Array.isArray(error['path']) && lists.has(error['path'][0] as string) && typeof error['path'][1] === 'number');
}

/**
 * The answer the executor expects for the fetch it gave, made of the registry's answer for what was
 * sent (none when nothing was). A registry that failed some of the people it was asked about is
 * taken to have failed those taken out too: each gets a copy of that error, as when it was asked
 * about everyone (a registry that cannot answer says nothing of anyone).
 */
function answerOf(sent: SubgraphReply | null, url: string, shape: FetchShape, variables: Json, kept: ReadonlyMap<string, Kept>): SubgraphReply {
  let answer: unknown = { data: Object.fromEntries(shape.entities.map((field) => [field.responseName, []])) };
  if (sent) {
    if (sent.status < 200 || sent.status > 299) return sent;
    try {
      answer = sent.body();
    } catch {
      return sent;
    }
  }
  if (!isObject(answer)) return sent!;
  const data = isObject(answer['data']) ? { ...answer['data'] } : answer['data'];
  const given = Array.isArray(answer['errors']) ? (answer['errors'] as unknown[]) : [];
  const errors: unknown[] = [];
  const fromOf = new Map<string, number[]>();
  const failed = entityErrorOf(given, new Set(shape.entities.map((field) => field.responseName)));
  // Where the registry failed an entity: the rest of that error's path (none when the whole entity failed).
  const failedAt = failed ? (failed['path'] as unknown[]).slice(2) : undefined;
  for (const field of shape.entities) {
    const entry = kept.get(field.variable);
    if (!entry) continue;
    fromOf.set(field.responseName, entry.from);
    const list = isObject(data) ? data[field.responseName] : undefined;
    if (!isObject(data) || !Array.isArray(list) || list.length !== entry.from.length) continue;
    const representations = variables[field.variable] as unknown[];
    const whole: unknown[] = new Array<unknown>(representations.length);
    (list as unknown[]).forEach((entity, j) => {
      whole[entry.from[j]!] = entity;
    });
    for (const i of entry.takenOut) {
      if (failed && failedAt) errors.push({ ...failed, path: [field.responseName, i, ...failedAt] });
      whole[i] = failedAt?.length === 0 ? null : unheldPerson(representations[i] as Json, field);
    }
    data[field.responseName] = whole;
  }
  for (const error of given) {
    if (!isObject(error) || !Array.isArray(error['path'])) {
      errors.push(error);
      continue;
    }
    const [head, index, ...rest] = error['path'] as unknown[];
    const from = typeof head === 'string' ? fromOf.get(head) : undefined;
    errors.push(from && typeof index === 'number' && from[index] !== undefined ? { ...error, path: [head, from[index], ...rest] } : error);
  }
  return syntheticReply(url, { ...answer, data, ...(errors.length > 0 ? { errors } : {}) }, sent ?? undefined);
}

/** A fetch of people the screen cannot read: not sent, rather than sent with everyone in it. */
const unreadableFetch = (registry: RegistryKey): GraphQLError =>
  new GraphQLError(`A fetch of people from the ${registry} registry was not in a form the gateway screens, so it was not sent.`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });

/**
 * The transport's screen for the registries' entity fetches (gateway/transport): a registry is sent
 * a person's national code only when it holds the person (`membership`), so that a list of one
 * association's members does not hand their codes to every other association's subgraph. The
 * people taken out are answered as the registry answers for someone it does not hold (its field
 * null), so both executors give the same answer as before, byte for byte. A change sent to a
 * registry (a mutation) has its membership checked again before it is next used.
 */
export function personScreen(membership: RegistryMembership, registries: () => readonly RegistryKey[]): CallScreen {
  const shapes = new FetchShapes(SCREENED_TYPE);
  return (call) => {
    const registry = call.subgraph;
    if (!registries().includes(registry)) return undefined;
    if (isChange(call)) return Promise.resolve(changeGoingTo(call, membership));
    if (!call.body.includes(`"${SCREENED_TYPE}"`)) return undefined;
    const body = JSON.parse(call.body) as FetchBody;
    const variables = body.variables ?? {};
    const peopleIn = Object.keys(variables).filter((name) => {
      const value = variables[name];
      return Array.isArray(value) && value.some(isScreenedType);
    });
    if (peopleIn.length === 0) return undefined;
    const shape = typeof body.query === 'string' ? shapes.of(body.query) : undefined;
    const screenedVariables = new Set(shape?.entities.map((field) => field.variable));
    if (!shape || shape.operation === 'mutation' || !peopleIn.every((name) => screenedVariables.has(name))) return Promise.reject(unreadableFetch(registry));
    const held = membership.codesToScreen(registry);
    if (held instanceof Promise) return held.then((codes) => screened(call, body, shape, codes));
    const made = screened(call, body, shape, held);
    return made && Promise.resolve(made);
  };
}
