import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { useTestSecrets } from '../support/auth';
import { askSubgraph, postGraphQL } from '../support/graph';
import { copyOfRepository, eventually, freePort, REPOSITORY_ROOT as ROOT, runNode as run, runScript } from '../support/repository-copy';

const NAME = 'nurses';
const TITLE = 'انجمن صنفی پرستاران';

const script = (cwd: string, file: string, args: string[]) => runScript(cwd, file, args);

/** The files the scaffold edits besides its own. */
const WATCHED = ['gateway/supergraph.yaml', 'package.json', 'docker-compose.yml'];

describe('npm run new-subgraph, in a temporary copy of the repository', () => {
  let copy: string;
  let subgraph: ChildProcess | undefined;

  beforeAll(() => {
    useTestSecrets();
    copy = copyOfRepository('new-subgraph-');
  });

  afterAll(async () => {
    if (subgraph && subgraph.exitCode === null) {
      const exited = new Promise((resolve) => subgraph!.once('exit', resolve));
      subgraph.kill('SIGTERM');
      await exited;
    }
    if (copy) rmSync(copy, { recursive: true, force: true });
    // The repository itself was never touched (other work may change these files meanwhile: only the scaffold's marks are looked for).
    expect(readFileSync(join(ROOT, 'gateway/supergraph.yaml'), 'utf8')).not.toMatch(new RegExp(`^ +${NAME}:`, 'm'));
    expect(readFileSync(join(ROOT, 'package.json'), 'utf8')).not.toContain(`start:${NAME}`);
    expect(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')).not.toMatch(new RegExp(`^ +${NAME}:|${NAME.toUpperCase()}_URL`, 'm'));
    expect(existsSync(join(ROOT, 'subgraphs', NAME))).toBe(false);
    expect(existsSync(join(ROOT, 'tests', 'integration', `${NAME}-subgraph.test.ts`))).toBe(false);
  });

  it('refuses a bad or taken name with a clear error, writing nothing', async () => {
    const before = WATCHED.map((file) => readFileSync(join(copy, file), 'utf8'));
    const refusals: [string[], RegExp][] = [
      [['Nurses'], /lower-case ASCII letters and digits/],
      [['nurse-union'], /lower-case ASCII letters and digits/],
      [['x'], /2 to 30 characters/],
      [['labs'], /already has a subgraph "labs"/],
      [['directory'], /reserved/],
      [[NAME, '--port', '4001'], /port 4001 is taken by labs/],
      [[], /give exactly one name/],
    ];
    for (const [args, message] of refusals) {
      const answer = await script(copy, 'scripts/new-subgraph.ts', args);
      expect({ args, code: answer.code }).toEqual({ args, code: 2 });
      expect(answer.stderr).toMatch(message);
      expect(answer.stderr).toContain('usage: npm run new-subgraph');
    }
    expect(WATCHED.map((file) => readFileSync(join(copy, file), 'utf8'))).toEqual(before);
    expect(existsSync(join(copy, 'subgraphs', NAME))).toBe(false);
  });

  it('scaffolds the subgraph: its files, supergraph config entry, start script and compose service', async () => {
    const original = readFileSync(join(copy, 'docker-compose.yml'), 'utf8');
    const answer = await script(copy, 'scripts/new-subgraph.ts', [NAME, '--title', TITLE, '--speciality', 'پرستاری']);
    expect(answer.stderr).toBe('');
    expect(answer.code).toBe(0);
    for (const file of [
      'schema.graphql',
      'credentials.graphql',
      'credential-kinds.ts',
      'documents.ts',
      'repository.ts',
      'resolvers.ts',
      'context.ts',
      'resolver-types.ts',
      'generated/resolvers-types.ts',
      'demo-data.ts',
      'scale-data.ts',
      'index.ts',
      'main.ts',
    ]) {
      expect(existsSync(join(copy, 'subgraphs', NAME, file))).toBe(true);
    }
    expect(readFileSync(join(copy, 'subgraphs', NAME, 'demo-data.ts'), 'utf8')).toContain(TITLE);
    // Built by the same factory as the founding registries, its key's type flowing from the literal: no cast anywhere.
    expect(readFileSync(join(copy, 'subgraphs', NAME, 'index.ts'), 'utf8')).toContain('defineRegistry({');
    for (const file of readdirSync(join(copy, 'subgraphs', NAME)).filter((name) => name.endsWith('.ts'))) {
      expect({ file, casts: readFileSync(join(copy, 'subgraphs', NAME, file), 'utf8').match(/\bas (unknown|string|RegistryKey)\b/g) }).toEqual({ file, casts: null });
    }
    // Its own deployment unit (validated with the others by tests/deploy, run in this copy below).
    expect(readFileSync(join(copy, 'deploy', NAME, 'docker-compose.yml'), 'utf8')).toContain(`SERVICE: subgraphs/${NAME}`);

    const config = parse(readFileSync(join(copy, 'gateway/supergraph.yaml'), 'utf8')) as { subgraphs: Record<string, { routing_url: string }> };
    expect(config.subgraphs[NAME]).toEqual({ routing_url: 'http://localhost:4005/graphql', registry: { enum_value: 'NURSES', names: { fa: TITLE } } });
    expect(Object.keys(config.subgraphs)).toEqual(['labs', 'auditors', 'engineering', 'guilds', NAME]);
    const scripts = (JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts[`start:${NAME}`]).toBe(`tsx subgraphs/${NAME}/main.ts`);
    const compose = parse(readFileSync(join(copy, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<
        string,
        { build?: { args?: Record<string, string> }; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; ports?: string[] }
      >;
    };
    expect(compose.services[NAME]).toMatchObject({
      build: { args: { SERVICE: `subgraphs/${NAME}` } },
      environment: {
        NURSES_PORT: '4005',
        NURSES_DB: `registry_${NAME}`,
        MONGODB_URI: 'mongodb://mongodb:27017',
        CURSOR_SECRET: expect.stringMatching(/^\$\{CURSOR_SECRET:\?/),
      },
      ports: ['127.0.0.1:4005:4005'],
      depends_on: { mongodb: { condition: 'service_healthy' } },
    });
    expect(compose.services.gateway!.environment!.NURSES_URL).toBe(`http://${NAME}:4005/graphql`);
    expect(compose.services.gateway!.depends_on![NAME]).toEqual({ condition: 'service_healthy' });
    // The rest of the file as it was: the founding services untouched.
    expect(readFileSync(join(copy, 'docker-compose.yml'), 'utf8')).toContain(original.slice(0, original.search(/^ {2}gateway:/m)));

    const again = await script(copy, 'scripts/new-subgraph.ts', [NAME]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already has a subgraph "nurses"/);
  });

  it('composes with the other subgraphs and the directory', async () => {
    const output = join(copy, 'supergraph.graphql');
    const answer = await script(copy, 'scripts/compose.ts', ['--local', '--output', output]);
    expect(answer.stderr).toContain(`from labs, auditors, engineering, guilds, ${NAME} and the directory`);
    expect(answer.code).toBe(0);
    const supergraph = readFileSync(output, 'utf8');
    expect(supergraph).toContain(`@join__graph(name: "${NAME}", url: "http://localhost:4005/graphql")`);
    expect(supergraph).toContain(`${NAME}Members`);
  });

  it('runs on its own: npm run start:nurses serves its schema and demo data', async () => {
    const port = await freePort();
    const env = { ...process.env, MONGODB_URI: '', NURSES_PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
    subgraph = spawn(process.execPath, ['--import', 'tsx', join(copy, 'subgraphs', NAME, 'main.ts')], { cwd: copy, env, stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    await eventually('the nurses subgraph ready', async () => (await fetch(`${url}/ready`)).status === 200);
    // The schema query is open; anything else needs the gateway's assertion (the test key set is in the environment).
    const sdl = await postGraphQL<{ _service: { sdl: string } }>(`${url}/graphql`, '{ _service { sdl } }');
    expect(sdl.data!._service.sdl).toContain('upsertNursesMember');
    // What every registry has: committees, meetings, resolutions, its credential kinds, lists in name order, member codes.
    for (const part of [
      'createNursesCommittee',
      'recordNursesMeeting',
      'type NursesResolution',
      'enum NursesCredentialKind',
      'NURSES_BRANCH_ACCREDITATION',
      'orderBy: PersonOrder',
      '_membersAmong',
      'nurses: CredentialCatalog!',
    ]) {
      expect(sdl.data!._service.sdl).toContain(part);
    }
    const members = await askSubgraph<{ nursesMembers: { totalCount: number } }>(`${url}/graphql`, NAME, '{ nursesMembers { totalCount } }');
    expect(members.data).toEqual({ nursesMembers: { totalCount: 30 } });
    const exited = new Promise<number | null>((resolve) => subgraph!.once('exit', (code) => resolve(code)));
    subgraph.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('passes its generated tests untouched, and the deploy test: docker-compose.yml and gateway/supergraph.yaml still agree', async () => {
    // One jest run for both: each run in the copy compiles the project afresh.
    const answer = await run(
      copy,
      [join(copy, 'node_modules', 'jest', 'bin', 'jest.js'), `tests/integration/${NAME}-subgraph.test.ts`, 'tests/deploy'],
      { ...process.env, MONGODB_SKIP: '1' },
      240_000,
    );
    const output = `${answer.stdout}\n${answer.stderr}`;
    expect(output).toMatch(new RegExp(`PASS tests/integration/${NAME}-subgraph\\.test\\.ts`));
    expect(output).toMatch(/PASS tests\/deploy\/docker-compose\.test\.ts/);
    expect(output).toMatch(/Tests: +\d+ passed, \d+ total/);
    expect(output).not.toMatch(/\d+ failed/);
    expect(answer.code).toBe(0);
  });

  it("type-checks (its own files: the rest of the project is the other tests' business)", async () => {
    // Incremental: the second check, after the misspelling, reads what the first one worked out.
    const tsc = [
      join(copy, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--noEmit',
      '-p',
      'tsconfig.scaffold.json',
      '--incremental',
      '--tsBuildInfoFile',
      join(copy, '.scaffold.tsbuildinfo'),
    ];
    writeFileSync(
      join(copy, 'tsconfig.scaffold.json'),
      JSON.stringify({ extends: './tsconfig.json', include: [`subgraphs/${NAME}`, `tests/integration/${NAME}-subgraph.test.ts`] }),
    );
    const answer = await run(copy, tsc, process.env, 180_000);
    const lines = answer.stdout.split('\n');
    expect(lines.filter((line) => line.includes(`subgraphs/${NAME}/`) || line.includes(`${NAME}-subgraph`))).toEqual([]);
    // tsc itself ran: no error about the configuration or the files to check.
    expect(lines.filter((line) => /^error TS|^tsconfig/.test(line))).toEqual([]);

    // Its resolvers are typed from its schema: a misspelt mutation fails the type check.
    const resolvers = join(copy, 'subgraphs', NAME, 'resolvers.ts');
    const typed = readFileSync(resolvers, 'utf8');
    writeFileSync(resolvers, typed.replace('upsertNursesMember:', 'upsertNursesMembr:'));
    try {
      const misspelt = await run(copy, tsc, process.env, 180_000);
      expect(misspelt.stdout).toMatch(new RegExp(`subgraphs/${NAME}/resolvers\\.ts.*upsertNursesMembr`));
    } finally {
      writeFileSync(resolvers, typed);
    }
  });
});

jest.setTimeout(300_000);
