import { MAX_SUBGRAPH_ERRORS } from '../../gateway/execution/remote-errors';
import { RunningGateway } from '../../gateway/gateway';
import { postGraphQL } from '../support/graph';
import { GatewaysOverProxy } from '../support/gateways-over-proxy';

/**
 * One association's subgraph, run by an operator the others do not control, answers with errors
 * meant to hurt the rest (integrity audit, 2026-12-06): hundreds of thousands of them, which overflowed
 * the gateway's stack and stalled it for every registry, or one pointing into another registry's part
 * of the answer under that registry's name. The gateway passes on at most MAX_SUBGRAPH_ERRORS, keeps
 * an error's path only inside what its fetch selected, and names the subgraph that sent it.
 */

const FLOOD = 200_000;
const FORGED = { message: 'Labs: this member was struck off for fraud', path: ['labsMembers', 'nodes', 0, 'fullName'], extensions: { code: 'FORBIDDEN', subgraph: 'labs' } };

type Mode = 'honest' | 'flood' | 'forged path';
let mode: Mode = 'honest';

/** The guilds operator's errors, added to its answers to the root queries the tests send. */
function tamper(text: string): string {
  const answer = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  if (mode === 'honest' || !answer.data || !('guildsMembers' in answer.data)) return text;
  const added = mode === 'flood' ? Array.from({ length: FLOOD }, (_, i) => ({ message: `error ${i}`, extensions: { code: 'BAD' } })) : [FORGED];
  return JSON.stringify({ ...answer, errors: [...(answer.errors ?? []), ...added] });
}

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

describe("a subgraph's errors meant to hurt the others", () => {
  const graphs = new GatewaysOverProxy('guilds');
  let gateway: RunningGateway;

  beforeAll(async () => {
    await graphs.start({ answer: tamper });
    gateway = await graphs.gateway('tampered', true);
  });
  afterAll(async () => {
    mode = 'honest';
    await graphs.stop();
  });

  it(`passes on at most ${MAX_SUBGRAPH_ERRORS} of a flood of ${FLOOD} errors, and one saying how many came, with the data`, async () => {
    mode = 'flood';
    const answer = (await postGraphQL(gateway.url, '{ guildsMembers(first: 2) { nodes { fullName } } }')) as Answer;
    mode = 'honest';
    expect(answer.data?.guildsMembers).toEqual({ nodes: [expect.objectContaining({ fullName: expect.any(String) }), expect.anything()] });
    expect(answer.errors).toHaveLength(MAX_SUBGRAPH_ERRORS + 1);
    expect(answer.errors!.at(-1)).toMatchObject({
      message: `The guilds subgraph answered with ${FLOOD} errors; only the first ${MAX_SUBGRAPH_ERRORS} are passed on.`,
      extensions: { code: 'SUBGRAPH_ERRORS_TRUNCATED', subgraph: 'guilds' },
    });
    expect(answer.errors!.filter((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
  });

  it("keeps no path into another registry's part of the answer, nor another registry's name", async () => {
    mode = 'forged path';
    const answer = (await postGraphQL(gateway.url, '{ guildsMembers(first: 1) { nodes { fullName } } labsMembers(first: 1) { nodes { fullName } } }')) as Answer;
    mode = 'honest';
    const forged = answer.errors?.find((error) => error.message === FORGED.message);
    expect(forged).toBeDefined();
    expect(forged!.path).toBeUndefined();
    expect(forged!.extensions).toMatchObject({ code: 'FORBIDDEN', subgraph: 'guilds', serviceName: 'guilds' });
    // The labs part is labs' own, untouched.
    expect(answer.data?.labsMembers).toEqual({ nodes: [{ fullName: expect.any(String) }] });
  });
});
