import { generateKeyPairSync } from 'node:crypto';
import { Caller } from '../../shared/auth/caller';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { KnownPeople, personScreen, RegistryMembership, SubjectScreen } from '../../gateway/membership';
import { ActiveSigningKey, CallerSigner, PAIRWISE_SUBJECT_PREFIX } from '../../gateway/trust';
import { PairwiseSubjects } from '../../gateway/trust/pairwise-subjects';
import { SubgraphCall, SubgraphReply, syntheticReply } from '../../gateway/transport';

const MEMBER = withIranianCheckDigit('006123401');
const STRANGER = withIranianCheckDigit('006123402');
const SEATED = withIranianCheckDigit('006123404');
const URL = 'http://127.0.0.1:1/graphql';
const signedIn = (subject: string): Caller => Object.freeze({ authenticated: true, subject, scopes: Object.freeze(['personal:read']) as string[] });

/** A gateway signing key of its own, made for the test. */
function signingKey(kid: string): ActiveSigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { kid, algorithm: 'EdDSA', publicKey, privateKey };
}

describe('pairwise subjects', () => {
  const key = signingKey('one').privateKey;
  const subjects = new PairwiseSubjects();

  it('name a person the same at one subgraph, differently at each other and under another key, and never by their code', () => {
    const atLabs = subjects.subjectFor(key, MEMBER, 'labs');
    expect(atLabs).toMatch(new RegExp(`^${PAIRWISE_SUBJECT_PREFIX}[A-Za-z0-9_-]{27}$`));
    expect(atLabs).not.toContain(MEMBER);
    expect(subjects.subjectFor(key, MEMBER, 'labs')).toBe(atLabs);
    expect(subjects.subjectFor(key, MEMBER, 'guilds')).not.toBe(atLabs);
    expect(subjects.subjectFor(key, STRANGER, 'labs')).not.toBe(atLabs);
    expect(subjects.subjectFor(signingKey('two').privateKey, MEMBER, 'labs')).not.toBe(atLabs);
  });

  it("are given by the signer as one frozen caller per person and subgraph, with the person's scopes, renamed again when the key changes", () => {
    const keys = { signing: signingKey('one') };
    const signer = new CallerSigner(keys);
    const member = signedIn(MEMBER);
    const renamed = signer.pairwiseCaller(member, 'guilds');
    expect(renamed).toEqual({ authenticated: true, subject: subjects.subjectFor(keys.signing.privateKey, MEMBER, 'guilds'), scopes: ['personal:read'] });
    expect(Object.isFrozen(renamed)).toBe(true);
    expect(signer.pairwiseCaller(member, 'guilds')).toBe(renamed);
    keys.signing = signingKey('two');
    expect(signer.pairwiseCaller(member, 'guilds').subject).not.toBe(renamed.subject);
  });
});

describe('the subject screen', () => {
  // The labs registry holds MEMBER; guilds holds no one, and keeps a record of SEATED (a committee seat, say).
  const membership = new RegistryMembership({
    count: async (registry) => (registry === 'labs' ? 1 : 0),
    codes: async (registry) => (registry === 'labs' ? [MEMBER] : []),
  });
  const recordHolders = new RegistryMembership({
    count: async (registry) => (registry === 'guilds' ? 1 : 0),
    codes: async (registry) => (registry === 'guilds' ? [SEATED] : []),
  });
  const people = new KnownPeople(membership, recordHolders);
  const screen = new SubjectScreen(people, {
    pairwiseCaller: (caller, audience) => Object.freeze({ ...caller, subject: `${PAIRWISE_SUBJECT_PREFIX}${audience}-name` }),
  }).around(
    personScreen(people, () => ['labs', 'guilds']),
    () => ['labs', 'guilds'],
  );
  const member = signedIn(MEMBER);
  const list = (subgraph: string, caller: Caller | undefined, query = '{ labsMembers { totalCount } }'): SubgraphCall => ({
    subgraph,
    body: JSON.stringify({ query }),
    ...(caller ? { caller } : {}),
  });

  /** Whether the call goes with its caller as they are (the person screen may still check the answer). */
  const toldAsIs = async (call: SubgraphCall) => {
    const screened = await screen(call);
    return screened === undefined || screened.call?.caller === call.caller;
  };

  beforeAll(() => people.warm(['labs', 'guilds']));

  it('tells a registry that holds the person, staff, services and anonymous callers as they are', async () => {
    expect(await toldAsIs(list('labs', member))).toBe(true);
    expect(await toldAsIs(list('guilds', undefined))).toBe(true);
    expect(await toldAsIs(list('guilds', signedIn('registrar@guilds')))).toBe(true);
    // A registry that keeps a record of someone (not a member) is told who they are: its own-record rule needs it.
    expect(await toldAsIs(list('guilds', signedIn(SEATED)))).toBe(true);
    expect((await screen(list('labs', signedIn(SEATED))))!.call!.caller!.subject).toBe(`${PAIRWISE_SUBJECT_PREFIX}labs-name`);
  });

  it('tells a registry that does not hold them their pairwise name, the call otherwise as it was', async () => {
    const first = (await screen(list('guilds', member)))!;
    expect(first.call!.caller).toEqual({ authenticated: true, subject: `${PAIRWISE_SUBJECT_PREFIX}guilds-name`, scopes: ['personal:read'] });
    expect(first.call!.body).toBe(list('guilds', member).body);
    const reply: SubgraphReply = syntheticReply(URL, { data: { ok: true } });
    expect(first.answer(reply, URL)).toBe(reply);
    // A subject that holds the code among other text (an identity provider's prefix) is screened as the code.
    expect((await screen(list('guilds', signedIn(`ir:${MEMBER}`))))!.call!.caller!.subject).toBe(`${PAIRWISE_SUBJECT_PREFIX}guilds-name`);
    // A longer number that holds the code is not the code.
    const licence = (await screen(list('guilds', member, `{ guildsUnit(licenceNumber: "9${MEMBER}") { id } }`)))!;
    expect(licence.call!.caller!.subject).toBe(`${PAIRWISE_SUBJECT_PREFIX}guilds-name`);
  });

  it("tells a subgraph that is no registry (registry: false) a person's pairwise name, never their code, but where its fetch names the code or a change goes to it", async () => {
    const stats = (await screen(list('stats', member, '{ nursesStatistics { total } }')))!;
    expect(stats.call!.caller).toEqual({ authenticated: true, subject: `${PAIRWISE_SUBJECT_PREFIX}stats-name`, scopes: ['personal:read'] });
    expect(stats.call!.body).toBe(list('stats', member, '{ nursesStatistics { total } }').body);
    expect(await toldAsIs(list('stats', member, `{ nurseByCode(nationalCode: "${MEMBER}") { total } }`))).toBe(true);
    expect((await screen(list('stats', member, 'mutation { recordNurseVisit { id } }')))?.call?.caller ?? member).toBe(member);
    expect(await toldAsIs(list('stats', signedIn('registrar@stats')))).toBe(true);
    expect(await toldAsIs(list('stats', undefined))).toBe(true);
  });

  it('tells them as they are where the fetch names them already, and where a change goes', async () => {
    const me = `{ _entities(representations: [{__typename: "Person", nationalCode: "${MEMBER}"}]) { __typename } }`;
    expect(await toldAsIs(list('guilds', member, me))).toBe(true);
    const change = (await screen(list('guilds', member, 'mutation { upsertGuildsMember { fullName } }')))!;
    expect(change.call!.caller).toBe(member);
  });

  it('renames the caller of a fetch the person screen changed, and keeps its answer', async () => {
    const query = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Person{__typename nationalCode guilds{fullName}}}}';
    const call: SubgraphCall = {
      subgraph: 'labs',
      caller: signedIn(STRANGER),
      body: JSON.stringify({
        query,
        variables: {
          representations: [
            { __typename: 'Person', nationalCode: MEMBER },
            { __typename: 'Person', nationalCode: withIranianCheckDigit('006123403') },
          ],
        },
      }),
    };
    const screened = (await screen(call))!;
    expect(screened.call!.caller!.subject).toBe(`${PAIRWISE_SUBJECT_PREFIX}labs-name`);
    expect((JSON.parse(screened.call!.body) as { variables: { representations: unknown[] } }).variables.representations).toEqual([{ __typename: 'Person', nationalCode: MEMBER }]);
    const answer = await screened.answer(syntheticReply(URL, { data: { _entities: [{ __typename: 'Person', nationalCode: MEMBER, guilds: null }] } }), URL);
    expect((JSON.parse(answer.text) as { data: { _entities: unknown[] } }).data._entities).toHaveLength(2);
  });

  it("waits for lists not read yet, and tells a registry whose lists cannot be read no one's code", async () => {
    const unread = new KnownPeople(
      new RegistryMembership({
        count: async (registry) => {
          if (registry === 'guilds') throw new Error('unreachable');
          return 1;
        },
        codes: async () => [MEMBER],
      }),
      new RegistryMembership({ count: async () => 0, codes: async () => [] }),
    );
    const cold = new SubjectScreen(unread, { pairwiseCaller: (caller, audience) => Object.freeze({ ...caller, subject: `${PAIRWISE_SUBJECT_PREFIX}${audience}-name` }) }).around(
      () => undefined,
      () => ['labs', 'guilds'],
    );
    expect(await cold(list('labs', member))).toBeUndefined();
    expect((await cold(list('guilds', member)))!.call!.caller!.subject).toBe(`${PAIRWISE_SUBJECT_PREFIX}guilds-name`);
  });
});
