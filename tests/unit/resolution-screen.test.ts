import { GraphQLError } from 'graphql';
import { ELSEWHERE_BOUND, resolutionScreen } from '../../gateway/membership/resolution-screen';
import { syntheticReply } from '../../gateway/transport';
import { GovernanceSlice, ResolutionQuery } from '../../shared/governance/filters';

/**
 * The resolution screen (gateway/membership/resolution-screen.ts) on its own: which registry is
 * asked the caller's list and which the question that is no one's, and how the caller's page is
 * made of the answer to that question (count, cursor, page size, the bound).
 */

const QUERY =
  'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ResolutionList { labs { totalCount keys { id sortKey responsibleId } } } } }';
const callersList: ResolutionQuery = {
  registry: null,
  status: 'OPEN',
  responsibleIds: ['guilds:markets-shiraz', 'guilds:markets-tehran'],
  asOf: '2026-12-07',
  size: 2,
  afterKey: null,
  list: '["Me.resolutions",{"status":"OPEN"},null]',
};
const callOf = (subgraph: string, query: ResolutionQuery) => ({
  subgraph,
  body: JSON.stringify({
    query: QUERY,
    variables: {
      representations: [
        { __typename: 'ResolutionList', filter: JSON.stringify(query) },
        { __typename: 'Other', id: 'x' },
      ],
    },
  }),
});
const key = (n: number, responsibleId: string) => ({ id: `labs:m/r${n}`, sortKey: `2026-01-0${n}|labs:m/r${n}`, responsibleId });
const replyWith = (slice: GovernanceSlice) => syntheticReply('http://labs', { data: { _entities: [{ labs: slice }, { id: 'x' }] } });

describe('the resolution screen', () => {
  const screen = resolutionScreen(() => ['labs', 'guilds']);

  it("sends the caller's list as it is to a registry of one of their organisations, and lets any other list by", () => {
    expect(screen(callOf('guilds', callersList))).toBeUndefined();
    expect(screen(callOf('labs', { ...callersList, responsibleIds: null, responsibleId: 'guilds:markets-shiraz' }))).toBeUndefined();
    expect(screen(callOf('outside', callersList))).toBeUndefined();
  });

  it('asks any other registry the same question for every caller, with the status and the day only', () => {
    const made = screen(callOf('labs', callersList));
    const other = screen(callOf('labs', { ...callersList, responsibleIds: [], size: 20, afterKey: '2026-01-01|labs:m/r1' }));
    if (!made || made instanceof GraphQLError || !other || other instanceof GraphQLError) throw new Error('not screened');
    expect(made.call.body).toBe(other.call.body);
    const sent = JSON.parse(made.call.body) as { variables: { representations: { filter?: string; id?: string }[] } };
    expect(JSON.parse(sent.variables.representations[0]!.filter!)).toEqual({
      registry: null,
      status: 'OPEN',
      asOf: '2026-12-07',
      responsibleElsewhere: true,
      size: ELSEWHERE_BOUND,
      afterKey: null,
      list: 'Resolution.responsibleElsewhere',
    });
    expect(sent.variables.representations[1]).toEqual({ __typename: 'Other', id: 'x' });
  });

  it("answers with the caller's organisations' resolutions only, counted, paged after the cursor", async () => {
    const keys = [key(1, 'guilds:markets-shiraz'), key(2, 'auditors:society'), key(3, 'guilds:markets-tehran'), key(4, 'guilds:markets-shiraz'), key(5, 'guilds:markets-shiraz')];
    const first = screen(callOf('labs', callersList));
    const later = screen(callOf('labs', { ...callersList, afterKey: keys[2]!.sortKey }));
    if (!first || first instanceof GraphQLError || !later || later instanceof GraphQLError) throw new Error('not screened');
    const answer = (await first.answer(replyWith({ totalCount: 5, keys }), 'http://labs')).body() as { data: { _entities: { labs: GovernanceSlice }[] } };
    expect(answer.data._entities[0]!.labs).toEqual({ totalCount: 4, keys: [keys[0], keys[2], keys[3]] });
    expect(answer.data._entities[1]).toEqual({ id: 'x' });
    const next = (await later.answer(replyWith({ totalCount: 5, keys }), 'http://labs')).body() as { data: { _entities: { labs: GovernanceSlice }[] } };
    expect(next.data._entities[0]!.labs).toEqual({ totalCount: 4, keys: [keys[3], keys[4]] });
  });

  it('gives no part, with an error, for a registry that lists more than the bound', async () => {
    const made = screen(callOf('labs', callersList));
    if (!made || made instanceof GraphQLError) throw new Error('not screened');
    const answer = (await made.answer(replyWith({ totalCount: ELSEWHERE_BOUND + 5, keys: [key(1, 'guilds:markets-shiraz')] }), 'http://labs')).body() as {
      data: { _entities: unknown[] };
      errors: { path: unknown[]; extensions: { code: string } }[];
    };
    expect(answer.data._entities[0]).toBeNull();
    expect(answer.errors).toEqual([expect.objectContaining({ path: ['_entities', 0, 'labs'], extensions: expect.objectContaining({ code: 'RESOLUTIONS_UNBOUNDED' }) })]);
  });

  it('sends nothing it cannot read', () => {
    const call = callOf('labs', callersList);
    expect(
      screen({ ...call, body: call.body.replace('_entities(representations: $representations)', '_entities(representations: $representations) @skip(if: false)') }),
    ).toBeInstanceOf(GraphQLError);
  });
});
