import { GraphQLResolveInfo } from 'graphql';
import { graphRegistries, RegistryList } from '../../gateway/directory';
import { meResolvers } from '../../gateway/directory/me';
import { AddedErrors } from '../../gateway/execution/added-errors';

/**
 * A registry's part of a person's own record (`me`) names only its own records: roles in its
 * organisations, seats on its projects' committees, its meetings, credentials it keeps. Each
 * registry answers `Me` for the people it holds or keeps a record of, so one run by an operator the
 * others do not control could otherwise have `me` tell a person they sit on another registry's
 * committee, attended its meetings, hold its credentials, or are responsible for its organisations'
 * resolutions, none of which that registry ever recorded.
 */
describe("a registry's part of `me` names only its own records", () => {
  const registries = new RegistryList(graphRegistries(['labs', 'guilds'].map((name) => ({ name }))));
  const me = meResolvers(registries, [
    { name: 'LAB_ACCREDITATION', registry: 'labs' },
    { name: 'GUILD_LICENCE', registry: 'guilds' },
  ])['Me'] as Record<string, (...args: unknown[]) => unknown>;
  const day = { iso: '2030-01-01', jalali: '1408-10-11' };
  const credential = (id: string, kind: string) => ({ id, kind, number: '1', title: id, validFrom: null, validUntil: day, status: 'VALID' });
  const role = (organisationId: string) => ({ organisation: { id: organisationId }, body: 'board', bodyKind: 'BOARD', position: 'MEMBER', since: null });
  const record = {
    nationalCode: '0012345679',
    labs: {
      fullName: 'A',
      roles: [role('labs:o1')],
      committeeSeats: [{ projectId: 'labs:p1', position: 'MEMBER' }],
      meetingIds: ['labs:m1'],
      credentials: [credential('labs:acc:1', 'LAB_ACCREDITATION')],
    },
    // guilds names its own records, and labs' as if they were its own.
    guilds: {
      fullName: 'A',
      roles: [role('guilds:o2'), role('labs:o9')],
      committeeSeats: [
        { projectId: 'guilds:p2', position: 'CHAIR' },
        { projectId: 'labs:p9', position: 'CHAIR' },
      ],
      meetingIds: ['guilds:m2', 'labs:m9'],
      credentials: [credential('guilds:lic:2', 'GUILD_LICENCE'), credential('labs:acc:9', 'LAB_ACCREDITATION'), credential('guilds:acc:8', 'LAB_ACCREDITATION')],
    },
  };
  const infoOf = (fieldName: string) => {
    const rootValue = new AddedErrors();
    const info = {
      path: { key: fieldName, prev: { key: 'me', prev: undefined }, typename: 'Me' },
      parentType: { name: 'Me' },
      fieldName,
      rootValue,
      schema: { getQueryType: () => undefined },
    } as unknown as GraphQLResolveInfo;
    return { info, rootValue };
  };
  const resolve = (fieldName: string, args: unknown = {}) => {
    const { info, rootValue } = infoOf(fieldName);
    const value = me[fieldName]!(record, args, {}, info);
    return { value, errors: rootValue.errors.map((error) => [error.extensions['code'], error.extensions['subgraph'], error.path]) };
  };
  const told = [['SUBGRAPH_NAMED_ANOTHERS_RECORD', 'guilds', ['me', expect.any(String)]]];

  it('keeps seats on committees of projects the registry leads', () => {
    const { value, errors } = resolve('committeeSeats');
    expect((value as { committee: { id: string } }[]).map((seat) => seat.committee.id)).toEqual(['labs:p1', 'guilds:p2']);
    expect(errors).toEqual(told);
  });

  it("keeps the registry's own meetings", () => {
    const { value, errors } = resolve('meetings');
    expect((value as { id: string }[]).map((meeting) => meeting.id)).toEqual(['guilds:m2', 'labs:m1']);
    expect(errors).toEqual(told);
  });

  it('keeps credentials of its id prefix and of a kind it keeps', () => {
    const { value, errors } = resolve('credentials');
    expect((value as { id: string }[]).map((entry) => entry.id).sort()).toEqual(['guilds:lic:2', 'labs:acc:1']);
    expect(errors).toEqual(told);
  });

  it("keeps roles in the registry's own organisations, in memberships and in the resolutions a person is responsible for", () => {
    const memberships = resolve('memberships');
    expect((memberships.value as { roles: { organisation: { id: string } }[] }[]).map((membership) => membership.roles.map((r) => r.organisation.id))).toEqual([
      ['labs:o1'],
      ['guilds:o2'],
    ]);
    expect(memberships.errors).toEqual(told);
    const resolutions = resolve('resolutions', { first: 10 });
    const filter = JSON.parse((resolutions.value as { filter: string }).filter) as { responsibleIds: string[] };
    expect(filter.responsibleIds).toEqual(['guilds:o2', 'labs:o1']);
  });
});
