import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * The example member portal's generated code is the generator's for today's schema (issue #18,
 * item 4): GraphQL Code Generator run against a test gateway's published schema writes exactly the
 * committed src/gql, and the persisted-query manifest script exactly the committed manifest. A
 * schema change that breaks or alters the example's operations fails here until they are generated again.
 */

const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'member-portal');
const CODEGEN = join(EXAMPLE, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
const missing = existsSync(CODEGEN) ? undefined : `the example's packages are not installed (npm ci --prefix examples/member-portal)`;
if (missing) process.stderr.write(`\nMember portal codegen suite skipped: ${missing}\n`);

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { cwd, env, timeout: 120_000 }, (error, _stdout, stderr) => (error ? reject(new Error(`${args.join(' ')}: ${stderr}`)) : resolve())),
  );
}

(missing ? describe.skip : describe)(`the member portal's generated operations${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const out = mkdtempSync(join(tmpdir(), 'member-portal-gen-'));
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  }, 120_000);
  afterAll(async () => {
    await graph?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('are what GraphQL Code Generator makes of the published schema', async () => {
    const generated = join(out, 'gql') + '/';
    await run([CODEGEN, '--config', 'codegen.ts'], EXAMPLE, { ...process.env, GRAPHQL_URL: graph.gatewayUrl, CODEGEN_OUT: generated });
    const committed = join(EXAMPLE, 'src', 'gql');
    expect(readdirSync(generated).sort()).toEqual(readdirSync(committed).sort());
    for (const file of readdirSync(committed)) expect(`${file}: ${readFileSync(join(generated, file), 'utf8')}`).toBe(`${file}: ${readFileSync(join(committed, file), 'utf8')}`);
  }, 120_000);

  it('have the committed persisted-query manifest', async () => {
    const manifest = join(out, 'persisted-queries.json');
    await run(['--import', 'tsx', 'scripts/persisted-query-manifest.ts', '--documents', 'examples/member-portal/src/graphql', '--apollo-client', '--out', manifest], ROOT);
    expect(JSON.parse(readFileSync(manifest, 'utf8'))).toEqual(JSON.parse(readFileSync(join(EXAMPLE, 'persisted-queries.json'), 'utf8')));
  }, 120_000);
});
