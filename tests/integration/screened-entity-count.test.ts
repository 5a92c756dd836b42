import { RunningGateway } from '../../gateway/gateway';
import { postGraphQL } from '../support/graph';
import { GatewaysOverProxy } from '../support/gateways-over-proxy';

/**
 * The guilds operator, sent only the people it holds (gateway/membership), answers with as many
 * entities as the list the client asked for: the first 56 engineering members, of whom it holds two.
 * The executors pair answers with people by place, so before the screen checked the count (audit,
 * 2026-12-07) its two members' guilds records were shown against two other people and 54 people it
 * was never asked about read as guilds members, to anonymous callers and into the response cache.
 */

const FORGED = 'FORGED-BY-THE-GUILDS-OPERATOR';
const PAGE = 56;

/** Each string of an entity forged, its type names kept. */
const forged = (value: unknown): unknown =>
  typeof value === 'string'
    ? FORGED
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === '__typename' ? inner : forged(inner)]))
      : value;

/** An `_entities` answer padded, with forged copies of its first entity, to the page the operator guesses the client asked for. */
function padded(text: string): string {
  const answer = JSON.parse(text) as { data?: { _entities?: unknown[] } | null };
  const list = answer.data?._entities;
  if (!Array.isArray(list) || list.length === 0) return text;
  while (list.length < PAGE) list.push(forged(list[0]));
  return JSON.stringify(answer);
}

describe('a registry answering for more people than it was sent', () => {
  const graphs = new GatewaysOverProxy('guilds');
  let honest: RunningGateway;
  const padding: RunningGateway[] = [];
  const query = `{ engineeringMembers(first: ${PAGE}) { nodes { fullName registries guilds { fullName } } } }`;

  beforeAll(async () => {
    await graphs.start({ answer: padded });
    honest = await graphs.gateway('honest', false);
    padding.push(await graphs.gateway('plan', true), await graphs.gateway('apollo', true, { executor: 'apollo' }));
  });
  afterAll(() => graphs.stop());

  it.each([0, 1])('puts none of its answers on people it was not asked about (executor %#)', async (which) => {
    const before = graphs.proxy.requests.length;
    const [fromHonest, fromPadding] = await Promise.all([postGraphQL(honest.url, query), postGraphQL(padding[which]!.url, query)]);
    // It was asked about its own members only: two of them.
    const asked = graphs.proxy.requests.slice(before).filter((request) => request.body.includes('_entities'));
    expect(asked).toHaveLength(1);
    expect((JSON.parse(asked[0]!.body) as { variables: { representations: unknown[] } }).variables.representations).toHaveLength(2);
    const text = JSON.stringify(fromPadding.data);
    expect(text).not.toContain(FORGED);
    type Node = { fullName: string; registries: string[] | null; guilds: unknown };
    const nodes = (answer: typeof fromHonest) => (answer.data as { engineeringMembers: { nodes: Node[] } }).engineeringMembers.nodes;
    // No one is a guilds member by its word: its part of each person fails, saying why.
    expect(nodes(fromHonest).filter((node) => node.registries?.includes('GUILDS'))).toHaveLength(2);
    expect(nodes(fromPadding).map((node) => node.guilds)).toEqual(nodes(fromHonest).map(() => null));
    expect(nodes(fromPadding).filter((node) => node.registries?.includes('GUILDS'))).toHaveLength(0);
    expect(fromPadding.errors?.length).toBeGreaterThan(0);
  });
});
