import { GraphQLError } from 'graphql';
import { RegistryDataSource } from '../../gateway/data-sources';
import type { SubgraphTransport } from '../../gateway/transport';
import { ResponseTooLargeError } from '../../gateway/transport/response-collector';

/**
 * A change whose subgraph answered, but whose answer the gateway did not read (audit, 2026-12-07):
 * an answer longer than SUBGRAPH_MAX_RESPONSE_BYTES was told SUBGRAPH_UNAVAILABLE, as for a subgraph
 * never reached, though the subgraph had made the change before answering; and one answered with an
 * HTTP error was said to have had its connection closed before any answer. Both are
 * SUBGRAPH_OUTCOME_UNKNOWN, saying what happened.
 */

const source = new RegistryDataSource('labs', 'http://127.0.0.1:1/graphql', 2_000, {} as SubgraphTransport);
const CHANGE = { query: 'mutation Upsert__labs__0($input:UpsertLabsMemberInput!){upsertLabsMember(input:$input){fullName}}' };
const READ = { query: 'query Members__labs__0{labsMembers{nodes{fullName}}}' };

/** The error the client is told for `error` met by a fetch of `request`. */
function told(error: Error, request: { query: string }): GraphQLError {
  try {
    source.didEncounterError(error, undefined, undefined, undefined, request);
  } catch (thrown) {
    return thrown as GraphQLError;
  }
  throw new Error('didEncounterError did not throw');
}

describe('a change whose answer was not read', () => {
  it('is SUBGRAPH_OUTCOME_UNKNOWN when the answer was too long to read', () => {
    const error = told(new ResponseTooLargeError('answered with more than 1024 bytes'), CHANGE);
    expect(error.extensions.code).toBe('SUBGRAPH_OUTCOME_UNKNOWN');
    expect(error.message).toBe(
      'The labs subgraph answered this change at more length than the gateway reads (SUBGRAPH_MAX_RESPONSE_BYTES), so whether it was made is not known; look at the record before sending it again',
    );
  });

  it('says the subgraph answered with an HTTP error, not that it closed the connection', () => {
    const refused = new GraphQLError('500: Internal Server Error', { extensions: { response: { status: 500, statusText: 'Internal Server Error', body: 'oops' } } });
    const error = told(refused, CHANGE);
    expect(error.extensions.code).toBe('SUBGRAPH_OUTCOME_UNKNOWN');
    expect(error.message).toMatch(/^The labs subgraph answered this change with HTTP 500, so whether it was made is not known/);
  });

  it('is still SUBGRAPH_UNAVAILABLE for a query, which changes nothing', () => {
    const error = told(new ResponseTooLargeError('answered with more than 1024 bytes'), READ);
    expect(error.extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(error.message).toBe('The labs subgraph answered with more than 1024 bytes, more than the gateway reads (SUBGRAPH_MAX_RESPONSE_BYTES)');
  });
});
