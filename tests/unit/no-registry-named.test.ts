import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Lexer, Source, TokenKind } from 'graphql';
import ts from 'typescript';
import { readSupergraphConfigEntries } from '../../gateway/config';

const ROOT = join(__dirname, '..', '..');

/**
 * What spans registries is built from the gateway's configuration: no code in gateway/ or shared/
 * names a registry. Code is what the program runs on: TypeScript identifiers and string literals,
 * GraphQL names (the schemas the gateway and every registry load). Comments and GraphQL
 * descriptions may use a registry as an example; demo data may name them (shared/demo/, and the
 * playground's example queries, which run against the demo data).
 */
const DEMO = ['shared/demo/', 'gateway/playground/examples.ts'];

/** The registries of the repository's gateway configuration, in every spelling code would use. */
const REGISTRY_KEYS = readSupergraphConfigEntries(join(ROOT, 'gateway', 'supergraph.yaml'), {})
  .filter((entry) => entry.registry !== false)
  .map((entry) => entry.name);

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|js|graphql)$/.test(name) ? [path] : [];
  });
}

/** The words of a TypeScript file's code: identifiers and the text of string and template literals. */
function typescriptWords(text: string, file: string): { word: string; line: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const words: { word: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isPrivateIdentifier(node)) {
      words.push({ word: node.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return words;
}

/** The names of a GraphQL file (types, fields, arguments, directives, enum values), not its descriptions or comments. */
function graphqlWords(text: string): { word: string; line: number }[] {
  const lexer = new Lexer(new Source(text));
  const words: { word: string; line: number }[] = [];
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (token.kind === TokenKind.NAME) words.push({ word: token.value, line: token.line });
  }
  return words;
}

describe("nothing outside a registry's own folder names a registry", () => {
  it("reads the registries from the gateway's configuration", () => {
    expect(REGISTRY_KEYS.length).toBeGreaterThan(0);
  });

  it.each(['gateway', 'shared'])("%s/: no identifier, string or GraphQL name holds a registry's key", (folder) => {
    const found: string[] = [];
    for (const path of filesUnder(join(ROOT, folder))) {
      const file = relative(ROOT, path);
      if (DEMO.some((demo) => file.startsWith(demo))) continue;
      const text = readFileSync(path, 'utf8');
      const words = file.endsWith('.graphql') ? graphqlWords(text) : typescriptWords(text, file);
      for (const { word, line } of words) {
        const named = REGISTRY_KEYS.filter((key) => word.toLowerCase().includes(key));
        if (named.length) found.push(`${file}:${line}: ${JSON.stringify(word.length > 80 ? `${word.slice(0, 77)}...` : word)} names ${named.join(', ')}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('would see a registry named in code, and not in a comment or a description', () => {
    const ts = typescriptWords("// labs, in a comment\nconst registry = 'labs';\n", 'probe.ts').map((w) => w.word);
    expect(ts).toContain('labs');
    expect(ts.filter((word) => word.includes('comment'))).toEqual([]);
    const graphql = graphqlWords('"The labs registry."\ntype Query { labsMembers: Int }\n# guilds\n').map((w) => w.word);
    expect(graphql).toEqual(['type', 'Query', 'labsMembers', 'Int']);
  });
});
