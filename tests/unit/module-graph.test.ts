import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/** The folders of the product's code, whose modules must import one another without a cycle. */
const FOLDERS = ['gateway', 'shared', 'subgraphs'];

const COMPILER_OPTIONS = ts.parseJsonConfigFileContent(ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path)).config, ts.sys, ROOT).options;

function typescriptFilesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : typescriptFilesUnder(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The project's files a file imports (type-only imports and re-exports included), as TypeScript resolves them; packages left out. */
function importsIn(text: string, file: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.flatMap(({ fileName }) => {
    const resolved = ts.resolveModuleName(fileName, file, COMPILER_OPTIONS, ts.sys).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport || resolved.resolvedFileName.includes('/node_modules/')) return [];
    return [resolved.resolvedFileName];
  });
}

/** The import graph from these files, following imports to any of the project's files. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [...files];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const imports = [...new Set(importsIn(readFileSync(file, 'utf8'), file))];
    graph.set(file, imports);
    pending.push(...imports.filter((imported) => !graph.has(imported)));
  }
  return graph;
}

/**
 * The cycles of a graph, one for each set of modules that reach one another (Tarjan's strongly
 * connected components): each as a path from a module back to itself.
 */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    lowest.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        lowest.set(node, Math.min(lowest.get(node)!, lowest.get(to)!));
      } else if (onStack.has(to)) lowest.set(node, Math.min(lowest.get(node)!, index.get(to)!));
    }
    if (lowest.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => pathBack(graph, new Set(component), [...component].sort()[0]!)).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A shortest path through `within` from `start` back to `start` (breadth first). */
function pathBack(graph: ReadonlyMap<string, readonly string[]>, within: ReadonlySet<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    for (const to of graph.get(at) ?? []) {
      if (!within.has(to)) continue;
      if (to === start) {
        const path = [at];
        for (let step = cameFrom.get(at); step !== undefined; step = cameFrom.get(step)) path.unshift(step);
        return [...path, start];
      }
      if (!cameFrom.has(to) && to !== start) {
        cameFrom.set(to, at);
        queue.push(to);
      }
    }
  }
  return [start];
}

describe('the module graph of gateway/, shared/ and subgraphs/', () => {
  const files = FOLDERS.flatMap((folder) => typescriptFilesUnder(join(ROOT, folder)));

  it('has no import cycle (a module that needs another that needs it: move what both need to a module of its own)', () => {
    const graph = importGraph(files);
    expect(graph.size).toBeGreaterThan(files.length / 2);
    const cycles = cyclesOf(graph).map((cycle) => cycle.map((file) => relative(ROOT, file)).join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('has no module named like a folder beside it (`x.ts` and `x/`: one import path, two meanings)', () => {
    const twins = files.filter((file) => existsSync(file.slice(0, -'.ts'.length)) && statSync(file.slice(0, -'.ts'.length)).isDirectory());
    expect(twins.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('follows type-only imports and re-exports to the files they name, and finds cycles and only cycles', () => {
    const probe = join(ROOT, 'shared', 'registry', 'probe.ts');
    const text = "import type { PersonDocument } from './documents';\nexport * from './loaders';\nimport { parse } from 'graphql';\n";
    expect(importsIn(text, probe).map((file) => relative(ROOT, file))).toEqual(['shared/registry/documents.ts', 'shared/registry/loaders.ts']);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a', 'd']],
          ['d', ['d']],
        ]),
      ),
    ).toEqual([
      ['a', 'b', 'c', 'a'],
      ['d', 'd'],
    ]);
  });
});
