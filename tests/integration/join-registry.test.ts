import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { GATEWAY_JWKS_PATH } from '../../shared/auth/caller-assertion';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { syntheticPeople } from '../../shared/demo/people';
import { runSubgraph } from '../../shared/server/run';
import { RunningSubgraph } from '../../shared/server/subgraph';
import { MemoryStore } from '../../shared/store/memory-store';
import { TEST_AUTH_SECRET, TEST_SIGNING_KEY, testToken, useTestSecrets } from '../support/auth';
import { ALL_SUBGRAPHS, GraphQLResponse, postGraphQL } from '../support/graph';
import { copyOfRepository, eventually, freePort, runScript, ServiceProcess, startService } from '../support/repository-copy';
import { dropDatabases, freshDatabaseName, mongoServerUnderTest } from '../support/stores';

/**
 * The promise of the graph, as a new association's operator and the gateway's operator would keep
 * it: in a temporary copy of the repository, `npm run new-subgraph` scaffolds a fifth association;
 * it runs as its own process, on its own database, holding only the gateway's public key set
 * (fetched from the running gateway); the gateway, a process of its own, is told of it by one entry
 * in its configuration file, with no change to its code and no restart, and its people,
 * organisations, projects, resolutions and credentials appear across registries (the conformance
 * kit having checked it against the registry contract first). Then the entry
 * is removed, and the graph answers as it did before. Once on the embedded store, once on MongoDB.
 */

const NAME = 'nurses';
const TITLE = 'انجمن صنفی پرستاران';
/** A member of the new association only (a valid code none of the demo data holds). */
const NURSE = { nationalCode: '0044556675', fullName: 'زهره کاظمی' };
/** The scaffold's demo people (templates/subgraph/demo-data.ts.tmpl): synthetic people 20 to 49, who are in the labs registry too. */
const SHARED_WITH_LABS = syntheticPeople(20, 50)
  .map((person) => person.nationalCode)
  .sort();

/** What the graph answers before the association joins, and again after it has left. */
const UNCHANGED = {
  registries: '{ registries { registry key names { en } } }',
  registryEnum: '{ __type(name: "Registry") { enumValues { name } } credentialKinds: __type(name: "CredentialKind") { enumValues { name } } }',
  nurse: `{ person(nationalCode: "${NURSE.nationalCode}") { fullName registries } }`,
  projects: '{ jointProjects(first: 100) { totalCount nodes { id registries lead { id name registry } cooperating { id name } } } }',
  overdue: '{ overdueResolutions(asOf: "2026-01-01", first: 100) { totalCount nodes { id } } }',
  credentials: '{ credentials(first: 5, asOf: "2026-01-01") { totalCount nodes { id registry } } }',
  shared: '{ sharedMembers(registries: [LABS, AUDITORS], first: 100) { nodes { nationalCode registries } } }',
  meetings: '{ meetings(first: 100) { totalCount nodes { id } } }',
};

type Answers = Record<keyof typeof UNCHANGED, GraphQLResponse<unknown>>;

describe('a new association joins a running gateway by its configuration alone, and leaves it', () => {
  const founding: RunningSubgraph[] = [];
  let copy: string;
  let configFile: string;
  let gateway: ServiceProcess | undefined;
  let gatewayUrl: string;
  let nurses: ServiceProcess | undefined;
  let entry: Record<string, unknown>;
  let reader: string;
  let admin: string;
  /** The gateway's private key, for the conformance kit (the gateway's operator holds it). */
  let keyFile: string;

  const query = <T>(text: string, variables?: Record<string, unknown>, token = reader): Promise<GraphQLResponse<T>> =>
    postGraphQL<T>(`${gatewayUrl}/graphql`, text, variables, { authorization: `Bearer ${token}` });

  /** The gateway's configuration, written whole and renamed into place, as an operator's editor or a deploy would. */
  function writeConfig(change: (subgraphs: Record<string, unknown>) => void): void {
    const document = parseDocument(readFileSync(configFile, 'utf8'));
    const subgraphs = document.get('subgraphs', true) as { toJSON(): Record<string, unknown> };
    const next = subgraphs.toJSON();
    change(next);
    document.set('subgraphs', next);
    writeFileSync(`${configFile}.next`, document.toString());
    renameSync(`${configFile}.next`, configFile);
  }

  async function answers(): Promise<Answers> {
    const entries = await Promise.all(Object.entries(UNCHANGED).map(async ([name, text]) => [name, await query(text)] as const));
    return Object.fromEntries(entries) as Answers;
  }

  const registriesOfGraph = async () => ((await query<{ registries: { registry: string }[] }>('{ registries { registry } }')).data?.registries ?? []).map((r) => r.registry);

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'silent';
    useTestSecrets();
    reader = await testToken([PERSONAL_READ_SCOPE]);
    admin = await testToken([PERSONAL_READ_SCOPE, `${NAME}:admin`]);
    copy = copyOfRepository('join-registry-');
    keyFile = join(copy, '.gateway-signing-key.pem');
    writeFileSync(keyFile, TEST_SIGNING_KEY);
    const scaffolded = await runScript(copy, 'scripts/new-subgraph.ts', [NAME, '--title', TITLE, '--speciality', 'پرستاری']);
    expect(scaffolded.stderr).toBe('');
    expect(scaffolded.code).toBe(0);

    // The founding four, each on its own store, checking the gateway's assertions (the test key set).
    for (const definition of ALL_SUBGRAPHS) {
      founding.push(await runSubgraph(definition, { port: 0, host: '127.0.0.1', databaseName: `registry_${definition.key}`, seedDemoData: true }, new MemoryStore()));
    }
    // The gateway's configuration: the copy's, the founding four at their URLs; the scaffold's entry set aside for the operator to add.
    configFile = join(copy, 'gateway', 'supergraph.running.yaml');
    const scaffoldedConfig = parseDocument(readFileSync(join(copy, 'gateway', 'supergraph.yaml'), 'utf8'));
    entry = (scaffoldedConfig.getIn(['subgraphs', NAME], true) as { toJSON(): Record<string, unknown> }).toJSON();
    writeFileSync(configFile, readFileSync(join(copy, 'gateway', 'supergraph.yaml'), 'utf8'));
    writeConfig((subgraphs) => {
      delete subgraphs[NAME];
      ALL_SUBGRAPHS.forEach((definition, i) => Object.assign(subgraphs[definition.key] as object, { routing_url: founding[i]!.url }));
    });

    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    gateway = startService(copy, 'gateway/main.ts', {
      PATH: process.env.PATH,
      GATEWAY_PORT: String(port),
      HOST: '127.0.0.1',
      SUPERGRAPH_CONFIG: configFile,
      SUPERGRAPH_POLL_MS: '200',
      SUPERGRAPH_CACHE: join(copy, '.cache', 'supergraph.graphql'),
      GATEWAY_SIGNING_KEY: TEST_SIGNING_KEY,
      AUTH_SECRET: TEST_AUTH_SECRET,
      LOG_LEVEL: 'info',
    });
    await eventually('the gateway ready', async () => (await fetch(`${gatewayUrl}/ready`)).status === 200, 900).catch((error: Error) => {
      throw new Error(`${error.message}\n${gateway?.output()}`);
    });
  });

  afterAll(async () => {
    await nurses?.stop();
    await gateway?.stop();
    await Promise.all(founding.map((subgraph) => subgraph.stop()));
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  const mongo = mongoServerUnderTest();
  const stores: [string, { uri: string } | null][] = [
    ['its own embedded store', null],
    [mongo.uri !== null ? `its own database on ${mongo.description}` : 'MongoDB', mongo.uri !== null ? { uri: mongo.uri } : null],
  ];

  it.each(stores)('on %s', async (storeName, database) => {
    if (storeName === 'MongoDB' && mongo.uri === null) {
      console.warn(`skipped on MongoDB: ${mongo.skipReason}`);
      return;
    }
    const before = await answers();
    for (const answer of Object.values(before)) expect(answer.errors).toBeUndefined();
    expect((before.registries.data as { registries: { registry: string }[] }).registries.map((r) => r.registry)).toEqual(['LABS', 'AUDITORS', 'ENGINEERING', 'GUILDS']);
    expect(before.nurse.data).toEqual({ person: { fullName: null, registries: [] } });
    const unknown = await query('{ sharedMembers(registries: [LABS, NURSES]) { nodes { nationalCode } } }');
    expect(unknown.errors?.[0]?.message).toMatch(/NURSES/);

    // The association's operator runs its subgraph: its own process and database, the gateway's public key set only.
    const databaseName = freshDatabaseName(`registry_${NAME}`);
    const port = await freePort();
    const nursesUrl = `http://127.0.0.1:${port}/graphql`;
    nurses = startService(copy, `subgraphs/${NAME}/main.ts`, {
      PATH: process.env.PATH,
      NURSES_PORT: String(port),
      HOST: '127.0.0.1',
      NURSES_DB: databaseName,
      MONGODB_URI: database?.uri ?? '',
      GATEWAY_JWKS_URL: `${gatewayUrl}${GATEWAY_JWKS_PATH}`,
      LOG_LEVEL: 'info',
    });
    try {
      await eventually('the nurses subgraph ready', async () => (await fetch(`http://127.0.0.1:${port}/ready`)).status === 200, 900).catch((error: Error) => {
        throw new Error(`${error.message}\n${nurses?.output()}`);
      });

      // Before it joins, the kit checks it against the registry contract, signing as the gateway does (docs/registry-contract.md).
      const conformance = await runScript(copy, 'scripts/conformance.ts', [nursesUrl, '--key', NAME, '--signing-key', keyFile]);
      expect(conformance.stdout).toMatch(/^PASSED: /m);
      expect(conformance.code).toBe(0);

      // The gateway's operator hands the gateway its URL: one entry in the configuration, nothing else.
      writeConfig((subgraphs) => {
        subgraphs[NAME] = { ...entry, routing_url: nursesUrl };
      });
      await eventually('NURSES in the graph', async () => (await registriesOfGraph()).includes('NURSES'), 300).catch((error: Error) => {
        throw new Error(`${error.message}\n${gateway?.output().slice(-4000)}`);
      });
      const joined = await query<{ registries: unknown[] }>('{ registries { registry key names { fa } } }');
      expect(joined.data!.registries).toEqual([
        ...(before.registries.data as { registries: { registry: string; key: string }[] }).registries.map(({ registry, key }) => ({ registry, key, names: expect.anything() })),
        { registry: 'NURSES', key: NAME, names: { fa: TITLE } },
      ]);

      // A member of the new association alone: a name and one registry, across the graph.
      const upsert = await query('mutation ($input: UpsertNursesMemberInput!) { upsertNursesMember(input: $input) { fullName } }', { input: NURSE }, admin);
      expect(upsert.errors).toBeUndefined();
      expect((await query(UNCHANGED.nurse)).data).toEqual({ person: { fullName: NURSE.fullName, registries: ['NURSES'] } });

      // Its organisations have their names across the graph (the directory reads them from it).
      const organisations = await query<{ nursesOrganisations: { nodes: { id: string; name: string | null; registry: string }[] } }>(
        '{ nursesOrganisations { nodes { id name registry } } }',
      );
      expect(organisations.errors).toBeUndefined();
      expect(organisations.data!.nursesOrganisations.nodes).toContainEqual({ id: `${NAME}:association`, name: TITLE, registry: 'NURSES' });
      expect(organisations.data!.nursesOrganisations.nodes.every((organisation) => organisation.name)).toBe(true);

      // Shared members across it and labs: the scaffold's demo people, every one in both.
      const shared = await query<{ sharedMembers: { nodes: { nationalCode: string; registries: string[] }[] } }>(
        '{ sharedMembers(registries: [LABS, NURSES], first: 100) { nodes { nationalCode registries } } }',
      );
      expect(shared.errors).toBeUndefined();
      expect(shared.data!.sharedMembers.nodes.map((node) => node.nationalCode)).toEqual(SHARED_WITH_LABS);
      for (const node of shared.data!.sharedMembers.nodes) expect(node.registries).toEqual(expect.arrayContaining(['LABS', 'NURSES']));

      // A committee it leads with the labs association cooperating, once labs consents: in jointProjects(registry: NURSES), and LABS.
      const committee = await query(
        'mutation ($input: CreateCommitteeInput!) { createNursesCommittee(input: $input) { id } }',
        {
          input: {
            id: `${NAME}:committee-care`,
            kind: 'COMMITTEE',
            title: 'کمیته مشترک کیفیت مراقبت',
            mandate: 'تدوین شاخص‌های مشترک کیفیت مراقبت و آزمایش',
            leadOrganisationId: `${NAME}:association`,
            cooperatingOrganisationIds: ['labs:association'],
            dueDate: '2027-03-20',
          },
        },
        admin,
      );
      expect(committee.errors).toBeUndefined();
      // The labs registry speaks for its association: named by the nurses, it takes part once labs records it.
      const consent = await query(
        'mutation ($input: CooperationInput!) { addLabsCooperation(input: $input) { id } }',
        { input: { projectId: `${NAME}:committee-care`, organisationId: 'labs:association' } },
        await testToken(['labs:admin']),
      );
      expect(consent.errors).toBeUndefined();
      type Projects = { jointProjects: { nodes: { id: string; registries: string[]; lead: { id: string; name: string; registry: string }; cooperating: { id: string }[] }[] } };
      const projectsOf = (registry: string) =>
        query<Projects>(`{ jointProjects(registry: ${registry}, first: 100) { nodes { id registries lead { id name registry } cooperating { id } } } }`);
      const ofNurses = await projectsOf('NURSES');
      expect(ofNurses.errors).toBeUndefined();
      expect(ofNurses.data!.jointProjects.nodes).toEqual([
        {
          id: `${NAME}:committee-care`,
          registries: ['LABS', 'NURSES'],
          lead: { id: `${NAME}:association`, name: TITLE, registry: 'NURSES' },
          cooperating: [{ id: 'labs:association' }],
        },
      ]);
      expect((await projectsOf('LABS')).data!.jointProjects.nodes.map((project) => project.id)).toContain(`${NAME}:committee-care`);
      // Labs withdraws its consent (the founding four outlive this store's run): the committee leaves its list.
      const withdrawn = await query(
        'mutation ($input: RemoveCooperationInput!) { removeLabsCooperation(input: $input) { id } }',
        { input: { projectId: `${NAME}:committee-care`, organisationId: 'labs:association' } },
        await testToken(['labs:admin']),
      );
      expect(withdrawn.errors).toBeUndefined();
      expect((await projectsOf('LABS')).data!.jointProjects.nodes.map((project) => project.id)).not.toContain(`${NAME}:committee-care`);

      // A meeting of its own with a resolution the labs association is responsible for, long overdue: among the overdue resolutions.
      const series = await query(
        'mutation ($input: CreateMeetingSeriesInput!) { createNursesMeetingSeries(input: $input) { id } }',
        {
          input: { id: `${NAME}:board-meetings`, title: 'نشست‌های هیئت مدیره', convenorId: `${NAME}:association` },
        },
        admin,
      );
      expect(series.errors).toBeUndefined();
      const meeting = await query(
        'mutation ($input: RecordMeetingInput!) { recordNursesMeeting(input: $input) { id } }',
        {
          input: {
            seriesId: `${NAME}:board-meetings`,
            number: 1,
            hostId: `${NAME}:association`,
            startsOn: '2025-01-10',
            resolutions: [{ text: 'تهیه فهرست آزمایشگاه‌های مرجع برای شعب', responsibleId: 'labs:association', dueDate: '2025-02-01' }],
          },
        },
        admin,
      );
      expect(meeting.errors).toBeUndefined();
      type Overdue = { overdueResolutions: { nodes: { id: string; responsible: { id: string; name: string }; meeting: { host: { name: string } } }[] } };
      const overdue = await query<Overdue>('{ overdueResolutions(asOf: "2026-01-01", first: 100) { nodes { id responsible { id name } meeting { host { name } } } } }');
      expect(overdue.errors).toBeUndefined();
      expect(overdue.data!.overdueResolutions.nodes).toContainEqual({
        id: `${NAME}:board-meetings/0001/r01`,
        responsible: { id: 'labs:association', name: expect.any(String) },
        meeting: { host: { name: TITLE } },
      });
      const ownOverdue = await query<Overdue>('{ overdueResolutions(asOf: "2026-01-01", registry: NURSES) { nodes { id } } }');
      expect(ownOverdue.data!.overdueResolutions.nodes.map((node) => node.id)).toEqual([`${NAME}:board-meetings/0001/r01`]);

      // Its credentials, of the kind it declares in its own folder, in the graph's list.
      const credentials = await query(
        '{ credentials(kind: NURSES_BRANCH_ACCREDITATION, asOf: "2026-01-01") { totalCount nodes { registry status holder { ... on Organisation { id } } } } }',
      );
      expect(credentials).toMatchObject({ data: { credentials: { totalCount: 1, nodes: [{ registry: 'NURSES', status: 'VALID', holder: { id: `${NAME}:branch-shiraz` } }] } } });
      expect(credentials.errors).toBeUndefined();

      // The entry is removed: the association leaves, its value and views with it, and the graph answers as before.
      writeConfig((subgraphs) => {
        delete subgraphs[NAME];
      });
      await eventually('NURSES gone from the graph', async () => !(await registriesOfGraph()).includes('NURSES'), 300);
      const after = await answers();
      expect(after).toEqual(before);
      const gone = await query('{ nursesMembers { totalCount } }');
      expect(gone.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await query('{ jointProjects(registry: NURSES) { totalCount } }')).errors?.[0]?.message).toMatch(/NURSES/);
      // No restart: the gateway process is the one started before the association joined.
      expect(gateway!.child.exitCode).toBeNull();
    } finally {
      await nurses.stop();
      nurses = undefined;
      if (database) await dropDatabases(database.uri, [databaseName]);
    }
  });
});

jest.setTimeout(400_000);
