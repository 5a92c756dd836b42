/**
 * `npm run compose`: composes the subgraphs of the supergraph config, with the gateway's directory,
 * into one supergraph and writes it (atomically, so a gateway reading it never sees half a file).
 *
 *   npm run compose                                   # running subgraphs -> supergraph.graphql
 *   npm run compose -- --local --output -             # this checkout's sources, to standard output
 *   npm run compose -- --config my-supergraph.yaml --output /srv/gateway/supergraph.graphql
 *
 * A gateway started with SUPERGRAPH_FILE=<that file> serves it and swaps in each new one.
 * Exit codes: 0 written; 1 the subgraphs do not compose; 2 usage, or a schema could not be read.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { composeWithDirectory, CompositionError, describeCompositionError } from '../gateway/compose';
import { DEFAULT_SUPERGRAPH_CONFIG, readSupergraphConfigEntries, registrySettingsOf } from '../gateway/config';
import { sdlsOfConfig } from './schema-workflow/sources';
import { runCommand, UsageError } from './cli';

const USAGE = `usage: npm run compose -- [--config <supergraph.yaml>] [--output <file>|-] [--local]

  --config <file>  the supergraph config: subgraph name -> routing_url and schema (subgraph_url or
                   file); default SUPERGRAPH_CONFIG, else gateway/supergraph.yaml
  --output <file>  where to write the supergraph; "-" for standard output; default SUPERGRAPH_FILE,
                   else supergraph.graphql
  --local          take the schema of every subgraph with a folder in this checkout
                   (subgraphs/<name>/) from its source instead of its running service

Schemas come from each subgraph's schema.file, else its running service (schema.subgraph_url, else
routing_url; its schema query, which subgraphs answer without a key). The gateway's directory is always included.`;

const EXIT = { ok: 0, failed: 1 } as const;

function options(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        output: { type: 'string' },
        local: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Writes next to the target, then renames over it: readers see the old file or the new, never a part. */
function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, content);
  renameSync(partial, file);
}

async function main(argv: string[]): Promise<number> {
  const values = options(argv);
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const config = resolve(values.config ?? process.env.SUPERGRAPH_CONFIG ?? DEFAULT_SUPERGRAPH_CONFIG);
  const entries = readSupergraphConfigEntries(config);
  const subgraphs = await sdlsOfConfig(entries, { local: values.local });
  let supergraph: string;
  try {
    supergraph = composeWithDirectory(subgraphs, registrySettingsOf(entries)).supergraphSdl;
  } catch (error) {
    if (!(error instanceof CompositionError)) throw error;
    console.error(`compose: the subgraphs of ${config} do not compose:`);
    for (const e of error.errors) console.error(`  error ${describeCompositionError(e)}`);
    return EXIT.failed;
  }
  const output = values.output ?? process.env.SUPERGRAPH_FILE ?? 'supergraph.graphql';
  if (output === '-') {
    process.stdout.write(supergraph);
  } else {
    writeAtomically(resolve(output), supergraph);
    console.error(`compose: wrote ${resolve(output)} from ${entries.map((e) => e.name).join(', ')} and the directory`);
  }
  return EXIT.ok;
}

runCommand('compose', USAGE, () => main(process.argv.slice(2)));
