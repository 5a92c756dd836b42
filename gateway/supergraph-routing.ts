import { EnumTypeDefinitionNode, Kind, parse, print, StringValueNode } from 'graphql';
import { SubgraphEndpoint } from './config';
import { DIRECTORY_SUBGRAPH } from './directory';

/** One `@join__graph(name:, url:)` of a supergraph, with where its URL is written in the SDL. */
interface JoinGraph {
  name: string;
  url: string;
  /** The offsets of the URL's string literal in the SDL. */
  start: number;
  end: number;
}

/** The subgraphs a supergraph joins, from its `join__Graph` enum: every value's `@join__graph(name:, url:)`. */
function joinGraphsOf(supergraphSdl: string): JoinGraph[] {
  const graphs = parse(supergraphSdl).definitions.find(
    (definition): definition is EnumTypeDefinitionNode => definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph',
  );
  return (graphs?.values ?? []).flatMap((value) => {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const argument = (name: string) => directive?.arguments?.find((a) => a.name.value === name)?.value;
    const name = argument('name');
    const url = argument('url');
    if (name?.kind !== Kind.STRING || url?.kind !== Kind.STRING || !url.loc) return [];
    return [{ name: name.value, url: url.value, start: url.loc.start, end: url.loc.end }];
  });
}

/** The names of every subgraph a supergraph joins, the directory included. */
export const joinGraphNames = (supergraphSdl: string): string[] => joinGraphsOf(supergraphSdl).map((graph) => graph.name);

/**
 * Where a supergraph sends each registry subgraph's fetches: the routing URLs written in it (the
 * gateway's in-process directory left out). Apollo Gateway builds its data sources from these.
 */
export function routesOf(supergraphSdl: string): SubgraphEndpoint[] {
  return joinGraphsOf(supergraphSdl)
    .filter((graph) => graph.name !== DIRECTORY_SUBGRAPH)
    .map((graph) => ({ name: graph.name, url: graph.url }));
}

/** A supergraph that routes to a subgraph the configuration does not list. */
export class UnconfiguredRouteError extends Error {
  constructor(readonly subgraphs: string[]) {
    super(`it routes to ${subgraphs.join(', ')}, which the configuration no longer lists`);
    this.name = 'UnconfiguredRouteError';
  }
}

/**
 * The supergraph with each subgraph's routing URL taken from `configured` (the `*_URL` variables and
 * the supergraph config), the rest of the SDL untouched. Throws an UnconfiguredRouteError when it
 * routes to a subgraph `configured` does not list.
 */
export function withRoutingUrls(supergraphSdl: string, configured: readonly SubgraphEndpoint[]): string {
  const urls = new Map(configured.map((s) => [s.name, s.url]));
  const graphs = joinGraphsOf(supergraphSdl).filter((graph) => graph.name !== DIRECTORY_SUBGRAPH);
  const unconfigured = graphs.filter((graph) => !urls.has(graph.name)).map((graph) => graph.name);
  if (unconfigured.length > 0) throw new UnconfiguredRouteError(unconfigured);
  // Replaced from the last to the first, so the offsets of those still to do stay right.
  return graphs
    .sort((a, b) => b.start - a.start)
    .reduce((sdl, graph) => {
      const url: StringValueNode = { kind: Kind.STRING, value: urls.get(graph.name)! };
      return sdl.slice(0, graph.start) + print(url) + sdl.slice(graph.end);
    }, supergraphSdl);
}
