import type { ApolloServerPlugin } from '@apollo/server';
import { GatewayContext } from './operation-check';

/**
 * An answer to a signed-in caller is that caller's alone: its cache policy is made PRIVATE before
 * anything restricts it, so the `cache-control` Apollo Server's cache-control plugin writes says
 * `private` whatever max-age and scope the subgraphs' answers give (Apollo Gateway would pass a
 * subgraph's `public` on, and a shared cache may keep a `public` answer to a request that carried
 * `Authorization`, RFC 9111 §3.5). Anonymous answers keep the subgraphs' scope: they hold nothing
 * personal.
 */
export function privateAnswersPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue, overallCachePolicy }) {
      if (contextValue.caller?.authenticated) overallCachePolicy.restrict({ scope: 'PRIVATE' });
    },
  };
}
