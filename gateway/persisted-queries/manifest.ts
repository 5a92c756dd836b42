import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DefinitionNode, DocumentNode, FragmentDefinitionNode, Kind, OperationDefinitionNode, parse, print, visit } from 'graphql';

/** One registered operation, as Apollo's persisted query manifest lists it. */
export interface ManifestOperation {
  /** What a client sends in `extensions.persistedQuery.sha256Hash`: the SHA-256 of `body` (hex) when made here. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The operation with the fragments it spreads, printed as graphql-js prints it (as Apollo Client sends it). */
  body: string;
}

/** Apollo's persisted query manifest (`@apollo/generate-persisted-query-manifest` writes the same shape). */
export interface PersistedQueryManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: ManifestOperation[];
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

const OPERATION_TYPES = ['query', 'mutation', 'subscription'];

/** Reads and checks a manifest file; every problem is named with the file and the operation's place in it. */
export function readManifest(file: string): PersistedQueryManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`PERSISTED_QUERIES_MANIFEST ${file} cannot be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  return checkManifest(raw, file);
}

/** Checks that `raw` is a manifest: the format and version, and for each operation an id, a name, a type and a body that parses, ids unique. */
export function checkManifest(raw: unknown, where = 'the manifest'): PersistedQueryManifest {
  const manifest = raw as Partial<PersistedQueryManifest> | null;
  if (!manifest || manifest.format !== 'apollo-persisted-query-manifest' || manifest.version !== 1 || !Array.isArray(manifest.operations)) {
    throw new Error(`${where} is not a persisted query manifest: it needs "format": "apollo-persisted-query-manifest", "version": 1 and an "operations" array`);
  }
  const ids = new Set<string>();
  manifest.operations.forEach((operation, index) => {
    const place = `${where}, operation ${index + 1}`;
    if (typeof operation?.id !== 'string' || operation.id === '') throw new Error(`${place} has no id`);
    if (ids.has(operation.id)) throw new Error(`${place}: the id ${operation.id} is listed twice`);
    ids.add(operation.id);
    if (typeof operation.body !== 'string') throw new Error(`${place} (${operation.id}) has no body`);
    if (typeof operation.name !== 'string') throw new Error(`${place} (${operation.id}) has no name`);
    if (!OPERATION_TYPES.includes(operation.type)) throw new Error(`${place} (${operation.id}) has type "${String(operation.type)}"; it must be query, mutation or subscription`);
    try {
      parse(operation.body, { noLocation: true });
    } catch (error) {
      throw new Error(`${place} (${operation.name || operation.id}): the body does not parse: ${(error as Error).message}`, { cause: error });
    }
  });
  return manifest as PersistedQueryManifest;
}

/** The fragments an operation spreads, directly or through other fragments. */
function fragmentsUsedBy(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: DefinitionNode[] = [operation];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (!fragment) throw new Error(`the fragment ${node.name.value} is spread but not defined in the documents`);
        if (!used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...used.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}

/**
 * A manifest of every named operation in `documents` (fragments may live in any of them), each
 * body printed as graphql-js prints it after `transform` (e.g. Apollo Client's
 * `addTypenameToDocument`, so that bodies and ids are what Apollo Client sends), each id the
 * SHA-256 of its body: the same id Apollo Client's persisted-queries link computes.
 */
export function buildManifest(documents: DocumentNode[], transform: (document: DocumentNode) => DocumentNode = (d) => d): PersistedQueryManifest {
  const definitions = documents.flatMap((d) => d.definitions);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const names = new Set<string>();
  const operations: ManifestOperation[] = [];
  for (const definition of definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const name = definition.name?.value;
    if (!name) throw new Error('every operation of a persisted query manifest needs a name; one has none');
    if (names.has(name)) throw new Error(`two operations are named ${name}; names must be unique`);
    names.add(name);
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [definition, ...fragmentsUsedBy(definition, fragments)] };
    const body = print(transform(document));
    operations.push({ id: sha256Hex(body), name, type: definition.operation, body });
  }
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}
