import { RunningGateway, startGateway } from '../../gateway/gateway';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { AUDITORS_CREDENTIAL_KINDS } from '../../subgraphs/auditors/credential-kinds';
import { ENGINEERING_CREDENTIAL_KINDS } from '../../subgraphs/engineering/credential-kinds';
import { GUILDS_CREDENTIAL_KINDS } from '../../subgraphs/guilds/credential-kinds';
import { LABS_CREDENTIAL_KINDS } from '../../subgraphs/labs/credential-kinds';
import { testToken } from '../support/auth';
import { GraphQLResponse, postGraphQL } from '../support/graph';
import { freshDatabaseName, storesUnderTest } from '../support/stores';
import { OutageStore } from '../support/outage-store';
import { SubgraphFleet } from '../support/subgraph-fleet';

/**
 * One registry down, each in turn (its subgraph stopped, or its database gone under a running
 * subgraph), under operations that read every cross-registry field and plain fields of every
 * registry: the others' data stands, what the down registry serves is null with an error at its
 * path, the lists merged from every registry answer the rest (with one error each for the missing
 * part), and no error carries network text.
 */

const REGISTRIES: DemoRegistryKey[] = ['labs', 'auditors', 'engineering', 'guilds'];
/** The kinds each registry declares in its own folder. */
const CREDENTIAL_KINDS = { labs: LABS_CREDENTIAL_KINDS, auditors: AUDITORS_CREDENTIAL_KINDS, engineering: ENGINEERING_CREDENTIAL_KINDS, guilds: GUILDS_CREDENTIAL_KINDS };
const LISTS = ['jointProjects', 'meetings', 'resolutions', 'overdueResolutions', 'credentials'] as const;
const PEOPLE = { tajik: SEED_PEOPLE.saeedTajik.nationalCode /* labs and auditors */, builder: '3110294702' /* engineering and guilds */ };
const SHARED = { labsAndAuditors: ['labs', 'auditors'], engineeringAndGuilds: ['engineering', 'guilds'] } as const;

const PERSON = 'fullName registries labs { fullName } auditors { fullName } engineering { fullName } guilds { fullName }';
const ORGANISATIONS = REGISTRIES.map((r) => `${r}Organisations(first: 3) { totalCount nodes { id name } }`).join('\n');
/** Two operations (the gateway takes at most 10 root fields in one): the cross-registry fields, then plain fields of every registry. */
const ACROSS = `query Across($tajik: String!, $builder: String!) {
  tajik: person(nationalCode: $tajik) { ${PERSON} }
  builder: person(nationalCode: $builder) { ${PERSON} }
  jointProjects(first: 100) {
    totalCount pageInfo { hasNextPage }
    nodes { id title kind status dueDate { iso } registries lead { id name } cooperating { id name } members { position } }
  }
  meetings(first: 100) { totalCount pageInfo { hasNextPage } nodes { id } }
  resolutions(first: 100) { totalCount pageInfo { hasNextPage } nodes { id } }
  overdueResolutions(first: 100, asOf: "2030-01-01") { totalCount pageInfo { hasNextPage } nodes { id } }
  credentials(first: 100) { totalCount pageInfo { hasNextPage } nodes { id registry } }
  labsAndAuditors: sharedMembers(registries: [LABS, AUDITORS], first: 3) { nodes { nationalCode } }
  engineeringAndGuilds: sharedMembers(registries: [ENGINEERING, GUILDS], first: 3) { nodes { nationalCode } }
}`;
const PLAIN = `query Plain($other: Registry!, $otherKind: CredentialKind!) {
  ${ORGANISATIONS}
  otherMeetings: meetings(registry: $other) { totalCount nodes { id } }
  otherCredentials: credentials(kind: $otherKind, first: 5) { totalCount nodes { id } }
  guildElections(first: 2) { totalCount nodes { id } }
  labsMembers(first: 2) { nodes { fullName registries } }
}`;

type Organisation = { id: string; name: string | null };
type Person = { fullName: string | null; registries: string[] | null } & Partial<Record<DemoRegistryKey, { fullName: string } | null>>;
type Project = {
  id: string;
  title: string | null;
  kind: string | null;
  status: string | null;
  dueDate: unknown;
  registries: string[] | null;
  lead: Organisation | null;
  cooperating: Organisation[];
  members: unknown[];
};
type List<T = { id: string }> = { totalCount: number; pageInfo: { hasNextPage: boolean }; nodes: T[] };
type IdList = List;
type Answer = Record<string, unknown> & {
  tajik: Person;
  builder: Person;
  jointProjects: List<Project>;
  credentials: IdList;
  labsMembers: { nodes: { fullName: string; registries: string[] | null }[] } | null;
};

const ofRegistry = (registry: DemoRegistryKey) => (item: { id: string }) => item.id.startsWith(`${registry}:`);
const notOf = (registry: DemoRegistryKey) => (item: { id: string }) => !ofRegistry(registry)(item);
const key = (path: readonly (string | number)[]) => JSON.stringify(path);

/** Another registry than `registry`, and a kind of credential it keeps: lists filtered to them do not need `registry`. */
function otherThan(registry: DemoRegistryKey) {
  const other = REGISTRIES[(REGISTRIES.indexOf(registry) + 1) % REGISTRIES.length]!;
  return { other: other.toUpperCase(), otherKind: Object.keys(CREDENTIAL_KINDS[other])[0]! };
}

/** Both operations' answers as one (the filtered lists leaving `down` out): their data merged, their errors together. */
async function everything(url: string, headers: Record<string, string>, down: DemoRegistryKey): Promise<GraphQLResponse<Answer>> {
  const [across, plain] = await Promise.all([postGraphQL<Answer>(url, ACROSS, PEOPLE, headers), postGraphQL<Answer>(url, PLAIN, otherThan(down), headers)]);
  const errors = [...(across.errors ?? []), ...(plain.errors ?? [])];
  return {
    status: Math.max(across.status, plain.status),
    ...(across.data === undefined && plain.data === undefined ? {} : { data: (across.data && plain.data ? { ...across.data, ...plain.data } : null) as Answer }),
    ...(errors.length > 0 ? { errors } : {}),
  };
}

/** Every credential id, in list order, read page by page with every registry up. */
async function allCredentialIds(url: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: GraphQLResponse<{ credentials: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string }[] } }> = await postGraphQL(
      url,
      'query ($after: String) { credentials(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }',
      { after },
    );
    expect(page.errors).toBeUndefined();
    ids.push(...page.data!.credentials.nodes.map((n) => n.id));
    if (!page.data!.credentials.pageInfo.hasNextPage) return ids;
    after = page.data!.credentials.pageInfo.endCursor;
  }
}

describe.each(storesUnderTest())('one registry down, on $name', ({ open, skipReason }) => {
  const run = open ? it : it.skip;
  if (!open) it.skip(`skipped: ${skipReason}`, () => undefined);

  const databases = new Map<DemoRegistryKey, string>();
  const stores = new Map<DemoRegistryKey, OutageStore>();
  const fleet = new SubgraphFleet(async (registry) => {
    if (!databases.has(registry)) databases.set(registry, freshDatabaseName(`registry_${registry}`));
    const store = new OutageStore(await open!(databases.get(registry)!));
    stores.set(registry, store);
    return store;
  });
  /** The ways a registry goes down, and the code its own fields' errors carry then (the directory's always say SUBGRAPH_UNAVAILABLE). */
  const OUTAGES = {
    'its subgraph stopped': { ownCode: 'SUBGRAPH_UNAVAILABLE', takeDown: (r: DemoRegistryKey) => fleet.stop(r), bringBack: (r: DemoRegistryKey) => fleet.start(r) },
    'its database gone': {
      ownCode: 'DATABASE_UNAVAILABLE',
      takeDown: async (r: DemoRegistryKey) => void (stores.get(r)!.down = true),
      bringBack: async (r: DemoRegistryKey) => void (stores.get(r)!.down = false),
    },
  };
  type Outage = keyof typeof OUTAGES;
  const CASES = (Object.keys(OUTAGES) as Outage[]).flatMap((outage) => REGISTRIES.map((registry) => [registry, outage] as const));
  let gateway: RunningGateway;
  let headers: Record<string, string>;
  let baseline: Answer;
  let credentialIds: string[];

  beforeAll(async () => {
    if (!open) return;
    process.env.LOG_LEVEL = 'silent';
    await fleet.startAll();
    gateway = await startGateway({ port: 0, host: '127.0.0.1', subgraphs: fleet.endpoints(), startupTimeoutMs: 10_000, subgraphTimeoutMs: 5_000 });
    headers = { authorization: `Bearer ${await testToken([PERSONAL_READ_SCOPE])}` };
    const answer = await everything(gateway.url, headers, 'labs');
    expect(answer.errors).toBeUndefined();
    baseline = answer.data!;
    credentialIds = await allCredentialIds(gateway.url);
  });
  afterAll(async () => {
    await gateway?.stop();
    await fleet.stopAll();
    const candidate = storesUnderTest().find((s) => s.open === open);
    for (const name of databases.values()) await candidate?.drop?.(name);
  });

  run('has every registry in the baseline, so each one down takes something away', () => {
    for (const registry of REGISTRIES) {
      expect(baseline.jointProjects.nodes.some(ofRegistry(registry)) || baseline.credentials.nodes.some(ofRegistry(registry))).toBe(true);
      expect((baseline[`${registry}Organisations`] as IdList).nodes.length).toBeGreaterThan(0);
    }
    for (const list of LISTS) expect((baseline[list] as IdList).nodes.length).toBeGreaterThan(0);
    // The lists fit on one page (except credentials, read whole above), so what one registry takes away is known.
    for (const list of LISTS.filter((l) => l !== 'credentials')) expect((baseline[list] as IdList).pageInfo.hasNextPage).toBe(false);
    expect(baseline.tajik.registries).toEqual(['LABS', 'AUDITORS']);
    expect(baseline.builder.registries).toEqual(['ENGINEERING', 'GUILDS']);
  });

  describe.each(CASES)('with %s down: %s', (down, outage) => {
    const { ownCode, takeDown, bringBack } = OUTAGES[outage];
    let answer: GraphQLResponse<Answer>;
    let data: Answer;
    /** A meeting looked up by an id of the down registry: whether it holds one cannot be told. */
    let lookup: GraphQLResponse<{ meeting: unknown }>;
    /** The same with every registry up, for the lists filtered to another registry. */
    let before: Answer;
    /** The paths the errors are expected at, filled by the tests below; the last test checks there are no others. */
    const expected = new Set<string>();
    const errorsAt = (path: (string | number)[]) => (answer.errors ?? []).filter((e) => key(e.path ?? []) === key(path));
    /** One error at `path`, naming the down registry, with the directory's code (or `code`: the registry's own fields'). */
    const expectError = (path: (string | number)[], extra: Record<string, unknown> = {}, code = 'SUBGRAPH_UNAVAILABLE') => {
      expected.add(key(path));
      const errors = errorsAt(path);
      expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code, ...extra }) })]);
      expect(errors[0]!.extensions!.subgraph ?? errors[0]!.extensions!.serviceName).toBe(down);
    };
    const expectOwnError = (path: (string | number)[]) => expectError(path, {}, ownCode);

    beforeAll(async () => {
      if (!open) return;
      before = (await everything(gateway.url, headers, down)).data!;
      await takeDown(down);
      try {
        answer = await everything(gateway.url, headers, down);
        lookup = await postGraphQL(gateway.url, `{ meeting(id: "${down}:any-series/0001") { id } }`, undefined, headers);
      } finally {
        await bringBack(down);
      }
      data = answer.data!;
    });

    run('keeps the answer: the other registries’ plain fields as they were, its own null with an error at their path', () => {
      expect(answer.status).toBe(200);
      expect(data).not.toBeNull();
      for (const registry of REGISTRIES.filter((r) => r !== down)) {
        expect(data[`${registry}Organisations`]).toEqual(baseline[`${registry}Organisations`]);
      }
      expect(data[`${down}Organisations`]).toBeNull();
      expectOwnError([`${down}Organisations`]);
      if (down === 'guilds') {
        expect(data.guildElections).toBeNull();
        expectOwnError(['guildElections']);
      } else expect(data.guildElections).toEqual(baseline.guildElections);
    });

    run('answers a meeting of it by id with null and an error saying whether it exists cannot be told', () => {
      expect(lookup.data).toEqual({ meeting: null });
      expect(lookup.errors).toEqual([expect.objectContaining({ path: ['meeting'], extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: down }) })]);
      expect(lookup.errors![0]!.message).toContain(`Whether the ${down} registry holds ${down}:any-series/0001 cannot be told`);
    });

    run('answers a person from the registries that answered; registries, which cannot be partial, fails alone', () => {
      for (const alias of ['tajik', 'builder'] as const) {
        const person = data[alias];
        const before = baseline[alias];
        for (const registry of REGISTRIES.filter((r) => r !== down)) expect(person[registry]).toEqual(before[registry]);
        expect(person[down]).toBeNull();
        expectOwnError([alias, down]);
        expect(person.registries).toBeNull();
        expectError([alias, 'registries']);
        // Each is in two registries with one spelling, so the one that answered gives the same name.
        expect(person.fullName).toBe(before.fullName);
      }
      if (down === 'labs') {
        expect(data.labsMembers).toBeNull();
        expectOwnError(['labsMembers']);
      } else {
        expect(data.labsMembers!.nodes.map((n) => n.fullName)).toEqual(baseline.labsMembers!.nodes.map((n) => n.fullName));
        data.labsMembers!.nodes.forEach((node, i) => {
          const known = baseline.labsMembers!.nodes[i]!.registries!;
          // The gateway knows whom each registry holds (gateway/membership): one the down registry does not hold is asked of it for nothing,
          // so their registries are whole, unless the down registry failed outright in the same request (then none of its parts is trusted).
          if (!known.includes(down.toUpperCase()) && node.registries !== null) expect(node.registries).toEqual(known);
          else {
            expect(node.registries).toBeNull();
            expectError(['labsMembers', 'nodes', i, 'registries']);
          }
        });
      }
    });

    run('answers every cross-registry list with the other registries’ part, and one error for the missing one', () => {
      for (const list of LISTS.filter((l) => l !== 'credentials')) {
        const kept = (baseline[list] as IdList).nodes.filter(notOf(down));
        expect((data[list] as IdList).nodes.map((n) => n.id)).toEqual(kept.map((n) => n.id));
        expect((data[list] as IdList).totalCount).toBe(kept.length);
        expect((data[list] as IdList).pageInfo.hasNextPage).toBe(false);
        expectError([list], { partial: true });
      }
      const keptCredentials = credentialIds.filter((id) => !id.startsWith(`${down}:`));
      expect(data.credentials.totalCount).toBe(keptCredentials.length);
      expect(data.credentials.nodes.map((n) => n.id)).toEqual(keptCredentials.slice(0, 100));
      expectError(['credentials'], { partial: true });
    });

    run('answers a list filtered to another registry whole, without an error', () => {
      expect((before.otherMeetings as IdList).totalCount + (before.otherCredentials as IdList).totalCount).toBeGreaterThan(0);
      expect(data.otherMeetings).toEqual(before.otherMeetings);
      expect(data.otherCredentials).toEqual(before.otherCredentials);
      expect(errorsAt(['otherMeetings'])).toEqual([]);
      expect(errorsAt(['otherCredentials'])).toEqual([]);
    });

    run('answers each remaining joint project from its lead, with the fields that need every registry failing alone', () => {
      data.jointProjects.nodes.forEach((project, i) => {
        const before = baseline.jointProjects.nodes.find((p) => p.id === project.id)!;
        const at = ['jointProjects', 'nodes', i];
        expect({ ...project, registries: null, cooperating: null }).toEqual({ ...before, registries: null, cooperating: null });
        expect(project.registries).toBeNull();
        expectError([...at, 'registries']);
        // The cooperating organisations the others record, without a name where the stopped registry keeps it.
        expectError([...at, 'cooperating'], { partial: true });
        project.cooperating.forEach((organisation, j) => {
          expect(before.cooperating.map((o) => o.id)).toContain(organisation.id);
          if (ofRegistry(down)(organisation)) {
            expect(organisation.name).toBeNull();
            expectError([...at, 'cooperating', j, 'name']);
          } else expect(organisation).toEqual(before.cooperating.find((o) => o.id === organisation.id));
        });
      });
    });

    run('refuses the shared members of a pair it is in, alone, and answers the other pair', () => {
      for (const [alias, pair] of Object.entries(SHARED)) {
        if ((pair as readonly DemoRegistryKey[]).includes(down)) {
          expect(data[alias]).toBeNull();
          expectError([alias]);
        } else expect(data[alias]).toEqual(baseline[alias]);
      }
    });

    run('gives errors that each have a path, a code and the registry, no network text, and no others', () => {
      for (const error of answer.errors ?? []) {
        expect(error.path?.length).toBeGreaterThan(0);
        expect([ownCode, 'SUBGRAPH_UNAVAILABLE']).toContain(error.extensions?.code);
        expect(error.extensions!.subgraph ?? error.extensions!.serviceName).toBe(down);
        expect(JSON.stringify(error)).not.toMatch(/ECONNREFUSED|ECONNRESET|fetch failed|127\.0\.0\.1|localhost|:\d{4,5}\b/);
      }
      expect(expected.size).toBeGreaterThan(0);
      expect([...new Set((answer.errors ?? []).map((e) => key(e.path ?? [])))].sort()).toEqual([...expected].sort());
    });
  });
});
