import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentNode, parse } from 'graphql';

/** The ```graphql blocks of a README's `## Example queries` section (up to the next `## ` heading). */
export function readmeExampleBlocks(readme: string): string[] {
  const start = readme.indexOf('## Example queries');
  if (start < 0) throw new Error('the README has no "## Example queries" section');
  const next = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** The files whose `## Example queries` sections hold the documented examples, in order. */
export const EXAMPLE_FILES = ['README.md', join('docs', 'examples.md')] as const;

/**
 * The `## Example queries` sections of the README and docs/examples.md, joined into one section:
 * every documented example, in the order a reader meets them.
 */
export function documentedExampleSection(root: string): string {
  const sections = EXAMPLE_FILES.map((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const start = text.indexOf('## Example queries');
    if (start < 0) throw new Error(`${file} has no "## Example queries" section`);
    const next = text.indexOf('\n## ', start + 1);
    return text.slice(start, next < 0 ? undefined : next);
  });
  return [sections[0], ...sections.slice(1).map((section) => section.replace(/^## Example queries\n/, ''))].join('\n');
}

/** Every `.graphql` / `.gql` file under `folder`, parsed, in path order. */
export function folderDocuments(folder: string): { file: string; document: DocumentNode }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(graphql|gql)$/.test(name)) files.push(path);
    }
  };
  walk(folder);
  return files.map((file) => {
    try {
      return { file, document: parse(readFileSync(file, 'utf8'), { noLocation: true }) };
    } catch (error) {
      throw new Error(`${file} does not parse: ${(error as Error).message}`, { cause: error });
    }
  });
}
