import { generateKeyPairSync } from 'node:crypto';
import { Caller } from '../../shared/auth/caller';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { personScreen, RegistryMembership, SubjectScreen } from '../../gateway/membership';
import { PAIRWISE_SUBJECT_PREFIX } from '../../gateway/trust';
import { PairwiseSubjects } from '../../gateway/trust/pairwise-subjects';
import { SubgraphCall, SubgraphReply, syntheticReply } from '../../gateway/transport';

const MEMBER = withIranianCheckDigit('006123401');
const STRANGER = withIranianCheckDigit('006123402');
const URL = 'http://127.0.0.1:1/graphql';
const signedIn = (subject: string): Caller => Object.freeze({ authenticated: true, subject, scopes: Object.freeze(['personal:read']) as string[] });

describe('pairwise subjects', () => {
  const key = generateKeyPairSync('ed25519').privateKey;
  const subjects = new PairwiseSubjects(() => key);

  it('name a person the same at one subgraph, differently at each other and under another key, and never by their code', () => {
    const atLabs = subjects.subjectFor(MEMBER, 'labs');
    expect(atLabs).toMatch(new RegExp(`^${PAIRWISE_SUBJECT_PREFIX}[A-Za-z0-9_-]{27}$`));
    expect(atLabs).not.toContain(MEMBER);
    expect(subjects.subjectFor(MEMBER, 'labs')).toBe(atLabs);
    expect(subjects.subjectFor(MEMBER, 'guilds')).not.toBe(atLabs);
    expect(subjects.subjectFor(STRANGER, 'labs')).not.toBe(atLabs);
    expect(new PairwiseSubjects(() => generateKeyPairSync('ed25519').privateKey).subjectFor(MEMBER, 'labs')).not.toBe(atLabs);
  });
});

describe('the subject screen', () => {
  // The labs registry holds MEMBER; guilds holds no one.
  const membership = new RegistryMembership({
    count: async (registry) => (registry === 'labs' ? 1 : 0),
    codes: async (registry) => (registry === 'labs' ? [MEMBER] : []),
  });
  const names: string[] = [];
  const screen = new SubjectScreen(membership, {
    pairwiseSubject: (subject, audience) => {
      names.push(`${subject}@${audience}`);
      return `${PAIRWISE_SUBJECT_PREFIX}${audience}-name`;
    },
  }).around(
    personScreen(membership, () => ['labs', 'guilds']),
    () => ['labs', 'guilds'],
  );
  const member = signedIn(MEMBER);
  const list = (subgraph: string, caller: Caller | undefined, query = '{ labsMembers { totalCount } }'): SubgraphCall => ({
    subgraph,
    body: JSON.stringify({ query }),
    ...(caller ? { caller } : {}),
  });

  beforeAll(() => membership.warm(['labs', 'guilds']));

  it('tells a registry that holds the person, staff, services and anonymous callers as they are', async () => {
    expect(await screen(list('labs', member))).toBeUndefined();
    expect(screen(list('guilds', undefined))).toBeUndefined();
    expect(screen(list('guilds', signedIn('registrar@guilds')))).toBeUndefined();
    expect(screen(list('directory', member))).toBeUndefined();
  });

  it('tells a registry that does not hold them their pairwise name, with their scopes, one frozen caller each', async () => {
    const first = (await screen(list('guilds', member)))!;
    expect(first.call!.caller).toEqual({ authenticated: true, subject: `${PAIRWISE_SUBJECT_PREFIX}guilds-name`, scopes: ['personal:read'] });
    expect(Object.isFrozen(first.call!.caller)).toBe(true);
    expect(first.call!.body).toBe(list('guilds', member).body);
    const reply: SubgraphReply = syntheticReply(URL, { data: { ok: true } });
    expect(first.answer(reply, URL)).toBe(reply);
    const second = (await screen(list('guilds', member)))!;
    expect(second.call!.caller).toBe(first.call!.caller);
    expect(names.filter((name) => name === `${MEMBER}@guilds`)).toHaveLength(1);
  });

  it('tells them as they are where the fetch names them already, and where a change goes', async () => {
    const me = `{ _entities(representations: [{__typename: "Person", nationalCode: "${MEMBER}"}]) { __typename } }`;
    expect(await screen(list('guilds', member, me))).toBeUndefined();
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
    const answer = screened.answer(syntheticReply(URL, { data: { _entities: [{ __typename: 'Person', nationalCode: MEMBER, guilds: null }] } }), URL);
    expect((JSON.parse(answer.text) as { data: { _entities: unknown[] } }).data._entities).toHaveLength(2);
  });
});
