import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnumTypeDefinitionNode, GraphQLEnumType, Kind, parse, print } from 'graphql';
import { composeWithDirectory, CompositionError, directoryPlanOfSupergraph } from '../../gateway/compose';
import { readSupergraphConfigEntries, registrySettingsOf } from '../../gateway/config';
import { buildDirectory, directoryTypeDefs, graphRegistries } from '../../gateway/directory';
import { perRegistry } from '../../gateway/directory/per-registry';
import { ComposedSupergraph } from '../../gateway/supergraph-source';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { MemoryStore } from '../../shared/store/memory-store';
import { labsSubgraph } from '../../subgraphs/labs';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the directory, built from the list of registries', () => {
  it("writes out every __Key__ type, __key__ field and @requires selection once per registry, in the list's order", () => {
    const template = parse(`
      type Person @key(fields: "nationalCode") {
        nationalCode: String!
        __key__: __Key__Member @external
        fullName: String @requires(fields: "__key__ { fullName }")
        other: String
      }
      type __Key__Member { fullName: String! @external }
    `);
    const built = print(perRegistry(template, ['labs', 'nurses']));
    expect(built).toContain('labs: LabsMember @external');
    expect(built).toContain('nurses: NursesMember @external');
    expect(built).toContain('fullName: String @requires(fields: "labs { fullName } nurses { fullName }")');
    expect(built).toMatch(/type LabsMember \{\s+fullName: String! @external\s+\}/);
    expect(built).toMatch(/type NursesMember \{\s+fullName: String! @external\s+\}/);
    expect(built).toContain('other: String');
    expect(built).not.toMatch(/__key__|__Key__/);
    expect(() => perRegistry(template, [])).toThrow(/at least one registry/);
  });

  it('makes the Registry enum of the configured values and names, and CredentialKind of the declared kinds', () => {
    const plan = {
      registries: graphRegistries([{ name: 'labs' }, { name: 'nurses' }, { name: 'probe' }], {
        labs: { names: { en: 'Laboratories', fa: 'انجمن آزمایشگاه‌ها' } },
        nurses: { enumValue: 'NURSING', names: { fa: 'پرستاران' } },
        probe: false,
      }),
      credentialKinds: [{ name: 'NURSES_LICENCE', registry: 'nurses', description: "A nurse's licence." }],
      registryEnums: {},
    };
    const typeDefs = directoryTypeDefs(plan);
    const enumOf = (name: string) => typeDefs.definitions.find((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === name)!;
    expect(enumOf('Registry').values!.map((value) => [value.name.value, value.description?.value])).toEqual([
      ['LABS', 'Laboratories (انجمن آزمایشگاه‌ها). Subgraph `labs`.'],
      ['NURSING', 'پرستاران. Subgraph `nurses`.'],
    ]);
    expect(enumOf('CredentialKind').values!.map((value) => value.name.value)).toEqual(['NURSES_LICENCE']);
    const schema = buildDirectory(plan).schema;
    expect((schema.getType('Registry') as GraphQLEnumType).getValues().map((value) => value.name)).toEqual(['LABS', 'NURSING']);
    expect(
      Object.keys(schema.getTypeMap())
        .filter((name) => /^(Labs|Nurses|Probe)/.test(name))
        .sort(),
    ).toEqual([
      'LabsMeeting',
      'LabsMember',
      'LabsOrganisation',
      'LabsOwnRecord',
      'LabsResolution',
      'NursesMeeting',
      'NursesMember',
      'NursesOrganisation',
      'NursesOwnRecord',
      'NursesResolution',
    ]);
    // No registry declares a kind: the enum still has a value, and the directory still builds.
    expect(() => buildSubgraphSchema({ typeDefs: directoryTypeDefs({ registries: plan.registries, credentialKinds: [] }) })).not.toThrow();
  });

  it('refuses a configuration that cannot name registries, saying which entry', () => {
    expect(() => graphRegistries([{ name: 'Bad-Name' }])).toThrow(/subgraph Bad-Name cannot be a registry.*registry: false/);
    expect(() => graphRegistries([{ name: 'labs' }], { labs: { enumValue: 'labs' } })).toThrow(/enum_value "labs" must be upper-case/);
    expect(() => graphRegistries([{ name: 'labs' }, { name: 'lab' }], { lab: { enumValue: 'LABS' } })).toThrow(/labs and lab have the same enum value LABS/);
    expect(graphRegistries([{ name: 'probe-service' }], { 'probe-service': false })).toEqual([]);
  });
});

describe("the gateway's configuration of registries", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'registries-config-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = join(folder, name);
    writeFileSync(file, text);
    return file;
  };

  it("reads each subgraph's registry block: its enum value and names, or false for a subgraph that is not a registry", () => {
    const file = write(
      'ok.yaml',
      `subgraphs:
  labs:
    routing_url: http://labs/graphql
    registry:
      enum_value: LABS
      names: { fa: "انجمن آزمایشگاه‌ها", en: Laboratories }
  probe:
    routing_url: http://probe/graphql
    registry: false
  nurses:
    routing_url: http://nurses/graphql
`,
    );
    const entries = readSupergraphConfigEntries(file, {});
    expect(registrySettingsOf(entries)).toEqual({ labs: { enumValue: 'LABS', names: { fa: 'انجمن آزمایشگاه‌ها', en: 'Laboratories' } }, probe: false, nurses: {} });
    expect(graphRegistries(entries, registrySettingsOf(entries)).map((r) => r.enumValue)).toEqual(['LABS', 'NURSES']);
  });

  it('says what is wrong with a registry block', () => {
    const file = write('bad.yaml', 'subgraphs:\n  labs:\n    routing_url: http://labs/graphql\n    registry:\n      names: { de: Labore }\n');
    expect(() => readSupergraphConfigEntries(file, {})).toThrow(/subgraph labs: registry.names takes a name per language \(fa, ar, fr, en\); got de/);
  });

  it('refuses a subgraph named like the scopes of the whole graph (personal:read, analytics:query), registry or not', () => {
    for (const name of ['personal', 'analytics']) {
      const file = write(`${name}.yaml`, `subgraphs:\n  labs:\n    routing_url: http://labs/graphql\n  ${name}:\n    routing_url: http://${name}/graphql\n    registry: false\n`);
      expect(() => readSupergraphConfigEntries(file, {})).toThrow(new RegExp(`subgraph ${name}: "${name}" names scopes of the whole graph`));
    }
  });

  it('reads the file again for the next composition, keeping the last good list when it turns unreadable', () => {
    const file = write('live.yaml', 'subgraphs:\n  labs:\n    routing_url: http://labs/graphql\n');
    const warnings: string[] = [];
    const source = new ComposedSupergraph(
      { subgraphs: [{ name: 'labs', url: 'http://labs/graphql' }], configFile: file, configEnvironment: {}, startupTimeoutMs: 0, staleStartAfterMs: 0, pollIntervalMs: 0 },
      { ...quiet, warn: (message: string) => void warnings.push(message) },
    );
    writeFileSync(file, 'subgraphs:\n  labs:\n    routing_url: http://labs/graphql\n  nurses:\n    routing_url: http://nurses/graphql\n    registry: { enum_value: NURSES }\n');
    source.readConfiguration();
    expect(source.configuration.subgraphs.map((s) => s.name)).toEqual(['labs', 'nurses']);
    expect(source.configuration.registries).toEqual({ labs: {}, nurses: { enumValue: 'NURSES' } });
    writeFileSync(file, 'subgraphs: {}\n');
    source.readConfiguration();
    expect(source.configuration.subgraphs.map((s) => s.name)).toEqual(['labs', 'nurses']);
    expect(warnings).toEqual([expect.stringMatching(/cannot use .*live\.yaml \(.*lists no subgraphs\); keeping the subgraphs it listed before/)]);
    writeFileSync(file, 'subgraphs:\n  labs:\n    routing_url: http://labs/graphql\n');
    source.readConfiguration();
    expect(source.configuration.subgraphs.map((s) => s.name)).toEqual(['labs']);
  });
});

describe('composing with the directory', () => {
  let labs: string;
  beforeAll(() => {
    labs = printSubgraphSchema(labsSubgraph.create(new MemoryStore()).module.schema);
  });

  it('reads back from a composed supergraph what its directory was built for', () => {
    const composed = composeWithDirectory([{ name: 'labs', url: 'http://labs/graphql', sdl: labs }], { labs: { enumValue: 'LABORATORIES' } });
    expect(composed.directory.registries).toEqual([{ key: 'labs', enumValue: 'LABORATORIES', names: {} }]);
    expect(composed.directory.credentialKinds.map((kind) => kind.name)).toEqual(['LAB_ACCREDITATION']);
    // The enums labs alone declares: its own, not the shared ones it alone serves here (PersonOrder), nor the directory's (Registry, Locale).
    expect(composed.directory.registryEnums).toEqual({ labs: ['AccreditationScope', 'LabsCredentialKind', 'LabsOrganisationKind'] });
    expect(composed.supergraphSdl).toMatch(/enum Registry[^}]*LABORATORIES/);
    expect(directoryPlanOfSupergraph(composed.supergraphSdl, [{ name: 'labs', url: 'http://labs/graphql' }], { labs: { enumValue: 'LABORATORIES' } })).toEqual(composed.directory);
  });

  it("says in the operator's terms when a configured registry has no view of people", () => {
    const probe = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Query { probe: String }';
    const compose = () =>
      composeWithDirectory([
        { name: 'labs', url: 'http://labs/graphql', sdl: labs },
        { name: 'probe', url: 'http://probe/graphql', sdl: probe },
      ]);
    expect(compose).toThrow(CompositionError);
    expect(compose).toThrow(/subgraph probe is configured as a registry, but its schema has no Person\.probe .*registry: false/);
    expect(() =>
      composeWithDirectory(
        [
          { name: 'labs', url: 'http://labs/graphql', sdl: labs },
          { name: 'probe', url: 'http://probe/graphql', sdl: probe },
        ],
        { probe: false },
      ),
    ).not.toThrow();
  });
});
