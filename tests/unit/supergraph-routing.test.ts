import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { routesOf, UnconfiguredRouteError, withRoutingUrls } from '../../gateway/supergraph-routing';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

/** A small supergraph of two subgraphs and the gateway's in-process directory. */
function supergraph(urls: { labs: string; guilds: string }): string {
  const result = composeServices([
    { name: 'labs', url: urls.labs, typeDefs: parse(`${FEDERATION} type Query { labsMember: Person } type Person @key(fields: "id") { id: ID! labs: String }`) },
    { name: 'guilds', url: urls.guilds, typeDefs: parse(`${FEDERATION} type Person @key(fields: "id") { id: ID! guilds: String }`) },
    { name: 'directory', url: 'local://directory', typeDefs: parse(`${FEDERATION} type Person @key(fields: "id") { id: ID! registries: [String!] }`) },
  ]);
  if (result.errors) throw result.errors[0]!;
  return result.supergraphSdl;
}

describe('the routing URLs of a supergraph', () => {
  const composed = supergraph({ labs: 'http://old-labs:4001/graphql', guilds: 'http://guilds:4004/graphql' });

  it('are read from its join__Graph values, the in-process directory left out', () => {
    expect(routesOf(composed)).toEqual([
      { name: 'guilds', url: 'http://guilds:4004/graphql' },
      { name: 'labs', url: 'http://old-labs:4001/graphql' },
    ]);
  });

  it('are replaced by the configured ones, and nothing else in the SDL changes', () => {
    const configured = [
      { name: 'labs', url: 'https://labs.example/graphql?tenant="a"' },
      { name: 'guilds', url: 'http://guilds:4004/graphql' },
      { name: 'nurses', url: 'http://nurses:4005/graphql' },
    ];
    const routed = withRoutingUrls(composed, configured);
    expect(routesOf(routed)).toEqual([configured[1], configured[0]]);
    // The same supergraph as composition writes it with those URLs, byte for byte.
    expect(routed).toBe(supergraph({ labs: configured[0]!.url, guilds: configured[1]!.url }));
  });

  it('are refused when the supergraph routes to a subgraph the configuration does not list', () => {
    expect(() => withRoutingUrls(composed, [{ name: 'labs', url: 'http://labs:4001/graphql' }])).toThrow(UnconfiguredRouteError);
    expect(() => withRoutingUrls(composed, [{ name: 'labs', url: 'http://labs:4001/graphql' }])).toThrow('it routes to guilds, which the configuration no longer lists');
  });
});
