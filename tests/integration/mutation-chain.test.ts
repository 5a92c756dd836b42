import { auditorsSociety } from '../../subgraphs/auditors/demo-data';
import { labsDemoData } from '../../subgraphs/labs/demo-data';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * A mutation of several changes across registries, one in the middle failing (audit, 2026-12-07):
 * its root field cannot be null, so the whole answer's `data` is null, and the client sees only that
 * change's error. Inside one subgraph graphql-js then runs none of the changes after it; across
 * subgraphs the gateway still sent them, and they were made unseen. Now they are not sent, each
 * with MUTATION_NOT_SENT at its path, saying it was not made; each change made before the failed one
 * is MUTATION_ANSWER_LOST (made, its answer lost with `data`), and each one a registry did not run
 * after it in the same request MUTATION_NOT_RUN.
 */

const member = labsDemoData().people[1]!;
const CHAIN = `mutation Chain($code: String!, $name: String!) {
  a: upsertLabsMember(input: { nationalCode: $code, fullName: $name, expertise: "chain-a" }) { expertise }
  b: upsertGuildsMember(input: { nationalCode: $code }) { fullName }
  c: upsertLabsMember(input: { nationalCode: $code, fullName: $name, expertise: "chain-c" }) { expertise }
}`;
/** The three changes to the labs registry: one fetch, which graphql-js runs one field after another. */
const SAME_REGISTRY = `mutation Same($code: String!, $name: String!) {
  a: upsertLabsMember(input: { nationalCode: $code, fullName: $name, expertise: "same-a" }) { expertise }
  b: upsertLabsMember(input: { nationalCode: $code, expertise: "same-b" }) { expertise }
  c: upsertLabsMember(input: { nationalCode: $code, fullName: $name, expertise: "same-c" }) { expertise }
}`;
/** A change its `@include` (default false) or `@skip` leaves out between the others: not run, and no failure. */
const LEFT_OUT = `mutation LeftOut($code: String!, $name: String!, $also: Boolean = false) {
  a: upsertLabsMember(input: { nationalCode: $code, fullName: $name, expertise: "out-a" }) { expertise }
  ... @include(if: $also) { x: upsertLabsMember(input: { nationalCode: $code, expertise: "out-x" }) { expertise } }
  y: upsertLabsMember(input: { nationalCode: $code, expertise: "out-y" }) @skip(if: true) { expertise }
  b: upsertGuildsMember(input: { nationalCode: $code, fullName: $name }) { fullName }
  c: upsertLabsMember(input: { nationalCode: $code, fullName: $name, expertise: "out-c" }) { expertise }
}`;
/**
 * A change its registry made and answered, whose answer a field under it then nulls: `responsibleFor`
 * (the directory's, which cannot be null) refuses `first: 1000`, and the null rises through
 * `organisation` and `roles` to `b`, which cannot be null either, so to `data`.
 */
const NULLED_BELOW = `mutation NulledBelow($code: String!, $name: String!, $society: ID!, $title: String!) {
  a: upsertLabsMember(input: { nationalCode: $code, fullName: $name, expertise: "below-a" }) { expertise }
  b: renameAuditorsOrganisation(input: { id: $society, name: $title }) { roles { organisation { responsibleFor(first: 1000) { totalCount } } } }
  c: upsertLabsMember(input: { nationalCode: $code, fullName: $name, expertise: "below-c" }) { expertise }
}`;
const EXPERTISE = 'query E($code: String!) { person(nationalCode: $code) { labs { expertise } } }';

describe('a mutation whose change in the middle fails', () => {
  let graph: TestGraph;
  let admin: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    admin = await testToken(['labs:admin', 'guilds:admin', 'personal:read']);
  });
  afterAll(() => graph.stop());

  it('sends none of the changes after it, and says each was not made', async () => {
    const answer = await graph.query(CHAIN, { code: member._id, name: member.fullName }, admin);
    expect(answer.data).toBeNull();
    expect(answer.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([
      ['b', 'BAD_USER_INPUT'],
      ['a', 'MUTATION_ANSWER_LOST'],
      ['c', 'MUTATION_NOT_SENT'],
    ]);
    expect(answer.errors![1]!.message).toMatch(/^Made, but its answer is lost: b failed after it/);
    expect(answer.errors![2]!.message).toMatch(/^Not sent, so not made: b failed before it/);
    const stored = await graph.query<{ person: { labs: { expertise: string } } }>(EXPERTISE, { code: member._id }, admin);
    expect(stored.data?.person.labs.expertise).toBe('chain-a');
  });

  it('says, of changes sent to one registry together, which were made and which it did not run', async () => {
    const answer = await graph.query(SAME_REGISTRY, { code: member._id, name: member.fullName }, admin);
    expect(answer.data).toBeNull();
    expect(answer.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([
      ['b', 'BAD_USER_INPUT'],
      ['a', 'MUTATION_ANSWER_LOST'],
      ['c', 'MUTATION_NOT_RUN'],
    ]);
    const stored = await graph.query<{ person: { labs: { expertise: string } } }>(EXPERTISE, { code: member._id }, admin);
    expect(stored.data?.person.labs.expertise).toBe('same-a');
  });

  it('takes a change its @skip or @include leaves out for no failed one', async () => {
    const answer = await graph.query(LEFT_OUT, { code: member._id, name: member.fullName }, admin);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ a: { expertise: 'out-a' }, b: { fullName: member.fullName }, c: { expertise: 'out-c' } });
  });

  // A nullable variable with a default may be sent null, which no @skip or @include can take: the gateway
  // answered INTERNAL_SERVER_ERROR (audit, 2026-12-07); now a 400 before anything is sent.
  it('refuses, before making any change, a condition variable sent null', async () => {
    const before = await graph.query<{ person: { labs: { expertise: string } } }>(EXPERTISE, { code: member._id }, admin);
    const answer = await graph.query(LEFT_OUT, { code: member._id, name: member.fullName, also: null }, admin);
    expect(answer.status).toBe(400);
    expect(answer.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('"$also" is null'), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
    expect(await graph.query(EXPERTISE, { code: member._id }, admin)).toEqual(before);
  });

  it('takes a change whose answer a field under it nulled for a failed one, made, and sends none after it', async () => {
    const auditorsAdmin = await testToken(['labs:admin', 'auditors:admin', 'personal:read']);
    const society = auditorsSociety();
    const variables = { code: member._id, name: member.fullName, society: society._id, title: `${society.name} ۲` };
    const answer = await graph.query(NULLED_BELOW, variables, auditorsAdmin);
    expect(answer.data).toBeNull();
    const told = answer.errors?.filter((error) => error.path?.length === 1).map((error) => [error.path![0], error.extensions?.code, error.extensions?.messageId]);
    expect(told).toEqual([
      ['a', 'MUTATION_ANSWER_LOST', 'MUTATION_ANSWER_LOST'],
      ['b', 'MUTATION_ANSWER_LOST', 'MUTATION_ANSWER_NULLED'],
      ['c', 'MUTATION_NOT_SENT', 'MUTATION_NOT_SENT'],
    ]);
    expect(answer.errors?.filter((error) => error.path?.length !== 1).every((error) => error.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
    const stored = await graph.query<{ person: { labs: { expertise: string } } }>(EXPERTISE, { code: member._id }, admin);
    expect(stored.data?.person.labs.expertise).toBe('below-a');
    // Nulled last, it is told all the same, and so is each change made before it.
    const last = await graph.query(NULLED_BELOW.replace(/\n {2}c: .*\n/, '\n'), { ...variables, title: `${society.name} ۳` }, auditorsAdmin);
    expect(last.data).toBeNull();
    expect(last.errors?.filter((error) => error.path?.length === 1).map((error) => [error.path![0], error.extensions?.messageId])).toEqual([
      ['a', 'MUTATION_ANSWER_LOST'],
      ['b', 'MUTATION_ANSWER_NULLED'],
    ]);
  });

  // Consecutive changes to one registry go in one request: the one after the nulled change was made
  // too, and was told nothing, under `data: null` (audit, 2026-12-07).
  it('says of a change its registry made after the nulled one, in the same request, that it was made', async () => {
    const auditorsAdmin = await testToken(['labs:admin', 'auditors:admin', 'personal:read']);
    const society = auditorsSociety();
    const SAME_REQUEST = `mutation SameRequest($society: ID!, $title: String!, $then: String!) {
      a: renameAuditorsOrganisation(input: { id: $society, name: $title }) { roles { organisation { responsibleFor(first: 1000) { totalCount } } } }
      b: renameAuditorsOrganisation(input: { id: $society, name: $then }) { name }
    }`;
    const then = `${society.name} ۶`;
    const answer = await graph.query(SAME_REQUEST, { society: society._id, title: `${society.name} ۵`, then }, auditorsAdmin);
    expect(answer.data).toBeNull();
    expect(answer.errors?.filter((error) => error.path?.length === 1).map((error) => [error.path![0], error.extensions?.code, error.extensions?.messageId])).toEqual([
      ['a', 'MUTATION_ANSWER_LOST', 'MUTATION_ANSWER_NULLED'],
      ['b', 'MUTATION_ANSWER_LOST', 'MUTATION_ANSWER_LOST_AFTER_NULLED'],
    ]);
    const names = await graph.query<{ auditorsOrganisations: { nodes: Array<{ id: string; name: string }> } }>('{ auditorsOrganisations(first: 50) { nodes { id name } } }');
    expect(names.data?.auditorsOrganisations.nodes.find((organisation) => organisation.id === society._id)?.name).toBe(then);
  });

  it('keeps, in the answer, the fields of the fragments on the changes made, once they are shaped to look for a nulled one', async () => {
    const auditorsAdmin = await testToken(['labs:admin', 'auditors:admin', 'personal:read']);
    const society = auditorsSociety();
    const FRAGMENTS = `mutation Fragments($code: String!, $name: String!, $society: ID!, $title: String!) {
      a: renameAuditorsOrganisation(input: { id: $society, name: $title }) { __typename ... on AuditorsOrganisation { name } }
      b: upsertLabsMember(input: { nationalCode: $code, fullName: $name, expertise: "fragments-b" }) { __typename ... on LabsMember { expertise } }
    }`;
    const title = `${society.name} ۴`;
    const answer = await graph.query(FRAGMENTS, { code: member._id, name: member.fullName, society: society._id, title }, auditorsAdmin);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ a: { __typename: 'AuditorsOrganisation', name: title }, b: { __typename: 'LabsMember', expertise: 'fragments-b' } });
  });

  it('sends every change when none fails', async () => {
    const answer = await graph.query(
      CHAIN.replace('upsertGuildsMember(input: { nationalCode: $code })', 'upsertGuildsMember(input: { nationalCode: $code, fullName: $name })'),
      {
        code: member._id,
        name: member.fullName,
      },
      admin,
    );
    expect(answer.errors).toBeUndefined();
    const stored = await graph.query<{ person: { labs: { expertise: string } } }>(EXPERTISE, { code: member._id }, admin);
    expect(stored.data?.person.labs.expertise).toBe('chain-c');
  });
});
