import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/** The subgraphs whose resolver maps are typed from their schema (scripts/generate-resolver-types.ts). */
const TYPED_REGISTRIES = ['labs', 'auditors', 'engineering', 'guilds'];

/** Type-checks files beside a subgraph's generated types (so their relative imports resolve), in one program: each file's diagnostics' messages. */
function typeCheck(folder: string, ...sources: string[]): string[][] {
  const dir = mkdtempSync(join(folder, 'generated', '.check-'));
  const files = sources.map((_, i) => join(dir, `check-${i}.ts`));
  try {
    sources.forEach((source, i) => writeFileSync(files[i]!, source));
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
    });
    return files.map((file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A resolver map of `Query` fields, checked against the generated `Resolvers`. */
const resolverMap = (queryFields: string): string =>
  `import { Resolvers } from '../resolvers-types';\nexport const resolvers = { Query: { ${queryFields} } } satisfies Resolvers;\n`;

/** A resolver map with one type's resolvers, checked against the generated `Resolvers`. */
const typeResolverMap = (typeName: string, fields: string): string =>
  `import { Resolvers } from '../resolvers-types';\nexport const resolvers = { ${typeName}: { ${fields} } } satisfies Resolvers;\n`;

/** In engineering and guilds, a type of their own (its parent a mapped document): its field, a misspelt field, a misspelt type, a mistyped answer. */
const OWN_TYPES: readonly { key: string; typeName: string; field: string; answer: string; wrongAnswer: string }[] = [
  {
    key: 'engineering',
    typeName: 'AbroadCertificate',
    field: 'certificateNumber',
    answer: '(certificate) => certificate._id',
    wrongAnswer: '(certificate) => certificate.validFrom',
  },
  { key: 'guilds', typeName: 'GuildElection', field: 'seats', answer: '(election) => election.seats', wrongAnswer: '(election) => election.unionId' },
  { key: 'guilds', typeName: 'ChamberProgramme', field: 'year', answer: '(programme) => programme.year', wrongAnswer: '(programme) => programme.axes' },
];

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
      const [sound, misspelt] = typeCheck(folder, resolverMap(`${key}Members: () => null`), resolverMap(`${key}Membrs: () => null`));
      expect(sound).toEqual([]);
      expect(misspelt!.join('\n')).toContain(`${key}Membrs`);
    },
    120_000,
  );

  it.each(OWN_TYPES)(
    'in $key a resolver of the field $field of $typeName type-checks; a misspelt field, a misspelt type or a mistyped answer does not',
    ({ key, typeName, field, answer, wrongAnswer }) => {
      const folder = join(ROOT, 'subgraphs', key);
      const [sound, misspeltField, misspeltType, mistyped] = typeCheck(
        folder,
        typeResolverMap(typeName, `${field}: ${answer}`),
        typeResolverMap(typeName, `${field}x: ${answer}`),
        typeResolverMap(`${typeName}x`, `${field}: ${answer}`),
        typeResolverMap(typeName, `${field}: ${wrongAnswer}`),
      );
      expect(sound).toEqual([]);
      expect(misspeltField!.join('\n')).toContain(`${field}x`);
      expect(misspeltType!.join('\n')).toContain(`${typeName}x`);
      expect(mistyped).not.toEqual([]);
    },
    120_000,
  );

  // shared/ builds maps named after the registry key; each typed registry checks them with ResolversFor (its shared-resolvers.ts).
  it.each(['engineering', 'guilds'])(
    'in %s a shared map is checked against the schema: a misspelt field or type, or a mistyped answer, fails',
    (key) => {
      const check = (map: string) =>
        `import type { ResolversFor } from '../../../../shared/graphql/merge-resolvers';\nimport type { Resolvers } from '../resolvers-types';\nexport type Checked = ResolversFor<Resolvers, ${map}>;\n`;
      const [sound, misspeltField, misspeltType, mistyped] = typeCheck(
        join(ROOT, 'subgraphs', key),
        check('{ Attendee: { presiding: () => boolean } }'),
        check('{ Attendee: { presidng: () => boolean } }'),
        check('{ Atendee: { presiding: () => boolean } }'),
        check('{ Attendee: { presiding: () => string } }'),
      );
      expect(sound).toEqual([]);
      expect(misspeltField).not.toEqual([]);
      expect(misspeltType).not.toEqual([]);
      expect(mistyped).not.toEqual([]);
    },
    120_000,
  );
});
