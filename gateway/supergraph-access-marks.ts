import { readFileSync } from 'node:fs';
import { ConstDirectiveNode, DocumentNode, GraphQLError, Kind, parse, print } from 'graphql';
import { sharedSchemaFiles } from '../shared/labels/labels';
import { fillRegistryTemplate, RegistryKey } from '../shared/registry/keys';
import { APOLLO_SPECS, linkedDirectiveNames } from './supergraph-links';

/** The features whose directives keep a part of the graph from a caller: who may read it, or that no client may. */
const ACCESS_FEATURES = ['requiresScopes', 'authenticated', 'inaccessible'] as const;

/**
 * The access mark each directive name of `document` stands for, by the names its `@link`s give the
 * features (`@link(url: ".../requiresScopes/v0.1", as: "scopes")` names it `@scopes`), as the
 * gateway reads them when it guards fields (gateway/auth/operation-check.ts). A directive that only
 * bears a feature's name, with no link giving it that name, marks nothing; nor does one a link to
 * another spec of the feature's name gives (`https://example.com/inaccessible/v0.2`): Apollo
 * Gateway hides no field by it (audit, 2026-12-07: `Query._memberCodes` answered anyone).
 */
function accessMarkNames(document: DocumentNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const feature of ACCESS_FEATURES) for (const name of linkedDirectiveNames(document, feature, feature, APOLLO_SPECS)) names.set(name, feature);
  return names;
}

/**
 * Each type, field and argument of a supergraph with the access marks it carries, printed under the
 * feature's own name whatever the file calls it (`Query.person` → `@requiresScopes(...)`).
 */
function accessMarksOf(document: DocumentNode, names = accessMarkNames(document)): Map<string, Set<string>> {
  const marks = new Map<string, Set<string>>();
  const note = (coordinate: string, directives: readonly ConstDirectiveNode[] | undefined) => {
    const printed = (directives ?? []).flatMap((directive) => {
      const feature = names.get(directive.name.value);
      return feature === undefined ? [] : [print({ ...directive, name: { kind: Kind.NAME, value: feature } })];
    });
    if (printed.length === 0) return;
    const known = marks.get(coordinate) ?? new Set<string>();
    for (const mark of printed) known.add(mark);
    marks.set(coordinate, known);
  };
  forEachCoordinate(document, note);
  return marks;
}

/** Calls `visit` with each type, field and argument of `document`'s object and interface types, and their directives. */
function forEachCoordinate(document: DocumentNode, visit: (coordinate: string, directives: readonly ConstDirectiveNode[] | undefined) => void): void {
  for (const definition of document.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION
    )
      continue;
    const type = definition.name.value;
    visit(type, definition.directives);
    for (const field of definition.fields ?? []) {
      visit(`${type}.${field.name.value}`, field.directives);
      for (const argument of field.arguments ?? []) visit(`${type}.${field.name.value}(${argument.name.value}:)`, argument.directives);
    }
  }
}

/**
 * Where a supergraph read from a file lacks an access mark (`@requiresScopes`, `@authenticated`,
 * `@inaccessible`) that composing its subgraphs with the gateway's directory gives: one error per
 * type, field or argument, naming the mark. The gateway refuses what these marks guard by the
 * supergraph it serves, and for the directory (answered in the gateway) nothing else does: a file
 * whose `Query.person` had lost `@requiresScopes` answered anyone's look-up by national code with
 * the person's name and registries (audit, 2026-12-07). A mark the file adds is kept. Marks are read
 * by the names the file's `@link`s give them, as the gateway reads them: a file that renamed the
 * feature (`as:`) and kept `@requiresScopes` as a directive of its own passed by name while the
 * gateway guarded nothing (audit, 2026-12-07).
 */
export function accessMarksMissing(composedSdl: string, servedSdl: string): GraphQLError[] {
  const served = accessMarksOf(parse(servedSdl, { noLocation: true }));
  const missing: GraphQLError[] = [];
  for (const [coordinate, marks] of accessMarksOf(parse(composedSdl, { noLocation: true }))) {
    for (const mark of marks) {
      if (served.get(coordinate)?.has(mark)) continue;
      missing.push(
        new GraphQLError(`${coordinate} lacks ${mark}, which composing its subgraphs with the directory gives it: the file would serve it to callers it is kept from`, {
          extensions: { code: 'ACCESS_MARK_MISSING' },
        }),
      );
    }
  }
  return missing;
}

/** The registry contract's schema files (shared/'s), read once: every registry serves their types and fields, with their marks. */
let contractTemplates: string[] | undefined;

/**
 * Where a supergraph read from a file lacks an access mark the registry contract gives a type,
 * field or argument every registry serves (shared/'s schema files, filled for each registry of the
 * file: `_memberCodes @inaccessible`, `CountList.<key> @inaccessible`, a governance field's
 * `@requiresScopes`...). The subgraphs extracted from a file have lost their marks, so composing them
 * again (accessMarksMissing) cannot tell that the file dropped one of a registry's own: a file whose
 * `Query._memberCodes` had lost `@inaccessible` answered anyone every member's national code
 * (audit, 2026-12-07). A coordinate the file does not serve is not asked for.
 */
export function registryContractMarksMissing(servedSdl: string, registries: readonly RegistryKey[]): GraphQLError[] {
  const served = parse(servedSdl, { noLocation: true });
  const servedMarks = accessMarksOf(served);
  const coordinates = new Set<string>();
  forEachCoordinate(served, (coordinate) => coordinates.add(coordinate));
  contractTemplates ??= sharedSchemaFiles().map((file) => readFileSync(file, 'utf8'));
  // In a subgraph's schema the features are imported under their own names (`@inaccessible`, `@requiresScopes`).
  const ownNames = new Map(ACCESS_FEATURES.map((feature) => [feature, feature]));
  const missing = new Map<string, GraphQLError>();
  for (const registry of registries) {
    const contract = parse(contractTemplates.map((template) => fillRegistryTemplate(template, registry)).join('\n'), { noLocation: true });
    for (const [coordinate, marks] of accessMarksOf(contract, ownNames)) {
      if (!coordinates.has(coordinate)) continue;
      for (const mark of marks) {
        if (servedMarks.get(coordinate)?.has(mark) || missing.has(`${coordinate} ${mark}`)) continue;
        missing.set(
          `${coordinate} ${mark}`,
          new GraphQLError(`${coordinate} lacks ${mark}, which the registry contract gives it (shared/'s schema files): the file would serve it to callers it is kept from`, {
            extensions: { code: 'ACCESS_MARK_MISSING' },
          }),
        );
      }
    }
  }
  return [...missing.values()];
}
