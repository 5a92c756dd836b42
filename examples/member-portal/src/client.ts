import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';

/** SHA-256 in hex, as the gateway's persisted-query ids are: Web Crypto, no library. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A client for the graph as `token`'s bearer: operations sent by id first (automatic persisted
 * queries; the ids are those of persisted-queries.json, so a gateway that serves only registered
 * operations serves these), to the page's own /graphql.
 */
export function graphClient(token: string): ApolloClient {
  return new ApolloClient({
    link: new PersistedQueryLink({ sha256 }).concat(new HttpLink({ uri: '/graphql', headers: { authorization: `Bearer ${token}` } })),
    cache: new InMemoryCache(),
  });
}
