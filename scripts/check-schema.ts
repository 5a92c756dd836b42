/**
 * `npm run check -- <subgraph> <sdl-file>...`: would this subgraph schema break the graph?
 *
 * Composes the proposed schema with the other subgraphs and the gateway's directory, then compares
 * the client-facing (API) schema with the current supergraph's: composition errors are printed
 * with their codes; breaking changes (removed or renamed types and fields, changed types,
 * tightened nullability, removed enum values...) fail the check; dangerous changes are warnings.
 *
 *   npm run check -- labs subgraphs/labs/schema.graphql                   # against the running graph
 *   npm run check -- labs proposed.graphql --supergraph supergraph.graphql # against a composed file
 *   npm run check -- labs subgraphs/labs/schema.graphql --local            # against this checkout's sources
 *
 * Exit codes: 0 safe (warnings allowed); 1 breaking changes or composition errors; 2 usage, or the
 * current supergraph or a file could not be read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { composeWithDirectory, CompositionError, describeCompositionError, SubgraphSdl } from '../gateway/compose';
import { DEFAULT_SUPERGRAPH_CONFIG, readSupergraphConfigEntries, registrySettingsOf, RegistrySettingsByName } from '../gateway/config';
import { DIRECTORY_SUBGRAPH } from '../gateway/directory';
import { apiSchemaOf, schemaChanges } from './schema-workflow/changes';
import { InvalidSdlError, MixedProposalError, proposedSubgraphSdl, sdlsOfConfig, subgraphsOfSupergraph } from './schema-workflow/sources';
import { runCommand, UsageError } from './cli';

const USAGE = `usage: npm run check -- <subgraph> <sdl-file>... [--supergraph <file> | --config <yaml> [--local]]

  <subgraph>          the subgraph whose schema changes (a new name checks adding a subgraph)
  <sdl-file>...       its proposed schema: files of its folder in this checkout (subgraphs/<subgraph>/)
                      stand for the subgraph as the checkout builds it; other files are the SDL its
                      _service answers, or its own .graphql files (shared enums and value types added)
  --supergraph <file> the current supergraph (what npm run compose wrote); else composed from:
  --config <file>     the supergraph config (default SUPERGRAPH_CONFIG, else gateway/supergraph.yaml),
                      asking the running subgraphs for their schemas, or with
  --local             this checkout's sources for the subgraphs that have a folder here
  --url <url>         the routing URL of a new subgraph (default http://localhost:4100/graphql)

Exit codes: 0 safe (warnings allowed), 1 breaking changes or composition errors, 2 usage or unreadable input.`;

const EXIT = { safe: 0, breaking: 1 } as const;

interface CheckRequest {
  subgraph: string;
  files: string[];
  supergraph?: string;
  config: string;
  local: boolean;
  url: string;
}

function request(argv: string[]): CheckRequest | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        supergraph: { type: 'string' },
        config: { type: 'string' },
        local: { type: 'boolean', default: false },
        url: { type: 'string', default: 'http://localhost:4100/graphql' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  const [subgraph, ...files] = positionals;
  if (!subgraph || files.length === 0) throw new UsageError("give the subgraph's name and at least one SDL file");
  if (subgraph === DIRECTORY_SUBGRAPH) throw new UsageError("the directory is part of the gateway: its schema is checked with the gateway's tests");
  if (values.supergraph && values.local) throw new UsageError('--local composes the current supergraph from sources; it cannot go with --supergraph');
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length) throw new UsageError(`no such file: ${missing.join(', ')}`);
  if (values.supergraph && !existsSync(values.supergraph)) throw new UsageError(`no such file: ${values.supergraph}`);
  return {
    subgraph,
    files: files.map((file) => resolve(file)),
    ...(values.supergraph ? { supergraph: resolve(values.supergraph) } : {}),
    config: resolve(values.config ?? process.env.SUPERGRAPH_CONFIG ?? DEFAULT_SUPERGRAPH_CONFIG),
    local: values.local,
    url: values.url,
  };
}

/** The current supergraph, the registry subgraphs it was composed from, and which are registries (the config's `registry:` blocks). */
async function currentGraph(check: CheckRequest): Promise<{ supergraph: string; subgraphs: SubgraphSdl[]; registries: RegistrySettingsByName; from: string }> {
  const registries = existsSync(check.config) ? registrySettingsOf(readSupergraphConfigEntries(check.config)) : {};
  if (check.supergraph) {
    const supergraph = readFileSync(check.supergraph, 'utf8');
    return { supergraph, subgraphs: subgraphsOfSupergraph(supergraph), registries, from: check.supergraph };
  }
  const subgraphs = await sdlsOfConfig(readSupergraphConfigEntries(check.config), { local: check.local });
  return {
    supergraph: composeWithDirectory(subgraphs, registries).supergraphSdl,
    subgraphs,
    registries,
    from: `${check.config}${check.local ? ' (sources of this checkout)' : ''}`,
  };
}

const line = (severity: string, type: string, description: string) => `  ${severity.padEnd(9)} ${type.padEnd(34)} ${description}`;

async function main(argv: string[]): Promise<number> {
  const check = request(argv);
  if (!check) {
    console.log(USAGE);
    return EXIT.safe;
  }
  const current = await currentGraph(check);
  const existing = current.subgraphs.find((s) => s.name === check.subgraph);
  let proposedSdl: string;
  try {
    proposedSdl = await proposedSubgraphSdl(check.subgraph, check.files);
  } catch (error) {
    if (error instanceof MixedProposalError) throw new UsageError(error.message);
    if (!(error instanceof InvalidSdlError)) throw error;
    console.log(`\nThe proposed ${check.subgraph} schema is not valid GraphQL:\n  error     [GRAPHQL_PARSE_FAILED] ${error.message}`);
    return EXIT.breaking;
  }
  const proposedSubgraphs: SubgraphSdl[] = [
    ...current.subgraphs.filter((s) => s.name !== check.subgraph),
    { name: check.subgraph, url: existing?.url ?? check.url, sdl: proposedSdl },
  ];
  console.log(`check: ${existing ? 'a changed' : 'a new'} ${check.subgraph} subgraph against the supergraph of ${current.from}`);

  let proposedSupergraph: string;
  try {
    // Subgraphs read from a supergraph file have lost their access marks: only the proposed one's personal fields can be checked.
    const checks = check.supergraph ? { personalFieldsOf: [check.subgraph] } : {};
    proposedSupergraph = composeWithDirectory(proposedSubgraphs, current.registries, checks).supergraphSdl;
  } catch (error) {
    if (!(error instanceof CompositionError)) throw error;
    console.log(`\nThe proposed ${check.subgraph} schema does not compose with the other subgraphs (${error.errors.length} errors):`);
    for (const e of error.errors) console.log(`  error     ${describeCompositionError(e)}`);
    return EXIT.breaking;
  }

  const changes = schemaChanges(apiSchemaOf(current.supergraph), apiSchemaOf(proposedSupergraph));
  if (changes.breaking.length) {
    console.log(`\nBreaking changes for clients (${changes.breaking.length}):`);
    for (const change of changes.breaking) console.log(line('BREAKING', change.type, change.description));
  }
  if (changes.dangerous.length) {
    console.log(`\nDangerous changes (${changes.dangerous.length}), allowed: clients may see different results:`);
    for (const change of changes.dangerous) console.log(line('WARNING', change.type, change.description));
  }
  if (changes.added.length) {
    console.log(`\nAdded (${changes.added.length}): ${changes.added.join(', ')}`);
  }
  const verdict = changes.breaking.length
    ? `\nFAILED: ${changes.breaking.length} breaking change${changes.breaking.length === 1 ? '' : 's'}.`
    : `\nPASSED: composes, no breaking changes${changes.dangerous.length ? `, ${changes.dangerous.length} warning${changes.dangerous.length === 1 ? '' : 's'}` : ''}.`;
  console.log(verdict);
  return changes.breaking.length ? EXIT.breaking : EXIT.safe;
}

runCommand('check', USAGE, () => main(process.argv.slice(2)));
