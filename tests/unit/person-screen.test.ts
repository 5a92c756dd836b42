import { fetchShapeOf } from '../../gateway/membership/entity-fetch-shape';
import { KnownPeople, personScreen, RegistryMembership } from '../../gateway/membership';
import { MiscountedEntitiesError } from '../../gateway/membership/person-screen';
import { SubgraphCall, SubgraphReply, syntheticReply } from '../../gateway/transport';

const HELD = '0000000001';
const OTHER = '0000000002';
/** Not a member of any registry; the labs registry keeps a record of theirs (a committee seat). */
const SEATED = '0000000004';
const URL = 'http://127.0.0.1:1/graphql';

const listOf = (codes: string[]) => new RegistryMembership({ count: async () => codes.length, codes: async () => [...codes] });
/** People every registry holds as `members`, and keeps records of as `recordHolders`. */
const holding = (members: string[], recordHolders: string[] = []) => new KnownPeople(listOf(members), listOf(recordHolders));

const entityFetch = (query: string, variables: Record<string, unknown>): SubgraphCall => ({ subgraph: 'labs', body: JSON.stringify({ query, variables }) });
const reply = (body: unknown): SubgraphReply => syntheticReply(URL, JSON.parse(JSON.stringify(body)));
const PEOPLE = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Person{__typename nationalCode labs{fullName}}}}';

describe('the Person screen', () => {
  const people = holding([HELD], [SEATED]);
  const membership = people.members;
  // A registry's own field of Me is null for someone it keeps nothing of; a list it adds to Me, empty.
  const supergraph = 'type Me { nationalCode: String! labs: LabsOwnRecord guildElections: [OwnGuildElection!]! } type LabsOwnRecord { fullName: String }';
  const screen = personScreen(
    people,
    () => ['labs', 'guilds'],
    () => supergraph,
  );

  it('leaves alone calls to subgraphs that are not registries, and calls that name no person and select none', () => {
    expect(
      screen({ subgraph: 'directory', body: JSON.stringify({ query: PEOPLE, variables: { representations: [{ __typename: 'Person', nationalCode: OTHER }] } }) }),
    ).toBeUndefined();
    expect(screen({ subgraph: 'labs', body: JSON.stringify({ query: '{ labsOrganisations { totalCount } }' }) })).toBeUndefined();
    expect(
      screen(entityFetch('query($r:[_Any!]!){_entities(representations:$r){...on LabsOrganisation{name}}}', { r: [{ __typename: 'LabsOrganisation', id: 'labs:x' }] })),
    ).toBeUndefined();
  });

  it('leaves out, with an error at its place, a person a registry names that it neither holds nor keeps a record of', async () => {
    await membership.codesOf('labs');
    const call: SubgraphCall = { subgraph: 'labs', body: JSON.stringify({ query: '{ probe { __typename nationalCode } }' }) };
    const screened = (await screen(call))!;
    expect(screened.call).toBe(call);
    const named = (codes: string[]) =>
      reply({ data: { probe: codes.map((nationalCode) => ({ __typename: 'Person', nationalCode })), me: { __typename: 'Me', nationalCode: HELD } } });
    // Its member, and someone it keeps a record of: kept as sent.
    const known = named([HELD, SEATED]);
    expect(await screened.answer(known, URL)).toBe(known);
    // Anyone else, however it spells the key's type's place in the answer: null, with an error naming the registry.
    expect(JSON.parse((await screened.answer(named([HELD, OTHER]), URL)).text)).toEqual({
      data: { probe: [{ __typename: 'Person', nationalCode: HELD }, null], me: { __typename: 'Me', nationalCode: HELD } },
      errors: [
        {
          message: 'The labs registry named a person it neither holds nor keeps a record of; left out.',
          path: ['probe', 1],
          extensions: { code: 'SUBGRAPH_NAMED_UNKNOWN_PERSON' },
        },
      ],
    });
  });

  it('reads the code and the type under the names the fetch gives them, as the planner aliases them beside another type of the same field name', async () => {
    await membership.codesOf('labs');
    // What the planner sends for `{ things { ... on NursesX { nationalCode } ... on Person { labs { fullName } } } }`: it renames the alias back once answered.
    const query = '{ things { __typename ...on NursesX { nationalCode } ...on Person { __typename nationalCode__alias_0: nationalCode } } }';
    const screened = (await screen({ subgraph: 'labs', body: JSON.stringify({ query }) }))!;
    const answered = JSON.parse(
      (
        await screened.answer(
          reply({
            data: {
              things: [
                { __typename: 'Person', nationalCode__alias_0: HELD },
                { __typename: 'Person', nationalCode__alias_0: OTHER },
              ],
            },
          }),
          URL,
        )
      ).text,
    ) as { data: unknown; errors: { path: unknown[]; extensions: { code: string } }[] };
    expect(answered.data).toEqual({ things: [{ __typename: 'Person', nationalCode__alias_0: HELD }, null] });
    expect(answered.errors.map((error) => [error.path, error.extensions.code])).toEqual([[['things', 1], 'SUBGRAPH_NAMED_UNKNOWN_PERSON']]);
    // And the type under an alias of its own.
    const typed = '{ things { ...on Person { kind: __typename code: nationalCode } } }';
    const retyped = (await screen({ subgraph: 'labs', body: JSON.stringify({ query: typed }) }))!;
    const left = JSON.parse((await retyped.answer(reply({ data: { things: [{ kind: 'Person', code: OTHER }] } }), URL)).text) as { data: unknown };
    expect(left.data).toEqual({ things: [null] });
  });

  it('checks the people a change names against the lists read again once it has been made', async () => {
    const joining: string[] = [];
    const changing = holding([HELD], joining);
    await changing.warm(['labs']);
    const changeScreen = personScreen(changing, () => ['labs']);
    const change: SubgraphCall = { subgraph: 'labs', body: JSON.stringify({ query: 'mutation { seat { person { __typename nationalCode } } }' }) };
    const screened = (await changeScreen(change))!;
    // The change seats someone the registry kept no record of before it: its record holders now name them.
    joining.push(SEATED);
    const seated = reply({ data: { seat: { person: { __typename: 'Person', nationalCode: SEATED } } } });
    expect(JSON.parse((await screened.answer(seated, URL)).text)).toEqual({ data: { seat: { person: { __typename: 'Person', nationalCode: SEATED } } } });
    screened.settled?.();
    const other = (await changeScreen(change))!;
    const answered = JSON.parse((await other.answer(reply({ data: { seat: { person: { __typename: 'Person', nationalCode: OTHER } } } }), URL)).text) as { data: unknown };
    expect(answered.data).toEqual({ seat: { person: null } });
  });

  it('sends only the people the registry holds, and answers for the others as it would, in the order asked, errors moved to match', async () => {
    await membership.codesOf('labs');
    const call = entityFetch(PEOPLE, {
      representations: [
        { __typename: 'Person', nationalCode: OTHER },
        { __typename: 'Person', nationalCode: HELD },
      ],
    });
    const screened = (await screen(call))!;
    expect(JSON.parse(screened.call!.body)).toEqual({ query: PEOPLE, variables: { representations: [{ __typename: 'Person', nationalCode: HELD }] } });
    const sent = reply({
      data: { _entities: [{ __typename: 'Person', nationalCode: HELD, labs: { fullName: null } }] },
      errors: [{ message: 'no name', path: ['_entities', 0, 'labs', 'fullName'] }],
    });
    expect(JSON.parse((await screened.answer(sent, URL)).text)).toEqual({
      data: {
        _entities: [
          { __typename: 'Person', nationalCode: OTHER, labs: null },
          { __typename: 'Person', nationalCode: HELD, labs: { fullName: null } },
        ],
      },
      errors: [
        // The registry failed a person it was asked about: the one taken out is taken to fail the same way.
        { message: 'no name', path: ['_entities', 0, 'labs', 'fullName'] },
        { message: 'no name', path: ['_entities', 1, 'labs', 'fullName'] },
      ],
    });
  });

  it('fails a fetch whose answer lists another number of people than it was sent, rather than placing them on people it was not asked about', async () => {
    await membership.codesOf('labs');
    const call = entityFetch(PEOPLE, {
      representations: [
        { __typename: 'Person', nationalCode: OTHER },
        { __typename: 'Person', nationalCode: HELD },
      ],
    });
    const screened = (await screen(call))!;
    const forged = { __typename: 'Person', labs: { fullName: 'FORGED' } };
    // As many as the executor gave (the one taken out included): merged by place, it would name OTHER a labs member.
    await expect(screened.answer(reply({ data: { _entities: [forged, forged] } }), URL)).rejects.toThrow(
      'The labs registry answered 2 entities where it was asked about 1; its answer is not used.',
    );
    await expect(screened.answer(reply({ data: { _entities: [] } }), URL)).rejects.toThrow(MiscountedEntitiesError);
  });

  it('takes the path off an error the registry points at an entity it was not sent, rather than letting it land on whoever is there', async () => {
    await membership.codesOf('labs');
    const call = entityFetch(PEOPLE, {
      representations: [
        { __typename: 'Person', nationalCode: HELD },
        { __typename: 'Person', nationalCode: OTHER },
      ],
    });
    const screened = (await screen(call))!;
    const sent = reply({
      data: { _entities: [{ __typename: 'Person', nationalCode: HELD, labs: { fullName: 'held' } }] },
      errors: [{ message: 'chosen person', path: ['_entities', 1, 'labs'] }],
    });
    const answered = JSON.parse((await screened.answer(sent, URL)).text) as { errors: unknown[] };
    expect(answered.errors).toEqual([{ message: 'chosen person' }]);
  });

  it('sends nothing when it holds none of them, and reads aliases, merged fetches and named fragments', async () => {
    const query =
      'query($_r0:[_Any!]!,$_r1:[_Any!]!){_e0:_entities(representations:$_r0){...P} _e1:_entities(representations:$_r1){...on Person{__typename mine:labs{fullName}}}} fragment P on Person{nationalCode labs{fullName}}';
    const screened = (await screen(entityFetch(query, { _r0: [{ __typename: 'Person', nationalCode: OTHER }], _r1: [{ __typename: 'Person', nationalCode: '0000000003' }] })))!;
    expect(screened.call).toBeNull();
    const answer = await screened.answer(null, URL);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      data: { _e0: [{ nationalCode: OTHER, labs: null }], _e1: [{ __typename: 'Person', mine: null }] },
    });
  });

  it("sends a person's own record (Me) to a registry that holds them or keeps a record of theirs, and answers for it elsewhere", async () => {
    const query = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Me{__typename labs{fullName meetingIds} guildElections{hasVoted}}}}';
    const own = (code: string) => entityFetch(query, { representations: [{ __typename: 'Me', nationalCode: code }] });
    expect(await screen(own(HELD))).toBeUndefined();
    expect(await screen(own(SEATED))).toBeUndefined();
    const elsewhere = (await screen(own(OTHER)))!;
    expect(elsewhere.call).toBeNull();
    expect(JSON.parse((await elsewhere.answer(null, URL)).text)).toEqual({ data: { _entities: [{ __typename: 'Me', labs: null, guildElections: [] }] } });
    // A record holder who is not a member is still no Person of the registry.
    const person = (await screen(entityFetch(PEOPLE, { representations: [{ __typename: 'Person', nationalCode: SEATED }] })))!;
    expect(person.call).toBeNull();
  });

  it('refuses to send people in a fetch it cannot read, rather than sending everyone', async () => {
    const inline = entityFetch('query($r:[_Any!]!){_entities(representations:$r) @include(if: true){...on Person{labs{fullName}}}}', {
      r: [{ __typename: 'Person', nationalCode: OTHER }],
    });
    await expect(screen(inline)).rejects.toThrow(/not in a form the gateway screens/);
    const elsewhere = entityFetch(`query($r:[_Any!]!,$other:[_Any!]!){_entities(representations:$r){...on Person{labs{fullName}}}}`, {
      r: [],
      other: [{ __typename: 'Person', nationalCode: OTHER }],
    });
    await expect(screen(elsewhere)).rejects.toThrow(/not in a form the gateway screens/);
  });

  it('has the membership check a registry again once a change has gone to it', async () => {
    const screened = (await screen({ subgraph: 'labs', body: JSON.stringify({ query: 'mutation{upsertLabsMember(input:{}){fullName}}' }) }))!;
    expect(membership.freshCodesOf('labs')).toBeDefined();
    screened.settled!();
    expect(membership.freshCodesOf('labs')).toBeUndefined();
  });

  it('reads the shape of a fetch: its _entities fields, their variables and what they select of the type', () => {
    expect(fetchShapeOf(PEOPLE, ['Person', 'Me'])).toEqual({
      operation: 'query',
      selectsMore: false,
      entities: [
        {
          responseName: '_entities',
          variable: 'representations',
          selected: {
            Person: [
              { responseName: '__typename', fieldName: '__typename' },
              { responseName: 'nationalCode', fieldName: 'nationalCode' },
              { responseName: 'labs', fieldName: 'labs' },
            ],
            Me: [],
          },
        },
      ],
    });
    expect(fetchShapeOf('{ _entities(representations: [{__typename: "Person"}]) { __typename } }', ['Person'])).toBeUndefined();
    expect(fetchShapeOf('query A { a } query B { b }', ['Person'])).toBeUndefined();
  });
});
