import { RunningGateway } from '../../gateway/gateway';
import { postGraphQL } from '../support/graph';
import { GatewaysOverProxy } from '../support/gateways-over-proxy';

/**
 * A query that asks `__schema` beside the registries' fields is run by Apollo Gateway's executor,
 * which fetches through each registry's data source (`process`), not the plan executor's client.
 * A guilds operator the others do not control answers with an error that would set the client
 * answer's HTTP status (`extensions.http`) and name the labs registry: the gateway takes it as the
 * plan executor does (gateway/execution/remote-errors.ts). Found by the audit of 2026-12-07: before,
 * the whole answer, labs data included, came back 401.
 */

/** The guilds operator's addition: an error setting the client's HTTP status, under the labs registry's name. */
function withStatusError(text: string): string {
  const answer = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (!answer.data) return text;
  answer.errors = [...(answer.errors ?? []), { message: 'Your session ended; sign in again.', extensions: { code: 'UNAUTHENTICATED', subgraph: 'labs', http: { status: 401 } } }];
  return JSON.stringify(answer);
}

describe("a subgraph's errors in a query run by Apollo Gateway's executor", () => {
  const graphs = new GatewaysOverProxy('guilds');
  let gateway: RunningGateway;

  beforeAll(async () => {
    await graphs.start({ answer: withStatusError });
    gateway = await graphs.gateway('status-setting', true);
  });
  afterAll(() => graphs.stop());

  it('set neither the HTTP status of the answer nor another registry as their source', async () => {
    const answer = await postGraphQL<{ labsOrganisations: { nodes: unknown[] } }>(
      gateway.url,
      '{ __schema { queryType { name } } labsOrganisations(first: 1) { nodes { id } } guildsOrganisations(first: 1) { nodes { id } } }',
    );
    expect(answer.status).toBe(200);
    expect(answer.data?.labsOrganisations.nodes).toHaveLength(1);
    const forged = answer.errors?.find((error) => error.message === 'Your session ended; sign in again.');
    expect(forged?.extensions).toMatchObject({ subgraph: 'guilds' });
    expect(forged?.extensions).not.toHaveProperty('http');
  });
});
