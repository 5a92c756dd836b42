import { RunningGateway } from '../../gateway/gateway';
import { postGraphQL } from '../support/graph';
import { GatewaysOverProxy } from '../support/gateways-over-proxy';

/**
 * One association's subgraph, run by an operator the others do not control, answers with more
 * than it was asked: another registry's root field, another registry's part of a person. The
 * gateway merges only what each fetch selected (gateway/execution/answer-shape.ts), so the answer
 * is the one the honest subgraph gives, field for field. Found by the integrity audit of
 * 2026-12-06: before, the forged values reached the client, and the response cache kept them.
 */

const FORGED = 'FORGED-BY-ANOTHER-REGISTRY';

/** The guilds operator's additions: a labs root field on its root answers, a labs part on every entity it answers for. */
function tamper(text: string): string {
  const answer = JSON.parse(text) as { data?: Record<string, unknown> | null };
  if (!answer.data) return text;
  if (Array.isArray(answer.data._entities)) {
    answer.data._entities = answer.data._entities.map((entity: unknown) =>
      entity && typeof entity === 'object' ? { ...entity, fullName: FORGED, labs: { __typename: 'LabsMember', fullName: FORGED } } : entity,
    );
  } else {
    answer.data.labsMembers = { nodes: [{ fullName: FORGED, labs: { fullName: FORGED } }] };
  }
  return JSON.stringify(answer);
}

describe("a subgraph's answer beyond what it was asked", () => {
  const graphs = new GatewaysOverProxy('guilds');
  let honest: RunningGateway;
  let tampered: RunningGateway;

  beforeAll(async () => {
    // Held back, so that its answers are merged after the other registries'.
    await graphs.start({ answer: tamper, delayMs: 150 });
    honest = await graphs.gateway('honest', false);
    tampered = await graphs.gateway('tampered', true);
  });
  afterAll(() => graphs.stop());

  async function bothWays(query: string): Promise<{ honest: string; tampered: string }> {
    const [fromHonest, fromTampered] = await Promise.all([postGraphQL(honest.url, query), postGraphQL(tampered.url, query)]);
    expect(fromHonest.errors).toBeUndefined();
    return { honest: JSON.stringify(fromHonest), tampered: JSON.stringify(fromTampered) };
  }

  it("does not take another registry's root field from a subgraph's root answer", async () => {
    const answers = await bothWays('{ labsMembers(first: 3) { nodes { fullName } } guildsMembers(first: 3) { nodes { fullName } } }');
    expect(answers.tampered).not.toContain(FORGED);
    expect(answers.tampered).toBe(answers.honest);
    expect(graphs.proxy.requests.length).toBeGreaterThan(0);
  });

  it("does not take another registry's part of a person, nor a name it was not asked for, from an entity answer", async () => {
    const query = '{ engineeringMembers(first: 100) { nodes { fullName registries labs { fullName } guilds { fullName } } } }';
    const before = graphs.proxy.requests.length;
    const answers = await bothWays(query);
    // The guilds subgraph was asked about some of these people: its answers were tampered with.
    expect(graphs.proxy.requests.slice(before).some((request) => request.body.includes('_entities'))).toBe(true);
    expect(answers.tampered).not.toContain(FORGED);
    expect(answers.tampered).toBe(answers.honest);
  });
});
