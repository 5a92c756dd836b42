import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT, runNode } from '../support/repository-copy';

/**
 * A command run through scripts/cli.ts exits with its code once its output has gone out, without
 * cutting off files still being written: tsx writes each module it compiled to its cache that way,
 * and a command that exited at once left those files empty, so every later run compiled them again.
 */
describe('runCommand', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'command-exit-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lets asynchronous file writes the command started land before it exits, with its exit code and output', async () => {
    const script = join(dir, 'writes-and-exits.ts');
    writeFileSync(
      script,
      `import { promises } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from ${JSON.stringify(join(REPOSITORY_ROOT, 'scripts', 'cli'))};
runCommand('writes', 'usage', () => {
  for (let i = 0; i < 20; i += 1) void promises.writeFile(join(process.argv[2]!, \`file-\${i}\`), 'x'.repeat(100_000));
  console.log('started 20 writes');
  return 3;
});
`,
    );
    // Run from the repository, where tsx resolves, as `npm run` runs the project's scripts.
    const run = await runNode(REPOSITORY_ROOT, ['--import', 'tsx', script, dir]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 3, stdout: 'started 20 writes\n' });
    const lengths = Array.from({ length: 20 }, (_, i) => readFileSync(join(dir, `file-${i}`), 'utf8').length);
    expect(lengths).toEqual(Array.from({ length: 20 }, () => 100_000));
  });
});
