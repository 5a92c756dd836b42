import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand, UsageError } from './cli';

/**
 * `npm run build`: the services compiled to JavaScript, as production runs them
 * (`node dist/gateway/main.js`, `node dist/subgraphs/<name>/main.js`). tsc compiles the folders
 * tsconfig.build.json includes; then every other file in those folders (the .graphql schemas, the
 * supergraph config, the playground's client files) is copied to the same place under the output
 * folder, because the compiled code reads them beside itself, as the sources do under tsx.
 */
const USAGE = `usage: npm run build [-- --out-dir <folder>]

Compiles gateway/, subgraphs/ and shared/ to JavaScript in dist/ (or <folder>, emptied first) and
copies the files they read at run time beside the compiled code.`;

const ROOT = join(__dirname, '..');
const BUILD_CONFIG = join(ROOT, 'tsconfig.build.json');

/** The source folders a build compiles: its configuration's `include`, relative to the repository root. */
function sourceFolders(configFile = BUILD_CONFIG): string[] {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { include?: string[] };
  return (config.include ?? []).map((folder) => relative(ROOT, resolve(dirname(configFile), folder)));
}

/** Every file under `folder` that tsc does not compile (not `.ts`), relative to the repository root. */
function runTimeFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((file) => join(folder, file))
    .filter((file) => !file.endsWith('.ts') && statSync(join(ROOT, file)).isFile());
}

/**
 * Compiles into `outDir` (emptied first) and copies the run-time files; returns what it wrote.
 * `configFile`: another configuration extending tsconfig.build.json (the benchmark's, which adds its gateways' entry points).
 */
export function build(outDir: string, configFile = BUILD_CONFIG): { assets: string[] } {
  const inside = relative(outDir, ROOT);
  if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) throw new UsageError(`will not empty ${outDir}: it holds the repository`);
  rmSync(outDir, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', configFile, '--outDir', outDir], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error(`tsc -p ${relative(ROOT, configFile)} failed (exit ${tsc.status ?? tsc.signal})`);
  const assets = sourceFolders(configFile).flatMap(runTimeFiles);
  for (const file of assets) {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(outDir, file));
  }
  return { assets };
}

if (require.main === module) {
  runCommand('build', USAGE, () => {
    const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: join(ROOT, 'dist') } } });
    const outDir = resolve(values['out-dir']);
    const { assets } = build(outDir);
    console.log(`built ${relative(process.cwd(), outDir) || outDir}: compiled ${sourceFolders().join(', ')}, and copied ${assets.length} files they read at run time`);
    return 0;
  });
}
