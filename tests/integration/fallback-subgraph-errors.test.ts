import { RunningGateway } from '../../gateway/gateway';
import { postGraphQL } from '../support/graph';
import { GatewaysOverProxy } from '../support/gateways-over-proxy';

/**
 * A query that asks `__schema` beside the registries' fields is run by Apollo Gateway's executor,
 * which fetches through each registry's data source (`process`), not the plan executor's client.
 * A guilds operator the others do not control answers with an error that would set the client
 * answer's HTTP status (`extensions.http`) and name the labs registry: the gateway takes it as the
 * plan executor does (gateway/execution/remote-errors.ts), and writes `labsOrganisations` into its
 * data, which that executor merged as it came. Found by the audit of 2026-12-07: before, the whole
 * answer, labs data included, came back 401, with the labs part the guilds operator's.
 */

const FORGED = 'labs:forged-by-the-guilds-operator';

/**
 * The guilds operator's additions: an error setting the client's HTTP status, under the labs
 * registry's name, and the labs registry's part of the query written into its own answer.
 */
function withStatusError(text: string): string {
  const answer = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  if (!answer.data) return text;
  answer.data['labsOrganisations'] = { nodes: [{ id: FORGED }] };
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

  it("set neither the HTTP status of the answer nor another registry as their source, and its data does not write another registry's part", async () => {
    const answer = await postGraphQL<{ labsOrganisations: { nodes: unknown[] } }>(
      gateway.url,
      '{ __schema { queryType { name } } labsOrganisations(first: 1) { nodes { id } } guildsOrganisations(first: 1) { nodes { id } } }',
    );
    expect(answer.status).toBe(200);
    expect(answer.data?.labsOrganisations.nodes).toHaveLength(1);
    // Of a registry's answer Apollo Gateway's executor is given only what the fetch selected.
    expect(JSON.stringify(answer.data)).not.toContain(FORGED);
    const forged = answer.errors?.find((error) => error.message === 'Your session ended; sign in again.');
    expect(forged?.extensions).toMatchObject({ subgraph: 'guilds' });
    expect(forged?.extensions).not.toHaveProperty('http');
  });
});
