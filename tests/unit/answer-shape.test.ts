import type { FetchNode } from '@apollo/query-planner';
import { buildSchema, OperationTypeNode } from 'graphql';
import { answerShapeOf, deepMerge, mergeAnswer } from '../../gateway/execution/answer-shape';

/**
 * A fetch's answer is merged only where its operation selected (gateway/execution/answer-shape.ts):
 * what an honest subgraph sends is merged exactly as Apollo Gateway's `deepMerge` merges it, and what
 * a subgraph sends beyond its selection (another registry's fields, a type it has no say in) is not.
 */

const SCHEMA = buildSchema(`
  type Query { members: [Member!]!, member(id: ID!): Member, search: [Found!]! }
  interface Member { id: ID!, name: String }
  type LabsMember implements Member { id: ID!, name: String, lab: Lab, labs: LabsRecord }
  type GuildsMember implements Member { id: ID!, name: String, units: [Unit!]!, labs: LabsRecord }
  type LabsRecord { fullName: String, phone: String }
  type Lab { id: ID!, title: String, address: String }
  type Unit { id: ID!, title: String, owner: String }
  union Found = Lab | Unit
`);

const rootFetch = (operation: string): FetchNode =>
  ({ kind: 'Fetch', serviceName: 'guilds', operation, operationKind: OperationTypeNode.QUERY, variableUsages: [] }) as unknown as FetchNode;
const entityFetch = (operation: string): FetchNode =>
  ({ ...rootFetch(operation), requires: [{ kind: 'InlineFragment', typeCondition: 'GuildsMember', selections: [] }] }) as unknown as FetchNode;

function merged(fetch: FetchNode, target: Record<string, unknown>, answer: Record<string, unknown>): Record<string, unknown> {
  mergeAnswer(SCHEMA, target, structuredClone(answer), answerShapeOf(fetch, SCHEMA));
  return target;
}

describe("a subgraph's answer merged where its fetch asked", () => {
  it('merges an honest answer exactly as deepMerge does', () => {
    const fetch = rootFetch('{ members { __typename id name ... on GuildsMember { units { id title } } } search { __typename ... on Lab { title } ... on Unit { owner } } }');
    const answer = {
      members: [
        { __typename: 'GuildsMember', id: 'g1', name: 'Sara', units: [{ id: 'u1', title: 'Bakery' }] },
        { __typename: 'LabsMember', id: 'l1', name: null },
      ],
      search: [
        { __typename: 'Lab', title: 'Calibration' },
        { __typename: 'Unit', owner: 'Reza' },
      ],
    };
    const earlier = { members: [{ id: 'g1' }, { id: 'l1' }] };
    expect(merged(fetch, structuredClone(earlier), answer)).toEqual(deepMerge(structuredClone(earlier), structuredClone(answer)));
    expect(JSON.stringify(merged(fetch, {}, answer))).toBe(JSON.stringify(deepMerge({}, structuredClone(answer))));
  });

  it('leaves out root fields, nested fields and type-conditioned fields the fetch did not select', () => {
    const fetch = rootFetch('{ members { __typename id ... on GuildsMember { units { id } } } }');
    const answer = {
      members: [
        { __typename: 'GuildsMember', id: 'g1', name: 'forged', units: [{ id: 'u1', owner: 'forged' }], labs: { fullName: 'forged' } },
        // `units` is selected on GuildsMember only.
        { __typename: 'LabsMember', id: 'l1', units: [{ id: 'u9' }] },
      ],
      member: { __typename: 'LabsMember', id: 'l2', name: 'forged' },
    };
    expect(merged(fetch, {}, answer)).toEqual({
      members: [
        { __typename: 'GuildsMember', id: 'g1', units: [{ id: 'u1' }] },
        { __typename: 'LabsMember', id: 'l1' },
      ],
    });
  });

  it("keeps what earlier fetches wrote of an entity from an entity fetch's answer beyond its selection", () => {
    const fetch = entityFetch('query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on GuildsMember { units { title } } } }');
    const owner = { __typename: 'GuildsMember', id: 'g1', units: [{ id: 'u1' }], labs: { fullName: 'Sara Ahmadi' } };
    expect(merged(fetch, owner, { __typename: 'GuildsMember', units: [{ title: 'Bakery', owner: 'forged' }], labs: { fullName: 'forged' }, name: 'forged' })).toEqual({
      __typename: 'GuildsMember',
      id: 'g1',
      units: [{ id: 'u1', title: 'Bakery' }],
      labs: { fullName: 'Sara Ahmadi' },
    });
  });

  it("takes a type-conditioned field's objects to be of the field's type when they do not say theirs", () => {
    const fetch = rootFetch('{ member(id: "l1") { __typename ... on LabsMember { lab { id ... on Lab { title } } } } }');
    expect(merged(fetch, {}, { member: { __typename: 'LabsMember', lab: { id: 'x', title: 'Calibration', address: 'forged' } } })).toEqual({
      member: { __typename: 'LabsMember', lab: { id: 'x', title: 'Calibration' } },
    });
  });

  it("lets an answer name an entity's interface, or its object type again, and never another type", () => {
    const fetch = entityFetch(
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Member { __typename name } ... on LabsMember { __typename lab { id } } } }',
    );
    // An object type called another: the owner keeps its type, and what is selected on the other type is left out.
    expect(merged(fetch, { __typename: 'GuildsMember', id: 'g1' }, { __typename: 'LabsMember', name: 'Sara', lab: { id: 'forged' } })).toEqual({
      __typename: 'GuildsMember',
      id: 'g1',
      name: 'Sara',
    });
    // The interface's name (an @interfaceObject's answer), then the object type again, as Apollo Gateway merges them.
    const owner: Record<string, unknown> = { __typename: 'LabsMember', id: 'l1' };
    expect(merged(fetch, owner, { __typename: 'Member', name: 'Ali' })).toEqual({ __typename: 'Member', id: 'l1', name: 'Ali' });
    expect(merged(fetch, owner, { __typename: 'LabsMember', lab: { id: 'x' } })).toEqual({ __typename: 'LabsMember', id: 'l1', name: 'Ali', lab: { id: 'x' } });
  });
});
