import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { build } from '../../scripts/build';
import { testToken } from '../support/auth';
import { postGraphQL } from '../support/graph';
import { SubgraphFleet } from '../support/subgraph-fleet';

/**
 * The gateway and a subgraph started as their container images start them (see the Dockerfile and
 * tests/deploy/dockerfile.test.ts): the
 * code compiled by `npm run build`, only `dist/shared` and the service's own `dist/<service>`, with
 * the production dependencies alone, in an application folder nobody may write, `node main.js` (a link to the service's entry point) run
 * directly, as an unprivileged user whose one writable folder is the image's cache folder. No
 * container engine runs here, so this is how the images' start is tested.
 */

const ROOT = join(__dirname, '..', '..');

/** How this test becomes an unprivileged user: the command prefix, and its uid and gid; or why it cannot. */
function unprivilegedUser(): { prefix: string[]; uid: number; gid: number } | string {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid === undefined || gid === undefined) return 'this platform has no user ids';
  if (uid !== 0) return { prefix: [], uid, gid }; // already unprivileged: chmod a-w binds this user too
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const [nobody, nobodyGroup] = [id('-u'), id('-g')];
  if (!Number.isInteger(nobody) || nobody === 0) return 'the tests run as root and there is no user "nobody" to run the services as';
  const has = (command: string) => spawnSync(command, ['--help'], { stdio: 'ignore' }).status === 0;
  if (has('setpriv')) return { prefix: ['setpriv', `--reuid=${nobody}`, `--regid=${nobodyGroup}`, '--clear-groups'], uid: nobody, gid: nobodyGroup };
  if (has('runuser')) return { prefix: ['runuser', '-u', 'nobody', '--'], uid: nobody, gid: nobodyGroup };
  return 'the tests run as root and neither setpriv nor runuser (util-linux) is installed to drop to an unprivileged user';
}

const user = unprivilegedUser();
const skipped = typeof user === 'string' ? user : undefined;
if (skipped) process.stderr.write(`\nimage-run suite skipped: ${skipped}\n`);

/** A service process and its log lines (JSON, as pino writes them). */
interface ServiceProcess {
  child: ChildProcess;
  lines: { level: string; msg: string }[];
  exited: Promise<number | null>;
  /** The first message matching `pattern` (waiting for it), or a failure with the log so far when the process exits first. */
  message(pattern: RegExp): Promise<RegExpExecArray>;
}

function startService(app: string, env: Record<string, string>): ServiceProcess {
  const { prefix } = user as Exclude<typeof user, string>;
  const [command, ...args] = [...prefix, process.execPath, '--enable-source-maps', 'main.js'];
  const child = spawn(command, args, {
    cwd: app,
    // The image's environment, with the test's secrets; no HOME, and a temporary folder nobody may write.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      HOME: '/nonexistent',
      TMPDIR: app,
      CURSOR_SECRET: IMAGE_CURSOR_SECRET,
      SUBGRAPH_X25519_KEY: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: ServiceProcess['lines'] = [];
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    const complete = text.split('\n');
    text = complete.pop()!;
    for (const line of complete) if (line.trim()) lines.push(JSON.parse(line) as { level: string; msg: string });
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve((exitCode = code))));
  const message = async (pattern: RegExp) => {
    for (;;) {
      for (const line of lines) {
        const match = pattern.exec(line.msg);
        if (match) return match;
      }
      if (exitCode !== undefined) throw new Error(`exited (${exitCode}) before logging ${pattern}:\n${lines.map((l) => l.msg).join('\n')}\n${errors}`);
      await new Promise((wait) => setTimeout(wait, 25));
    }
  };
  return { child, lines, exited, message };
}

/**
 * The packages `npm ci --omit=dev` installs (package-lock.json's top-level entries not marked `dev`),
 * linked into `nodeModules` from this checkout's: the compiled code finds no development dependency.
 */
function linkProductionDependencies(nodeModules: string): void {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.slice('node_modules/'.length);
    if (!path.startsWith('node_modules/') || name.includes('/node_modules/') || entry.dev) continue;
    const installed = join(ROOT, path);
    if (!existsSync(installed)) continue; // an optional package for another platform
    mkdirSync(dirname(join(nodeModules, name)), { recursive: true });
    symlinkSync(realpathSync(installed), join(nodeModules, name));
  }
}

/** An image's application folder: package.json, the production node_modules, `dist/shared`, the service's `dist/<service>`, and `main.js` linking to its entry point. */
function imageFolder(folder: string, built: string, service: string): string {
  mkdirSync(join(folder, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(folder, 'package.json'));
  linkProductionDependencies(join(folder, 'node_modules'));
  for (const part of ['shared', service]) cpSync(join(built, part), join(folder, 'dist', part), { recursive: true });
  symlinkSync(`dist/${service}/main.js`, join(folder, 'main.js'));
  // The application folder is read-only, as root's /app is to the image's user.
  expect(spawnSync('chmod', ['-R', 'a-w', folder]).status).toBe(0);
  return folder;
}

/** As an operator sets it: without one, each service warns that its cursors do not survive a restart. */
const IMAGE_CURSOR_SECRET = 'a-cursor-secret-for-the-image-run-test-only';

const PERSON = `{ person(nationalCode: "${SEED_PEOPLE.saeedTajik.nationalCode}") { fullName labs { fullName } auditors { fullName } } }`;

/** A person is looked up by national code with `personal:read`. */
const reader = async (): Promise<Record<string, string>> => ({ authorization: `Bearer ${await testToken(['personal:read'])}` });

(skipped ? describe.skip : describe)(`the gateway and a subgraph as their images run them${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  const { uid, gid } = user as Exclude<typeof user, string>;
  const others = new SubgraphFleet();
  const services: ServiceProcess[] = [];
  let folder: string;
  let gatewayApp: string;
  let labsApp: string;
  let cacheFolder: string;
  let labs: ServiceProcess;
  let gateway: ServiceProcess;
  let gatewayUrl: string;
  const gatewayEnvironment: Record<string, string> = {};

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    folder = mkdtempSync(join(tmpdir(), 'registries-image-'));
    chmodSync(folder, 0o755);
    build(join(folder, 'build', 'dist'));
    gatewayApp = imageFolder(join(folder, 'gateway'), join(folder, 'build', 'dist'), 'gateway');
    labsApp = imageFolder(join(folder, 'labs'), join(folder, 'build', 'dist'), 'subgraphs/labs');
    // The image's one writable folder (/var/cache/registries), the user's own.
    cacheFolder = join(folder, 'cache');
    mkdirSync(cacheFolder);
    chownSync(cacheFolder, uid, gid);

    labs = startService(labsApp, { LABS_PORT: '0' });
    services.push(labs);
    const labsUrl = (await labs.message(/serving at (http\S+)/))[1]!;
    for (const key of ['auditors', 'engineering', 'guilds'] as DemoRegistryKey[]) await others.start(key);
    const config = join(folder, 'supergraph.yaml');
    const routing = { labs: labsUrl, auditors: others.url('auditors'), engineering: others.url('engineering'), guilds: others.url('guilds') };
    writeFileSync(config, stringify({ subgraphs: Object.fromEntries(Object.entries(routing).map(([name, url]) => [name, { routing_url: url }])) }));
    Object.assign(gatewayEnvironment, { GATEWAY_PORT: '0', SUPERGRAPH_CONFIG: config, SUPERGRAPH_POLL_MS: '0' });
    gateway = startService(gatewayApp, { ...gatewayEnvironment, SUPERGRAPH_CACHE: join(cacheFolder, 'supergraph.graphql') });
    services.push(gateway);
    gatewayUrl = (await gateway.message(/gateway ready at (http\S+)/))[1]!;
  }, 180_000);

  afterAll(async () => {
    for (const service of services) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await others.stopAll();
    if (folder) {
      spawnSync('chmod', ['-R', 'u+w', folder]);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('answers a query through the compiled gateway, with fields from the compiled subgraph', async () => {
    const answer = await postGraphQL<{ person: { fullName: string; labs: { fullName: string }; auditors: { fullName: string } } }>(gatewayUrl, PERSON, undefined, await reader());
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.person).toEqual({ fullName: 'سعید تاجیک', labs: { fullName: 'سعید تاجیک' }, auditors: { fullName: 'سعید تاجیک' } });
    const ready = await fetch(gatewayUrl.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
  });

  it('serves the playground and its files from the compiled folder', async () => {
    const page = await (await fetch(gatewayUrl.replace('/graphql', '/playground'))).text();
    const asset = /src="([^"]+playground\.js)"/.exec(page)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(new URL(asset!, gatewayUrl));
    expect(script.status).toBe(200);
  });

  it('runs as the unprivileged user, unable to write the application folder, and writes its supergraph cache in the writable folder', () => {
    const cache = join(cacheFolder, 'supergraph.graphql');
    expect(existsSync(cache)).toBe(true);
    expect(statSync(cache).uid).toBe(uid);
    expect(readdirSync(cacheFolder)).toEqual(['supergraph.graphql']);
    // The subgraph writes nothing; neither service left anything in its application folder.
    for (const app of [gatewayApp, labsApp]) expect(readdirSync(app).sort()).toEqual(['dist', 'main.js', 'node_modules', 'package.json']);
    expect(gateway.lines.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
    expect(labs.lines.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
  });

  it('warns, and serves on, when its supergraph cache is in the read-only application folder', async () => {
    // No SUPERGRAPH_CACHE: the default, dist/.cache/supergraph.graphql, which this user cannot write.
    const second = startService(gatewayApp, gatewayEnvironment);
    services.push(second);
    const url = (await second.message(/gateway ready at (http\S+)/))[1]!;
    const warning = second.lines.find((line) => /cannot write the supergraph cache/.test(line.msg));
    expect(warning).toMatchObject({ level: 'warn' });
    expect(warning!.msg).toMatch(/EACCES/);
    const answer = await postGraphQL<{ person: { labs: { fullName: string } } }>(url, PERSON, undefined, await reader());
    expect(answer.data!.person.labs).toEqual({ fullName: 'سعید تاجیک' });
  });

  it('stops cleanly on SIGTERM, which reaches node itself', async () => {
    for (const service of [labs, gateway]) {
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(service.lines.some((line) => /^stopping/.test(line.msg))).toBe(true);
    }
  });
});
