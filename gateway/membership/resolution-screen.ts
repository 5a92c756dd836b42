import { GraphQLError } from 'graphql';
import { GovernanceSlice, ResolutionQuery } from '../../shared/governance/filters';
import { ownsId, RegistryKey } from '../../shared/registry/keys';
import type { CallScreen, ScreenedCall, SubgraphCall, SubgraphReply } from '../transport';
import { syntheticReply } from '../transport';
import { FetchShape, FetchShapes } from './entity-fetch-shape';
import { answerWithData, isJsonObject, Json } from './reply-json';

const RESOLUTION_LIST = 'ResolutionList';

/**
 * How many of its resolutions another registry's organisation is responsible for a registry that
 * does not hold the caller may list for `me { resolutions }` (its answer to the caller-independent
 * question is read whole, from the start, whatever the page): past it, its part is missing, with an
 * error, rather than the work unbounded.
 */
export const ELSEWHERE_BOUND = 1_000;

/** The list the caller-independent question names (no cursor is ever sealed for it: it is never paged). */
const ELSEWHERE_LIST = 'Resolution.responsibleElsewhere';

/** A fetch's body as the executors write it. */
interface FetchBody extends Json {
  query: string;
  variables?: Json;
}

/** The caller's list (`Me.resolutions`'s filter, me.ts) in a `ResolutionList` representation, or undefined for any other list. */
function callersListIn(representation: unknown): ResolutionQuery | undefined {
  if (!isJsonObject(representation) || representation['__typename'] !== RESOLUTION_LIST || typeof representation['filter'] !== 'string') return undefined;
  try {
    const query = JSON.parse(representation['filter']) as ResolutionQuery;
    return isJsonObject(query) && Array.isArray(query.responsibleIds) ? query : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The question a registry that holds no one of the caller's organisations is asked instead of the
 * caller's list: the same for every caller asking with that status and day, nothing of theirs in it.
 */
function elsewhereQuestion(query: ResolutionQuery): ResolutionQuery {
  return {
    registry: null,
    status: query.status ?? null,
    asOf: query.asOf,
    responsibleElsewhere: true,
    size: ELSEWHERE_BOUND,
    afterKey: null,
    list: ELSEWHERE_LIST,
  };
}

/**
 * The caller's page, made of a registry's whole answer to the caller-independent question: those
 * of the caller's organisations, their count, and the first `size + 1` after the cursor, as the
 * registry would have answered the caller's list. Null when the answer was cut at the bound.
 */
function callersSlice(answer: GovernanceSlice, query: ResolutionQuery): GovernanceSlice | null {
  if (answer.totalCount > answer.keys.length || answer.keys.length > ELSEWHERE_BOUND) return null;
  const theirs = new Set(query.responsibleIds ?? []);
  const matching = answer.keys.filter((key) => typeof key.responsibleId === 'string' && theirs.has(key.responsibleId));
  const after = query.afterKey ?? null;
  return { totalCount: matching.length, keys: matching.filter((key) => after === null || key.sortKey > after).slice(0, query.size + 1) };
}

const isSlice = (value: unknown): value is GovernanceSlice => isJsonObject(value) && typeof value['totalCount'] === 'number' && Array.isArray(value['keys']);

/** The representations asked differently: where, in which variable, and the caller's list each stood for. */
type Asked = Map<string, Map<number, ResolutionQuery>>;

const tooMany = (registry: RegistryKey): GraphQLError =>
  new GraphQLError(`The ${registry} registry lists more than ${ELSEWHERE_BOUND} resolutions of other registries' organisations; your resolutions from it are missing here.`, {
    extensions: { code: 'RESOLUTIONS_UNBOUNDED', subgraph: registry },
  });

const unreadableFetch = (registry: RegistryKey): GraphQLError =>
  new GraphQLError(`A fetch of your resolutions from the ${registry} registry was not in a form the gateway screens, so it was not sent.`, {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });

/** The registry's answer with each entity asked differently given the caller's slice in place of the registry's answer. */
function answerOf(sent: SubgraphReply, url: string, registry: RegistryKey, shape: FetchShape, asked: Asked): SubgraphReply {
  const read = answerWithData(sent);
  if (!read) return sent;
  const { answer } = read;
  const data = { ...read.data };
  const errors = Array.isArray(answer['errors']) ? [...(answer['errors'] as unknown[])] : [];
  for (const field of shape.entities) {
    const places = asked.get(field.variable);
    const list = data[field.responseName];
    if (!places || !Array.isArray(list)) continue;
    const slices = (field.selected[RESOLUTION_LIST] ?? []).filter((selected) => selected.fieldName === registry).map((selected) => selected.responseName);
    data[field.responseName] = list.map((entity: unknown, i) => {
      const query = places.get(i);
      if (!query || !isJsonObject(entity)) return entity;
      const made: Json = { ...entity };
      for (const name of slices) {
        if (!isSlice(entity[name])) continue;
        const slice = callersSlice(entity[name], query);
        if (slice) made[name] = slice;
        else {
          errors.push({ ...tooMany(registry).toJSON(), path: [field.responseName, i, name] });
          return null;
        }
      }
      return made;
    });
  }
  return syntheticReply(url, { ...answer, data, ...(errors.length > 0 ? { errors } : {}) }, sent);
}

/**
 * `me { resolutions }` as a registry that holds no one of the caller's organisations is told it
 * (audits of 2026-12-07). The directory asks every registry for the resolutions of the
 * organisations where the caller holds a position (me.ts): a public set that often names the
 * person. A registry is sent that list only where it is one of those organisations' registry: it
 * answered the caller's own record with the position (the person screen sends `Me` only to a
 * registry that holds the caller or keeps a record of theirs), so it knows them already. Any other
 * registry is asked instead, in its place, the same question for every caller: its resolutions
 * another registry's organisation is responsible for, with the list's status and day, from the
 * start, at most ELSEWHERE_BOUND of them; the gateway keeps those of the caller's organisations and
 * pages them as the registry would have (the caller's organisations are all another registry's
 * there, so none is missed). The page, the count and the cursors are those of the caller's list.
 */
export function resolutionScreen(registries: () => readonly RegistryKey[]): (call: SubgraphCall) => (ScreenedCall & { call: SubgraphCall }) | GraphQLError | undefined {
  const shapes = new FetchShapes([RESOLUTION_LIST]);
  return (call) => {
    const registry = call.subgraph;
    if (!call.body.includes(`"${RESOLUTION_LIST}"`) || !call.body.includes('responsibleIds') || !registries().includes(registry)) return undefined;
    let body: FetchBody;
    try {
      body = JSON.parse(call.body) as FetchBody;
    } catch {
      return undefined;
    }
    const variables = body.variables ?? {};
    const asked: Asked = new Map();
    const sentVariables: Json = { ...variables };
    for (const [name, value] of Object.entries(variables)) {
      if (!Array.isArray(value)) continue;
      const places = new Map<number, ResolutionQuery>();
      const representations = value.map((representation: unknown, i) => {
        const query = callersListIn(representation);
        if (!query || query.responsibleIds!.some((id) => ownsId(registry, id))) return representation;
        places.set(i, query);
        return { ...(representation as Json), filter: JSON.stringify(elsewhereQuestion(query)) };
      });
      if (places.size === 0) continue;
      asked.set(name, places);
      sentVariables[name] = representations;
    }
    if (asked.size === 0) return undefined;
    const shape = typeof body.query === 'string' ? shapes.of(body.query) : undefined;
    const entityVariables = new Set(shape?.entities.map((field) => field.variable));
    if (!shape || shape.operation !== 'query' || ![...asked.keys()].every((name) => entityVariables.has(name))) return unreadableFetch(registry);
    return {
      call: { ...call, body: JSON.stringify({ ...body, variables: sentVariables }) },
      // Its call always goes (this screen never answers alone), so there is always a reply to remake.
      answer: (sent, url) => answerOf(sent!, url, registry, shape, asked),
    };
  };
}

/**
 * `screen` with the resolution screen before it: the caller's list rewritten first (so the screens
 * after it judge what is sent), and its answer put back last.
 */
export function withResolutionScreen(registries: () => readonly RegistryKey[], screen: CallScreen): CallScreen {
  const resolutions = resolutionScreen(registries);
  return (call) => {
    const made = resolutions(call);
    if (made === undefined) return screen(call);
    if (made instanceof GraphQLError) return Promise.reject(made);
    const after = screen(made.call);
    if (!after) return Promise.resolve(made);
    return after.then((screened): ScreenedCall => {
      if (!screened) return made;
      return {
        ...screened,
        answer: async (sent, url) => made.answer(await screened.answer(sent, url), url),
      };
    });
  };
}
