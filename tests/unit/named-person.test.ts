import { graphRegistries, RegistryList } from '../../gateway/directory';
import { credentialDirectoryResolvers } from '../../gateway/directory/credentials';
import { personNamedBy, PeopleLookup } from '../../gateway/directory/named-person';
import { KnownPeople, RegistryMembership } from '../../gateway/membership';
import { RegistryKey } from '../../shared/registry/keys';

/**
 * The people the directory makes of codes in a registry's data (a search hit, a credential's
 * holder, a committee seat): only those that registry holds or keeps a record of. Else a registry
 * could put any code in its search hits or catalogue and have the others tell an anonymous caller
 * whose it is (`search(text: ...) { nodes { person { fullName registries } } }`).
 */

const HELD = '0000000001';
const SEATED = '0000000004';
const GUESSED = '0000000002';
const lookup: PeopleLookup = { keeps: async (registry: RegistryKey, code: string) => registry === 'labs' && [HELD, SEATED].includes(code) };

describe('a person the directory makes of a code in a registry’s data', () => {
  it('is made of a code the registry holds or keeps a record of, and refused otherwise with the registry named', async () => {
    await expect(personNamedBy(lookup, 'labs', SEATED)).resolves.toEqual({ nationalCode: SEATED });
    await expect(personNamedBy(lookup, 'labs', GUESSED)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_NAMED_UNKNOWN_PERSON', subgraph: 'labs' } });
    await expect(personNamedBy(lookup, 'guilds', HELD)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_NAMED_UNKNOWN_PERSON' } });
    // A directory built without the gateway's lists names no one.
    await expect(personNamedBy(undefined, 'labs', HELD)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_NAMED_UNKNOWN_PERSON' } });
  });

  it("makes a credential's holder only of a code the credential's registry may name", async () => {
    const registries = new RegistryList(graphRegistries(['labs', 'guilds'].map((name) => ({ name }))));
    const resolvers = credentialDirectoryResolvers(registries, [], {
      transport: { send: () => Promise.reject(new Error('not used')) },
      membership: undefined as never,
      people: lookup,
    });
    const holder = (id: string, code: string) => resolvers.Credential.holder({ id, holderNationalCode: code } as never);
    await expect(holder('labs:accreditation-1', HELD)).resolves.toEqual({ nationalCode: HELD });
    await expect(holder('labs:accreditation-2', GUESSED)).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_NAMED_UNKNOWN_PERSON', subgraph: 'labs' } });
  });

  it('asks a registry’s lists again before refusing a code they do not hold: a member added since is named', async () => {
    const members = [HELD];
    const list = (codes: string[]) => new RegistryMembership({ count: async () => codes.length, codes: async () => [...codes] });
    const people = new KnownPeople(list(members), list([]));
    await people.warm(['labs']);
    expect(await people.mayName('labs', GUESSED)).toBe(false);
    members.push(GUESSED);
    expect(await people.mayName('labs', GUESSED)).toBe(true);
  });
});
