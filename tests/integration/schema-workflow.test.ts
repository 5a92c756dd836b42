import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASTVisitor, buildClientSchema, getIntrospectionQuery, IntrospectionQuery, Kind, lexicographicSortSchema, parse, print, printSchema, visit } from 'graphql';
import { apiSchemaOf } from '../../scripts/schema-workflow/changes';
import { postGraphQL, startTestGraph, TestGraph } from '../support/graph';

const ROOT = join(__dirname, '..', '..');

interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the project's scripts as `npm run` would (tsx), in the repository, with this process's environment. */
function runScript(script: string, args: string[]): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], { cwd: ROOT, env: process.env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The SDL a subgraph of the test graph serves (`_service { sdl }`, which it answers without a caller assertion). */
async function servedSdl(graph: TestGraph, name: 'labs' | 'auditors' | 'engineering' | 'guilds'): Promise<string> {
  const answer = await postGraphQL<{ _service: { sdl: string } }>(graph.subgraphUrls[name], '{ _service { sdl } }');
  return answer.data!._service.sdl;
}

/** `sdl` edited by an AST visitor; fails when the edit changed nothing (the schema moved on: fix the test's edit). */
function edited(sdl: string, visitor: ASTVisitor): string {
  const before = print(parse(sdl));
  const after = print(visit(parse(sdl), visitor));
  expect(after).not.toBe(before);
  return after;
}

const sorted = (sdl: string) => printSchema(lexicographicSortSchema(apiSchemaOf(sdl)));

describe('schema workflow: npm run compose and npm run check', () => {
  let graph: TestGraph;
  let dir: string;
  let labsSdl: string;
  /** Written by npm run compose from the running subgraphs. */
  let supergraphFile: string;
  let liveConfig: string;
  const write = (name: string, content: string): string => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    dir = mkdtempSync(join(tmpdir(), 'schema-workflow-'));
    labsSdl = await servedSdl(graph, 'labs');
    const entries = Object.entries(graph.subgraphUrls).map(([name, url]) => `  ${name}:\n    routing_url: ${url}\n    schema:\n      subgraph_url: ${url}\n`);
    liveConfig = write('supergraph.yaml', `subgraphs:\n${entries.join('')}`);
    supergraphFile = join(dir, 'supergraph.graphql');
  });

  afterAll(async () => {
    await graph?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('compose', () => {
    it('writes the supergraph of the running subgraphs: the schema the gateway serves', async () => {
      const run = await runScript('compose.ts', ['--config', liveConfig, '--output', supergraphFile]);
      expect(run).toMatchObject({ code: 0 });
      expect(run.stderr).toContain('from labs, auditors, engineering, guilds and the directory');
      const introspection = await postGraphQL<IntrospectionQuery>(graph.gatewayUrl, getIntrospectionQuery());
      const served = printSchema(lexicographicSortSchema(buildClientSchema(introspection.data!)));
      expect(sorted(readFileSync(supergraphFile, 'utf8'))).toBe(served);
    });

    it('composes SDL files named in the config to the same supergraph', async () => {
      const files = await Promise.all(
        (['labs', 'auditors', 'engineering', 'guilds'] as const).map(async (name) =>
          `  ${name}:\n    routing_url: http://${name}.example/graphql\n    schema:\n      file: ${name}.graphql\n`.replace(
            `${name}.graphql`,
            write(`${name}.graphql`, await servedSdl(graph, name)),
          ),
        ),
      );
      const config = write('files.yaml', `subgraphs:\n${files.join('')}`);
      const run = await runScript('compose.ts', ['--config', config, '--output', '-']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('@join__graph(name: "labs", url: "http://labs.example/graphql")');
      expect(sorted(run.stdout)).toBe(sorted(readFileSync(supergraphFile, 'utf8')));
    });

    it('refuses subgraphs that do not compose, printing each error with its code, and writes nothing', async () => {
      const broken = edited(labsSdl, {
        ObjectTypeDefinition: (node) =>
          node.name.value === 'LabsMember'
            ? { ...node, fields: node.fields?.map((f) => (f.name.value === 'fullName' ? { ...f, type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } } : f)) }
            : undefined,
      });
      const config = write('broken.yaml', `subgraphs:\n  labs:\n    routing_url: http://labs.example/graphql\n    schema:\n      file: ${write('labs-broken.graphql', broken)}\n`);
      const output = join(dir, 'never-written.graphql');
      const run = await runScript('compose.ts', ['--config', config, '--output', output]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/error \[[A-Z_]+\] .*LabsMember\.fullName/);
      expect(() => readFileSync(output)).toThrow();
    });
  });

  describe('check', () => {
    const check = (files: string[], ...options: string[]) => runScript('check-schema.ts', ['labs', ...files, ...(options.length ? options : ['--supergraph', supergraphFile])]);

    it('passes the current schema unchanged, with nothing to report', async () => {
      const run = await check([write('labs-same.graphql', labsSdl)]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('PASSED');
      expect(run.stdout).not.toMatch(/BREAKING|WARNING|Added/);
    });

    it('fails on a removed field', async () => {
      const removed = edited(labsSdl, {
        FieldDefinition: (node) => (node.name.value === 'expertise' ? null : undefined),
      });
      const run = await check([write('labs-removed-field.graphql', removed)]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/BREAKING +FIELD_REMOVED +LabsMember\.expertise was removed/);
      expect(run.stdout).toContain('FAILED');
    });

    it('fails on tightened nullability of an input field and an argument', async () => {
      const tightened = edited(labsSdl, {
        InputValueDefinition: (node) =>
          (node.name.value === 'expertise' || node.name.value === 'search') && node.type.kind === Kind.NAMED_TYPE
            ? { ...node, type: { kind: 'NonNullType', type: node.type } }
            : undefined,
      });
      const run = await check([write('labs-tightened.graphql', tightened)]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/BREAKING +FIELD_CHANGED_KIND +UpsertLabsMemberInput\.expertise changed type from String to String!/);
      expect(run.stdout).toMatch(/BREAKING +ARG_CHANGED_KIND +Query\.labsMembers arg search has changed type from String to String!/);
    });

    it('fails on a removed enum value and on a renamed type (the type removed, the fields using it changed)', async () => {
      const enumValue = edited(labsSdl, {
        EnumValueDefinition: (node) => (node.name.value === 'LABORATORY' ? null : undefined),
      });
      const removedValue = await check([write('labs-enum.graphql', enumValue)]);
      expect(removedValue.code).toBe(1);
      expect(removedValue.stdout).toMatch(/BREAKING +VALUE_REMOVED_FROM_ENUM +LABORATORY was removed from enum type LabsOrganisationKind/);

      const renamed = edited(labsSdl, {
        Name: (node) => (node.value === 'LabsOrganisationKind' ? { ...node, value: 'LabsOrganisationType' } : undefined),
      });
      const renamedType = await check([write('labs-renamed.graphql', renamed)]);
      expect(renamedType.code).toBe(1);
      expect(renamedType.stdout).toMatch(/BREAKING +TYPE_REMOVED +LabsOrganisationKind was removed/);
      expect(renamedType.stdout).toMatch(/BREAKING +FIELD_CHANGED_KIND +LabsOrganisation\.kind changed type from LabsOrganisationKind! to LabsOrganisationType!/);
      expect(renamedType.stdout).toMatch(/Added \(\d+\): .*LabsOrganisationType/);
    });

    it('passes a harmless addition, listing it, and reports an added enum value as a warning only', async () => {
      const addition = write('labs-addition.graphql', 'extend type Query {\n  "How many laboratories the registry holds."\n  labsLaboratoryCount: Int\n}\n');
      const widened = edited(labsSdl, {
        EnumTypeDefinition: (node) =>
          node.name.value === 'LabsOrganisationKind'
            ? { ...node, values: [...(node.values ?? []), { kind: 'EnumValueDefinition', name: { kind: 'Name', value: 'MOBILE_LABORATORY' } }] }
            : undefined,
      });
      const run = await check([write('labs-widened.graphql', widened), addition]);
      expect(run.stdout).toMatch(/WARNING +VALUE_ADDED_TO_ENUM +MOBILE_LABORATORY was added to enum type LabsOrganisationKind/);
      expect(run.stdout).toMatch(/Added \(2\): LabsOrganisationKind\.MOBILE_LABORATORY, Query\.labsLaboratoryCount/);
      expect(run.stdout).toContain('PASSED');
      expect(run.code).toBe(0);
    });

    it('fails a schema that does not compose with the others, printing the composition errors with their codes', async () => {
      const clash = edited(labsSdl, {
        ObjectTypeDefinition: (node) =>
          node.name.value === 'Person'
            ? {
                ...node,
                fields: node.fields?.map((f) =>
                  f.name.value === 'nationalCode' ? { ...f, type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Int' } } } } : f,
                ),
              }
            : undefined,
      });
      const run = await check([write('labs-clash.graphql', clash)]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('does not compose');
      expect(run.stdout).toMatch(/error +\[[A-Z_]+\] .*Person\.nationalCode/);
    });

    it('checks against the running subgraphs of a supergraph config too', async () => {
      const removed = edited(labsSdl, { FieldDefinition: (node) => (node.name.value === 'expertise' ? null : undefined) });
      const run = await check([write('labs-removed-live.graphql', removed)], '--config', liveConfig);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`against the supergraph of ${liveConfig}`);
      expect(run.stdout).toMatch(/FIELD_REMOVED +LabsMember\.expertise/);
    });

    it('answers a wrong invocation with its usage and exit code 2', async () => {
      const noFile = await runScript('check-schema.ts', ['labs']);
      expect(noFile.code).toBe(2);
      expect(noFile.stderr).toContain('usage: npm run check');
      const missing = await runScript('check-schema.ts', ['labs', join(dir, 'no-such.graphql')]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no such file');
      const unknownOption = await runScript('check-schema.ts', ['labs', write('x.graphql', labsSdl), '--bogus']);
      expect(unknownOption.code).toBe(2);
    });
  });
});
