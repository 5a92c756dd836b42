import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/** The subgraphs whose resolver maps are typed from their schema (scripts/generate-resolver-types.ts). */
const TYPED_REGISTRIES = ['labs', 'auditors'];

/** Type-checks one file beside a subgraph's generated types (so its relative imports resolve): its diagnostics' messages. */
function typeCheck(folder: string, source: string): string[] {
  const dir = mkdtempSync(join(folder, 'generated', '.check-'));
  const file = join(dir, 'check.ts');
  try {
    writeFileSync(file, source);
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A resolver map of `Query` fields, checked against the generated `Resolvers`. */
const resolverMap = (queryFields: string): string =>
  `import { Resolvers } from '../resolvers-types';\nexport const resolvers = { Query: { ${queryFields} } } satisfies Resolvers;\n`;

describe('resolver types generated from each subgraph schema', () => {
  // The codegen plugins are ES modules jest cannot load: the script runs in its own process.
  it('the committed generated files match the schemas the subgraphs serve (else: npm run codegen:resolvers)', async () => {
    const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', 'scripts/generate-resolver-types.ts', '--check'], { cwd: ROOT, timeout: 120_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
      ),
    );
    expect(result).toEqual({ code: 0, stderr: '' });
  }, 120_000);

  it.each(TYPED_REGISTRIES)(
    'in %s a resolver of a field the schema has type-checks, a misspelt one does not',
    (key) => {
      const folder = join(ROOT, 'subgraphs', key);
      expect(typeCheck(folder, resolverMap(`${key}Members: () => null`))).toEqual([]);
      expect(typeCheck(folder, resolverMap(`${key}Membrs: () => null`)).join('\n')).toContain(`${key}Membrs`);
    },
    120_000,
  );
});
