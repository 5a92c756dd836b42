import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { FieldNode, FragmentDefinitionNode, InlineFragmentNode, Kind, OperationDefinitionNode, parse, print, SelectionSetNode, visit } from 'graphql';
import { RunningGateway } from '../../../gateway/gateway';
import { startGatewayFromSdl } from '../../../gateway/from-sdl';
import { serveSubgraph, ServedSubgraph } from './subgraph-server';
import type { ParityWorld } from './world';

/** The headers compared between the two gateways: those Apollo Server sets on a GraphQL answer, and the length. */
export const COMPARED_HEADERS = ['content-type', 'cache-control', 'content-length'] as const;

/** One HTTP answer of a gateway, as compared: status, the compared headers, the body's exact text. */
export interface Exchange {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}

/** A gateway under comparison, on its own copy of the world's subgraphs (so each one's subgraph requests can be told apart). */
export interface ComparedGateway {
  url: string;
  subgraphs: ServedSubgraph[];
  stop(): Promise<void>;
}

export function composeWorld(world: ParityWorld, subgraphs: readonly ServedSubgraph[]): string {
  const composed = composeServices(
    world.subgraphs.map((definition) => ({
      name: definition.name,
      typeDefs: parse(definition.typeDefs),
      url: subgraphs.find((s) => s.name === definition.name)!.url,
    })),
  );
  if (!composed.supergraphSdl) throw new Error(`the ${world.name} world does not compose: ${composed.errors?.map((e) => e.message).join('; ')}`);
  return composed.supergraphSdl;
}

async function serveWorld(world: ParityWorld): Promise<ServedSubgraph[]> {
  return Promise.all(world.subgraphs.map((definition) => serveSubgraph(definition)));
}

/**
 * Stock Apollo Gateway: `ApolloServer` over `ApolloGateway({ supergraphSdl })` with their defaults,
 * served by `startStandaloneServer`. The one setting given is Apollo Server's production default
 * for stack traces (off), which the product always uses.
 */
export async function startStockGateway(world: ParityWorld): Promise<ComparedGateway> {
  const subgraphs = await serveWorld(world);
  const gateway = new ApolloGateway({ supergraphSdl: composeWorld(world, subgraphs) });
  const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return {
    url,
    subgraphs,
    stop: async () => {
      await server.stop();
      await Promise.all(subgraphs.map((s) => s.stop()));
    },
  };
}

/**
 * The product's gateway as `npm start` runs it (HTTP layer, limits, authorization, observability,
 * the plan executor) on the world's supergraph, without caller assertions (these subgraphs check none).
 */
export async function startProductGateway(world: ParityWorld): Promise<ComparedGateway & { running: RunningGateway }> {
  const subgraphs = await serveWorld(world);
  const running = await startGatewayFromSdl({
    supergraphSdl: composeWorld(world, subgraphs),
    port: 0,
    host: '127.0.0.1',
    anonymousCallers: true,
    settings: { callerSigning: { trust: 'unsigned', lifetimeSeconds: 10 } },
  });
  return {
    url: running.url,
    subgraphs,
    running,
    stop: async () => {
      await running.stop(0);
      await Promise.all(subgraphs.map((s) => s.stop()));
    },
  };
}

/** POSTs an operation and keeps what is compared. */
export async function exchange(url: string, query: string, variables: Record<string, unknown>, accept?: string): Promise<Exchange> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.text();
  return { status: response.status, headers: Object.fromEntries(COMPARED_HEADERS.map((name) => [name, response.headers.get(name)])), body };
}

/** The request bodies each subgraph of a gateway got, sorted per subgraph (parallel fetches arrive in any order). */
export function subgraphTraffic(gateway: ComparedGateway): Record<string, string[]> {
  return Object.fromEntries(gateway.subgraphs.map((s) => [s.name, [...s.bodies].sort()]));
}

export function resetTraffic(gateway: ComparedGateway): void {
  for (const subgraph of gateway.subgraphs) subgraph.reset();
}

/**
 * The `cache-control` Apollo Server's cache-control plugin gives an answer without errors after the
 * gateway asked these subgraphs (each restricting the policy by its own header): the least max-age,
 * private if any says so; `no-store` when one gave no max-age, or none was asked.
 */
export function cacheControlAfter(world: ParityWorld, gateway: ComparedGateway): string {
  const asked = world.subgraphs.filter((definition) => gateway.subgraphs.find((s) => s.name === definition.name)!.bodies.length > 0);
  if (asked.length === 0) return 'no-store';
  let maxAge = Infinity;
  let scope = 'public';
  for (const definition of asked) {
    const age = /max-age=(\d+)/.exec(definition.cacheControl ?? '');
    if (!age) return 'no-store';
    maxAge = Math.min(maxAge, Number(age[1]));
    if (/private/.test(definition.cacheControl!)) scope = 'private';
  }
  return maxAge === 0 ? 'no-store' : `max-age=${maxAge}, ${scope}`;
}

/**
 * Whether `error` (in a gateway's answer) is one a subgraph of `gateway` gave at a field of an
 * entity it answered null: `["_entities", i, field]` (or a merged request's alias) in its answer, that field null, the same
 * message, `field` the last step of the error's path.
 */
export function atFailedEntityField(gateway: ComparedGateway, error: { message?: unknown; path?: (string | number)[]; extensions?: { serviceName?: unknown } }): boolean {
  const subgraph = gateway.subgraphs.find((s) => s.name === error.extensions?.serviceName);
  const field = error.path?.[error.path.length - 1];
  if (!subgraph || typeof field !== 'string') return false;
  return subgraph.answers.some((answer) =>
    (answer.errors ?? []).some((e) => {
      // `_entities`, or one of a merged request's aliases of it (`_e0`, `_e1`, ...).
      if (e.message !== error.message || e.path?.length !== 3 || typeof e.path[0] !== 'string' || !/^_entities$|^_e\d+$/.test(e.path[0]) || e.path[2] !== field) return false;
      const entities = (answer.data as Record<string, (Record<string, unknown> | null)[] | undefined> | null | undefined)?.[e.path[0]];
      return entities?.[e.path[1] as number]?.[field] === null;
    }),
  );
}

/**
 * What a gateway asked each subgraph, however its requests were put together: each root request's
 * body as it is, and for each `_entities` field (aliased or not) each representation with the
 * selection asked of it (fragments written inline) and the other variables sent. Repeats count
 * once. With fetch merging (gateway/execution/fetch-merging.ts) the product asks the same as stock
 * Apollo Gateway in fewer requests, so this is what must match.
 */
export function subgraphAsks(gateway: ComparedGateway): Record<string, string[]> {
  return Object.fromEntries(gateway.subgraphs.map((s) => [s.name, [...new Set(s.bodies.flatMap(asksOf))].sort()]));
}

function asksOf(body: string): string[] {
  const { query, variables = {} } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
  const document = parse(query);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const entityFields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD && s.name.value === '_entities');
  if (entityFields.length === 0) return [body];
  const inline = (set: SelectionSetNode): SelectionSetNode =>
    visit(set, {
      FragmentSpread: (node): InlineFragmentNode => {
        const fragment = fragments.get(node.name.value)!;
        return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: node.directives ?? [], selectionSet: inline(fragment.selectionSet) };
      },
    });
  return entityFields.flatMap((field) => {
    const argument = field.arguments!.find((a) => a.name.value === 'representations')!.value;
    const representations = argument.kind === Kind.VARIABLE ? (variables[argument.name.value] as unknown[]) : [];
    const selectionSet = inline(field.selectionSet!);
    const used = new Set<string>();
    visit(selectionSet, { Variable: (node) => void used.add(node.name.value) });
    const others = JSON.stringify([...used].sort().map((name) => [name, variables[name]]));
    const selection = print(selectionSet);
    return representations.map((representation) => `${selection} ${JSON.stringify(representation)} ${others}`);
  });
}
