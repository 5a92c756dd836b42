import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { DefinitionNode, DocumentNode, execute, GraphQLError, GraphQLSchema, isTypeDefinitionNode, Kind, parse, print, specifiedScalarTypes, visit } from 'graphql';
import { ANONYMOUS } from '../../shared/auth/caller';
import { MemoryStore } from '../../shared/store/memory-store';
import { fetchSubgraphSdl, SubgraphSdl } from '../../gateway/compose';
import { SubgraphConfigEntry } from '../../gateway/config';
import { DIRECTORY_SUBGRAPH } from '../../gateway/directory';

/** The repository root: subgraphs live in `subgraphs/<name>/`. */
export const REPOSITORY_ROOT = join(__dirname, '..', '..');

/** The shared enums and value types a subgraph's own schema files use without defining them. */
const SHARED_SCHEMA_DIR = join(REPOSITORY_ROOT, 'shared', 'graphql');

/** Names graphql-js and federation define themselves: never looked up in the shared files. */
const PROVIDED_TYPES = new Set([
  ...specifiedScalarTypes.map((t) => t.name),
  '_Any',
  '_Entity',
  '_Service',
  'FieldSet',
  'link__Import',
  'federation__Scope',
  'federation__Policy',
  'federation__FieldSet',
  'federation__ContextFieldValue',
  'link__Purpose',
]);

/** The type names a document defines (not extends). */
function definedTypes(definitions: readonly DefinitionNode[]): Set<string> {
  return new Set(definitions.filter(isTypeDefinitionNode).map((d) => d.name.value));
}

/** The type names a document refers to (field, argument and input types, interfaces, union members). */
function referencedTypes(definitions: readonly DefinitionNode[]): Set<string> {
  const names = new Set<string>();
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  visit(document, {
    NamedType: (node) => void names.add(node.name.value),
  });
  return names;
}

/** A schema file that is not valid GraphQL: which file, and where. */
export class InvalidSdlError extends Error {
  constructor(
    readonly file: string,
    readonly parseError: GraphQLError,
  ) {
    const where = parseError.locations?.[0];
    super(`${file}${where ? `:${where.line}:${where.column}` : ''}: ${parseError.message}`);
    this.name = 'InvalidSdlError';
  }
}

function parseSdlFile(file: string): DocumentNode {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof GraphQLError) throw new InvalidSdlError(file, error);
    throw error;
  }
}

/**
 * A subgraph's SDL from its own schema files, as `loadSubgraphSchema` assembles it: the files, then
 * every shared enum or value type (`shared/graphql/*.graphql`) they use without defining it. A file
 * that is already a whole subgraph SDL (what `_service { sdl }` answers) gets nothing added.
 */
export function subgraphSdlFromFiles(files: readonly string[]): string {
  const own = files.flatMap((file) => parseSdlFile(file).definitions);
  const shared = readdirSync(SHARED_SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .flatMap((file) => parse(readFileSync(join(SHARED_SCHEMA_DIR, file), 'utf8')).definitions)
    .filter(isTypeDefinitionNode);
  const definitions: DefinitionNode[] = [...own];
  for (let added = true; added;) {
    added = false;
    const defined = definedTypes(definitions);
    for (const name of referencedTypes(definitions)) {
      if (defined.has(name) || PROVIDED_TYPES.has(name)) continue;
      const definition = shared.find((d) => d.name.value === name);
      if (definition) {
        definitions.push(definition);
        added = true;
      }
    }
  }
  return print({ kind: Kind.DOCUMENT, definitions });
}

/** What a subgraph folder's index.ts exports: its built subgraph (`key`, `schema`, `create(store)`). */
interface SubgraphDefinitionLike {
  key: string;
  schema: GraphQLSchema;
  create(store: MemoryStore): { module: { schema: GraphQLSchema; createContext: () => object } };
}

/** A built subgraph, told apart from what it is built from (which has a key and `create` but no schema). */
const isDefinition = (value: unknown): value is SubgraphDefinitionLike =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { key?: unknown }).key === 'string' &&
  (value as { schema?: unknown }).schema instanceof GraphQLSchema &&
  typeof (value as { create?: unknown }).create === 'function';

/** The built subgraph with key `name` among a subgraph folder's index.ts exports (it may also export what it is built from). */
export function builtSubgraphOf(exported: Record<string, unknown>, name: string): SubgraphDefinitionLike {
  const definition = Object.values(exported).find((value): value is SubgraphDefinitionLike => isDefinition(value) && value.key === name);
  if (!definition) throw new Error(`subgraphs/${name}/index.ts exports no subgraph definition with key "${name}"`);
  return definition;
}

/** Whether this checkout has the subgraph's source (`subgraphs/<name>/index.ts`). */
export const hasLocalSource = (name: string, root = REPOSITORY_ROOT): boolean => existsSync(join(root, 'subgraphs', name, 'index.ts'));

/**
 * The SDL a subgraph of this checkout serves (its `_service { sdl }` answer), built from its source
 * on an empty embedded store: no process to start, no database.
 */
export async function localSubgraphSdl(name: string, root = REPOSITORY_ROOT): Promise<string> {
  const definition = builtSubgraphOf((await import(join(root, 'subgraphs', name, 'index.ts'))) as Record<string, unknown>, name);
  const { module } = definition.create(new MemoryStore());
  const result = await execute({
    schema: module.schema,
    document: parse('{ _service { sdl } }'),
    contextValue: { ...module.createContext(), caller: ANONYMOUS },
  });
  const sdl = (result.data as { _service?: { sdl?: string } } | null | undefined)?._service?.sdl;
  if (!sdl) throw new Error(`subgraphs/${name} did not give its SDL: ${result.errors?.[0]?.message ?? 'no answer'}`);
  return sdl;
}

/**
 * The schema proposed for subgraph `name` by `files`. Files of its own folder in this checkout
 * (`subgraphs/<name>/schema.graphql`...) stand for the subgraph as this checkout builds it: its
 * source's `_service { sdl }`, every schema file of the folder as it is now, with the parts every
 * registry shares (committees, meetings, resolutions, credential types); so an unchanged file
 * checks clean. Other files are the SDL itself, or its own files (see subgraphSdlFromFiles).
 * Every file is parsed first, so a syntax error is reported as one (InvalidSdlError).
 */
export async function proposedSubgraphSdl(name: string, files: readonly string[], root = REPOSITORY_ROOT): Promise<string> {
  const fromFiles = subgraphSdlFromFiles(files);
  const folder = join(root, 'subgraphs', name);
  const inFolder = files.filter((file) => resolve(file).startsWith(`${folder}${sep}`));
  if (inFolder.length === 0 || !hasLocalSource(name, root)) return fromFiles;
  if (inFolder.length < files.length) {
    throw new MixedProposalError(
      `${inFolder.map((file) => relative(root, file)).join(', ')} stand for the ${name} subgraph as this checkout builds it; ` +
        `give either files of ${relative(root, folder)}/ or standalone SDL files, not both`,
    );
  }
  return localSubgraphSdl(name, root);
}

/** Files of a subgraph's folder given together with files from elsewhere: which schema is meant is unclear. */
export class MixedProposalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MixedProposalError';
  }
}

export interface SdlOptions {
  /** Take the schema of subgraphs with a folder in this checkout from their source, not from the running service. */
  local?: boolean;
}

/**
 * One subgraph's SDL from where the supergraph config says: its `schema.file`, or with `local` its
 * source in this checkout, or its running service (`schema.subgraph_url`, else `routing_url`),
 * asked the federation query `{ _service { sdl } }`, which a subgraph answers without a caller
 * assertion (the commands hold no key).
 */
export async function sdlOfEntry(entry: SubgraphConfigEntry, options: SdlOptions = {}): Promise<string> {
  if (entry.schema.file) return subgraphSdlFromFiles([entry.schema.file]);
  if (options.local && hasLocalSource(entry.name)) return localSubgraphSdl(entry.name);
  const url = entry.schema.subgraphUrl ?? entry.url;
  try {
    return await fetchSubgraphSdl(url, 5_000);
  } catch (error) {
    throw new Error(`cannot read the schema of ${entry.name} at ${url}: ${(error as Error).message}`, { cause: error });
  }
}

/** Every subgraph of the config with its SDL, read in parallel. */
export async function sdlsOfConfig(entries: readonly SubgraphConfigEntry[], options: SdlOptions = {}): Promise<SubgraphSdl[]> {
  return Promise.all(entries.map(async (entry) => ({ name: entry.name, url: entry.url, sdl: await sdlOfEntry(entry, options) })));
}

/**
 * The registry subgraphs a supergraph was composed from (the gateway's directory left out: it is
 * always the current one). Extraction drops `@inaccessible` from the subgraphs, so it is put back
 * on every type, field, argument and enum value the supergraph hides, in each subgraph that has it:
 * recomposed, they hide the same things again.
 */
export function subgraphsOfSupergraph(supergraphSdl: string): SubgraphSdl[] {
  const supergraph = Supergraph.build(supergraphSdl, { supportedFeatures: null });
  const hidden = [...supergraph.schema.allNamedSchemaElement()]
    .filter((element) => element.appliedDirectives.some((directive) => directive.name === 'inaccessible'))
    .map((element) => element.coordinate);
  return [...supergraph.subgraphs()]
    .filter((subgraph) => subgraph.name !== DIRECTORY_SUBGRAPH)
    .map((subgraph) => {
      const inaccessible = subgraph.metadata().inaccessibleDirective();
      for (const coordinate of hidden) {
        const element = subgraph.schema.elementByCoordinate(coordinate);
        if (element && !element.hasAppliedDirective(inaccessible)) element.applyDirective(inaccessible);
      }
      return { name: subgraph.name, url: subgraph.url, sdl: subgraph.toString() };
    });
}
