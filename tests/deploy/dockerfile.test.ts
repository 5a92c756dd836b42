import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { environmentOfStage, readDockerfile, Stage, valuesOf } from '../support/dockerfile';

/**
 * The Dockerfile, read as Docker reads it (no container engine runs here; the image's start is
 * tested by tests/integration/image-run.test.ts, which lays out and runs the services as below).
 */
const root = join(__dirname, '..', '..');
const stages = readDockerfile(join(root, 'Dockerfile'));
const runtime = stages.at(-1)!;
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const runs = (stage: Stage) => valuesOf(stage, 'RUN').join('\n');

describe('the Dockerfile', () => {
  it('compiles in a build stage that has the development dependencies', () => {
    const build = stages.find((stage) => /\bnpm run build\b/.test(runs(stage)));
    expect(build).toBeDefined();
    expect(build).not.toBe(runtime);
    expect(runs(build!)).toMatch(/\bnpm ci\b(?![^\n]*--omit=dev)/);
    expect(scripts.build).toBe('tsx scripts/build.ts');
    expect(readFileSync(join(root, 'scripts', 'build.ts'), 'utf8')).toContain('tsconfig.build.json');
  });

  it('gives the runtime stage the production dependencies only, and the compiled code of the shared folder and of its one service', () => {
    const copies = valuesOf(runtime, 'COPY');
    const nodeModules = copies.find((copy) => copy.endsWith(' ./node_modules'));
    const from = /--from=(\S+)/.exec(nodeModules ?? '')?.[1];
    const dependencies = stages.find((stage) => stage.name === from);
    expect(runs(dependencies!)).toMatch(/\bnpm ci --omit=dev\b/);
    const build = stages.find((stage) => /\bnpm run build\b/.test(runs(stage)))!;
    const compiled = copies.filter((copy) => copy.startsWith(`--from=${build.name} `));
    expect(compiled.map((copy) => copy.split(/\s+/)[1])).toEqual(['/src/dist/shared', '/src/dist/${SERVICE}']);
    expect(runs(runtime)).not.toMatch(/\bnpm\b/);
  });

  it('builds the gateway by default, or the subgraph SERVICE names', () => {
    expect(valuesOf(runtime, 'ARG')).toContain('SERVICE=gateway');
    expect(runs(runtime)).toMatch(/ln -s "dist\/\$\{SERVICE\}\/main\.js" main\.js/);
  });

  it('runs node itself as the main process (exec form, no npm, no shell), so signals reach it', () => {
    const [cmd] = valuesOf(runtime, 'CMD');
    const command = JSON.parse(cmd!) as string[];
    expect(command[0]).toBe('node');
    expect(command.at(-1)).toBe('main.js');
    expect(command).not.toContain('npm');
    expect(valuesOf(runtime, 'ENTRYPOINT')).toEqual([]);
  });

  it('runs as an unprivileged user who may write only the folder of the supergraph cache', () => {
    const users = valuesOf(runtime, 'USER');
    expect(users.at(-1)).toBe('node');
    const cache = environmentOfStage(runtime).SUPERGRAPH_CACHE!;
    expect(cache).toMatch(/^\/var\/cache\//);
    expect(runs(runtime)).toContain(`chown node:node ${dirname(cache)}`);
    // Nothing else is handed to that user: /app and everything in it stays root's.
    expect(runs(runtime).match(/chown/g)).toHaveLength(1);
    expect(valuesOf(runtime, 'COPY').filter((copy) => copy.includes('--chown'))).toEqual([]);
    expect(environmentOfStage(runtime).NODE_ENV).toBe('production');
  });

  it('runs the Node.js major that .nvmrc names and CI installs (scripts/ci/install-node.sh), so the tests run what the image runs', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)-bookworm-slim$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))?.[1];
    const installed = /^version=(\d+)\.\d+\.\d+$/m.exec(readFileSync(join(root, 'scripts', 'ci', 'install-node.sh'), 'utf8'))?.[1];
    expect(image).toBeDefined();
    expect([image, installed, readFileSync(join(root, '.nvmrc'), 'utf8').trim()]).toEqual([image, image, image]);
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/scripts\/ci\/install-node\.sh/);
  });
});
