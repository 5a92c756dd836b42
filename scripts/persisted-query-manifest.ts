import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentNode, parse } from 'graphql';
import { buildManifest } from '../gateway/persisted-queries/manifest';
import { documentedExampleSection, folderDocuments, readmeExampleBlocks } from './persisted-queries/documents';

const USAGE = `usage: npx tsx scripts/persisted-query-manifest.ts [--examples | --readme <file.md>] [--documents <folder>]... [--apollo-client] [--out <file>]

Writes a persisted query manifest (Apollo's format) of every named operation in the documented
examples (--examples: the "Example queries" of README.md and docs/examples.md, the default when no
--documents is given), in the "Example queries" of one Markdown file (--readme), and in the .graphql/.gql files of
each --documents folder; each id is the SHA-256 of the operation's printed text. --apollo-client
adds __typename to every selection set as Apollo Client does before it sends an operation, so that
the ids are the ones Apollo Client's persisted-queries link computes. Without --out it prints the
manifest. Give the file to the gateway: PERSISTED_QUERIES_MANIFEST=<file> SAFELIST=enforce.`;

interface Options {
  examples?: boolean;
  readme?: string;
  documents: string[];
  apolloClient: boolean;
  out?: string;
}

function parseArguments(args: string[]): Options {
  const options: Options = { documents: [], apolloClient: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--examples') options.examples = true;
    else if (arg === '--readme') options.readme = value();
    else if (arg === '--documents') options.documents.push(value());
    else if (arg === '--apollo-client') options.apolloClient = true;
    else if (arg === '--out') options.out = value();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (!options.readme && options.documents.length === 0) options.examples = true;
  return options;
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const documents: DocumentNode[] = [];
  if (options.examples) documents.push(...readmeExampleBlocks(documentedExampleSection(join(__dirname, '..'))).map((block) => parse(block, { noLocation: true })));
  if (options.readme) documents.push(...readmeExampleBlocks(readFileSync(options.readme, 'utf8')).map((block) => parse(block, { noLocation: true })));
  for (const folder of options.documents) documents.push(...folderDocuments(folder).map((d) => d.document));
  // Apollo Client is a development dependency: loaded only when asked for.
  const transform = options.apolloClient ? (await import('@apollo/client/utilities')).addTypenameToDocument : undefined;
  const manifest = buildManifest(documents, transform);
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (options.out) {
    writeFileSync(options.out, text);
    process.stderr.write(`wrote ${manifest.operations.length} operations to ${options.out}\n`);
  } else process.stdout.write(text);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(1);
});
