import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { supergraphRequirements } from '../../gateway/auth/operation-check';
import { composeWithDirectory, LOCAL_DIRECTORY_URL } from '../../gateway/compose';
import { directoryTypeDefs, DIRECTORY_SUBGRAPH } from '../../gateway/directory';
import { registryContractMarksMissing } from '../../gateway/supergraph-access-marks';
import { ComposedSupergraph, supergraphForApolloGateway } from '../../gateway/supergraph-source';
import { MemoryStore } from '../../shared/store/memory-store';
import { labsSubgraph } from '../../subgraphs/labs';

/**
 * SUPERGRAPH_FILE serves only a supergraph with the directory; but a supergraph another tool (rover)
 * composed with the directory in it passed none of the checks `npm run compose` makes. There a
 * subgraph that is no registry declared `Person`, and the gateway would send it, unscreened, the
 * national code of everyone the graph resolves (audit, 2026-12-07). The file's subgraphs are checked
 * again as `npm run compose` checks them.
 */

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
/** A subgraph that is no registry, declaring the type keyed by national code. */
const INTRUDER = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Person @key(fields: "nationalCode") { nationalCode: String! seenBy: String }
type Query { intruderPing: String }`;

describe('a supergraph file', () => {
  let dir: string;
  let labs: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'supergraph-file-'));
    labs = printSubgraphSchema(labsSubgraph.create(new MemoryStore()).module.schema);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const served = (file: string, registries = {}) =>
    new ComposedSupergraph(
      {
        subgraphs: [{ name: 'labs', url: 'http://labs/graphql' }],
        registries,
        startupTimeoutMs: 1_000,
        staleStartAfterMs: 0,
        pollIntervalMs: 0,
        supergraphFile: file,
      },
      quiet,
    ).initialize({ update: () => undefined });

  it('is served when `npm run compose` wrote it', async () => {
    const file = join(dir, 'composed.graphql');
    writeFileSync(file, composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: labs }]).supergraphSdl);
    await expect(served(file)).resolves.toMatchObject({ supergraphSdl: expect.stringContaining('join__Graph') });
  });

  it('is refused when another tool composed it with the directory and a subgraph that is no registry declares Person', async () => {
    const composed = composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: labs }]);
    const byAnotherTool = composeServices([
      { name: 'labs', url: 'http://labs/graphql', typeDefs: parse(labs) },
      { name: 'intruder', url: 'http://intruder/graphql', typeDefs: parse(INTRUDER) },
      { name: DIRECTORY_SUBGRAPH, url: LOCAL_DIRECTORY_URL, typeDefs: directoryTypeDefs(composed.directory) },
    ]);
    expect(byAnotherTool.errors).toBeUndefined();
    const file = join(dir, 'by-another-tool.graphql');
    writeFileSync(file, byAnotherTool.supergraphSdl!);
    await expect(served(file, { intruder: false })).rejects.toThrow(
      /does not keep the registries apart .*subgraph intruder declares Person, which is keyed by national code, but is not a registry/s,
    );
    await expect(served(file)).rejects.toThrow(/does not keep the registries apart .*subgraph intruder is configured as a registry, but its schema has no Person\.intruder/s);
  });

  it("is refused when another tool composed it with a registry whose members' national codes and contacts carry no @requiresScopes", async () => {
    const unguarded = labs.replace(/(nationalCode: String!|contact: ContactDetails)\s*@requiresScopes\(scopes: \[\["personal:read"\]\]\)/g, '$1');
    expect(unguarded).not.toEqual(labs);
    const file = join(dir, 'unguarded.graphql');
    writeFileSync(file, composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: unguarded }], {}, { personalFieldsOf: [] }).supergraphSdl);
    await expect(served(file)).rejects.toThrow(
      /does not keep the registries apart .*\[PERSONAL_FIELD_UNGUARDED\] LabsMember\.nationalCode holds personal data but labs does not guard it/s,
    );
  });

  // The last good supergraph a gateway kept (SUPERGRAPH_CACHE) was checked by the version that wrote it: after an
  // upgrade adding a check, it was served at start unchecked, and kept while the subgraphs failed the new check (audit, 2026-12-07).
  it('is not started from when the last good supergraph kept fails a check the gateway makes now', async () => {
    const unguarded = labs.replace(/(nationalCode: String!|contact: ContactDetails)\s*@requiresScopes\(scopes: \[\["personal:read"\]\]\)/g, '$1');
    const cacheFile = join(dir, 'last-good.graphql');
    writeFileSync(cacheFile, composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: unguarded }], {}, { personalFieldsOf: [] }).supergraphSdl);
    const warnings: string[] = [];
    const fromCache = (file: string) =>
      new ComposedSupergraph(
        { subgraphs: [{ name: 'labs', url: 'http://127.0.0.1:1/graphql' }], startupTimeoutMs: 300, staleStartAfterMs: 0, pollIntervalMs: 0, cacheFile: file },
        { ...quiet, warn: (message: string) => void warnings.push(message) },
      ).initialize({ update: () => undefined });
    await expect(fromCache(cacheFile)).rejects.toThrow();
    expect(warnings).toEqual([expect.stringMatching(/not starting from the last good supergraph .*PERSONAL_FIELD_UNGUARDED\] LabsMember\.nationalCode/s)]);
    // One that passes every check is still started from.
    writeFileSync(cacheFile, composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: labs }]).supergraphSdl);
    await expect(fromCache(cacheFile)).resolves.toMatchObject({ supergraphSdl: expect.stringContaining('join__Graph') });
  });

  // Extraction drops a registry's own marks, so composing the extracted subgraphs again could not tell
  // that a file dropped one: a file whose `_memberCodes` had lost `@inaccessible` answered anyone every
  // member's national code (audit, 2026-12-07). The registry contract's marks are checked instead.
  it("is refused when it lacks an access mark the registry contract gives a registry's field", async () => {
    const composed = composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: labs }]).supergraphSdl;
    expect(registryContractMarksMissing(composed, ['labs'])).toEqual([]);
    const exposed = composed.replace(/(_memberCodes\([^)]*\): \[String!\]!) @inaccessible/, '$1');
    const sliced = composed.replace(/(\n {2}labs: CountSlice!) @inaccessible/, '$1');
    for (const [name, file, coordinate] of [
      ['exposed', exposed, 'Query._memberCodes'],
      ['sliced', sliced, 'CountList.labs'],
    ] as const) {
      expect(file).not.toEqual(composed);
      writeFileSync(join(dir, `${name}.graphql`), file);
      await expect(served(join(dir, `${name}.graphql`))).rejects.toThrow(
        new RegExp(
          `does not keep the registries apart .*\\[ACCESS_MARK_MISSING\\] ${coordinate.replace('.', '\\.')} lacks @inaccessible, which the registry contract gives it`,
          's',
        ),
      );
    }
  });

  // The directory's part of the file is not among the subgraphs checked, and the gateway alone guards
  // the directory's fields: a file whose `Query.person` had lost its mark answered anyone's look-up
  // by national code with the person's name and registries (audit, 2026-12-07).
  it('is refused when it lacks an access mark the directory gives', async () => {
    const composed = composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: labs }]).supergraphSdl;
    const unmarked = composed.replace(/(\): Person @join__field\(graph: DIRECTORY\)) @requiresScopes\(scopes: \[\["personal:read"\]\]\)/, '$1');
    expect(unmarked).not.toEqual(composed);
    const file = join(dir, 'unmarked.graphql');
    writeFileSync(file, unmarked);
    await expect(served(file)).rejects.toThrow(
      /does not keep the registries apart .*\[ACCESS_MARK_MISSING\] Query\.person lacks @requiresScopes\(scopes: \[\["personal:read"\]\]\)/s,
    );
  });

  // The gateway reads a mark by the name the file's @link gives its feature: a file that renamed the
  // feature and kept `@requiresScopes` as a directive of its own carried every mark by name, and the
  // gateway guarded none of them (Query.person answered anyone; audit, 2026-12-07).
  it('is refused when its link renames a feature, so that the marks it keeps by name guard nothing', async () => {
    const composed = composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: labs }]).supergraphSdl;
    const link = '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)';
    expect(composed).toContain(link);
    const renamed = composed.replace(link, '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", as: "scopesOff", for: SECURITY)');
    expect(supergraphRequirements(renamed).get('Query.person')).toBeUndefined();
    const file = join(dir, 'renamed.graphql');
    writeFileSync(file, renamed);
    await expect(served(file)).rejects.toThrow(
      /does not keep the registries apart .*\[ACCESS_MARK_MISSING\] Query\.person lacks @requiresScopes\(scopes: \[\["personal:read"\]\]\)/s,
    );
  });

  it('is served when it renames a feature and carries the marks under that name', async () => {
    const composed = composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: labs }]).supergraphSdl;
    const renamed = composed
      .replace(
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", as: "scopes", for: SECURITY)',
      )
      .replace(/@requiresScopes\(/g, '@scopes(')
      .replace(/requiresScopes__Scope/g, 'scopes__Scope');
    expect(supergraphRequirements(renamed).get('Query.person')).toEqual(supergraphRequirements(composed).get('Query.person'));
    const file = join(dir, 'renamed-and-marked.graphql');
    writeFileSync(file, renamed);
    await expect(served(file)).resolves.toMatchObject({ supergraphSdl: expect.stringContaining('join__Graph') });
  });

  // Apollo Gateway hides a field by the @inaccessible of https://specs.apollo.dev/inaccessible only: a
  // file that renamed that link and linked another spec named `inaccessible` (example.com) kept every
  // mark by name and passed, while the gateway served every field they marked, the directory's own
  // (`CountList.filter`...) and the registries' (`Query._memberCodes`: the members' national codes,
  // answered anyone; audit, 2026-12-07).
  it("is refused when its @inaccessible marks are another spec's that bears the feature's name", async () => {
    const composed = composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: labs }]).supergraphSdl;
    const link = '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", for: SECURITY)';
    const definition = composed.split('\n').find((line) => line.startsWith('directive @inaccessible'))!;
    expect(composed).toContain(link);
    const forged = composed
      .replace(link, '@link(url: "https://specs.apollo.dev/inaccessible/v0.2", as: "hidden", for: SECURITY) @link(url: "https://example.com/inaccessible/v0.2")')
      .replace(definition, `${definition}\n${definition.replace('@inaccessible', '@hidden')}`);
    expect(Object.keys(Supergraph.build(supergraphForApolloGateway(forged)).apiSchema().toGraphQLJSSchema().getQueryType()!.getFields())).toContain('_memberCodes');
    const file = join(dir, 'inaccessible-elsewhere.graphql');
    writeFileSync(file, forged);
    await expect(served(file)).rejects.toThrow(/does not keep the registries apart .*\[ACCESS_MARK_MISSING\] CountList\.filter lacks @inaccessible/s);
  });
});
