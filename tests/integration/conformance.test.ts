import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { mergeResolvers } from '../../shared/graphql/merge-resolvers';
import { labsDefinition } from '../../subgraphs/labs';
import { defineRegistry } from '../../shared/registry/define';
import { memberCodeQueries } from '../../shared/registry/member-codes';
import { RegistryContext } from '../../shared/registry/context';
import { runSubgraph } from '../../shared/server/run';
import { RunningSubgraph, startSubgraph } from '../../shared/server/subgraph';
import { MemoryStore } from '../../shared/store/memory-store';
import { checkConformance, ConformanceReport } from '../../scripts/conformance/run';
import { CLAUSES } from '../../scripts/conformance/clauses';
import { TEST_JWKS, TEST_SIGNER, TEST_SIGNING_KEY, useTestSecrets } from '../support/auth';
import { GatewaySigningKeys, generateGatewayKeyPem, keyMaterialSource } from '../../gateway/trust';
import { ALL_SUBGRAPHS } from '../support/graph';
import { REPOSITORY_ROOT, runScript } from '../support/repository-copy';

/**
 * The conformance kit (scripts/conformance/, docs/registry-contract.md) against the four founding
 * subgraphs, which meet every clause, and against subgraphs each broken in one way, whose broken
 * clause it names. (A freshly scaffolded association passes it too: tests/integration/join-registry.test.ts
 * runs the kit on one before it joins.)
 */

const outcomes = (report: ConformanceReport) => Object.fromEntries(report.results.map((result) => [result.id, result.outcome.status]));
const notMet = (report: ConformanceReport) => report.results.filter((result) => result.outcome.status === 'not met' && result.level === 'MUST').map((result) => result.id);

/** The labs registry with its schema files read from `schemaFolder` and the resolvers given: a registry broken one way. */
const labsVariant = (schemaFolder: string, resolvers: ReturnType<typeof mergeResolvers>) =>
  defineRegistry({ ...labsDefinition, defaultPort: 0, schemaFiles: ['schema.graphql', 'credentials.graphql'].map((file) => join(schemaFolder, file)), resolvers });

describe('the conformance kit', () => {
  const running: RunningSubgraph[] = [];
  const urls: Record<string, string> = {};
  let keyFolder: string;
  let keyFile: string;
  /** A key with an X25519 half, as `--new-key` makes it: the subgraphs started under "mac" and "signed only" trust it. */
  const macKeys = new GatewaySigningKeys(keyMaterialSource(generateGatewayKeyPem(), 'a key with an X25519 half'));

  const start = async (name: string, starting: () => Promise<RunningSubgraph>) => {
    const subgraph = await starting();
    running.push(subgraph);
    urls[name] = subgraph.url;
  };

  beforeAll(async () => {
    process.env.LOG_LEVEL ??= 'silent';
    useTestSecrets();
    keyFolder = mkdtempSync(join(tmpdir(), 'conformance-'));
    keyFile = join(keyFolder, 'signing-key.pem');
    writeFileSync(keyFile, TEST_SIGNING_KEY);
    for (const definition of ALL_SUBGRAPHS) {
      await start(definition.key, () => runSubgraph(definition, { port: 0, host: '127.0.0.1', databaseName: `registry_${definition.key}`, seedDemoData: true }, new MemoryStore()));
    }

    // Broken 1: the labs registry, but its member codes come back in reverse order (CODES-1).
    const reversed = labsVariant(
      join(REPOSITORY_ROOT, 'subgraphs', 'labs'),
      mergeResolvers(labsDefinition.resolvers, {
        Query: {
          _memberCodes: async (parent: unknown, args: { after?: string | null; first: number }, context: RegistryContext) =>
            [...(await memberCodeQueries._memberCodes(parent, args, context))].reverse(),
        },
      }),
    );
    await start('reversed', () => runSubgraph(reversed, { port: 0, host: '127.0.0.1', databaseName: 'registry_reversed', seedDemoData: true }, new MemoryStore()));

    // Broken 1b: the labs registry with its members' national code and contact left unguarded (PRIV-1):
    // it composes, and through the gateway an anonymous caller would read them.
    const leakyFolder = join(keyFolder, 'leaky-labs');
    mkdirSync(leakyFolder);
    for (const file of ['schema.graphql', 'schema.labels.yaml', 'credentials.graphql', 'credentials.labels.yaml']) {
      const source = join(REPOSITORY_ROOT, 'subgraphs', 'labs', file);
      if (file.endsWith('.graphql')) {
        writeFileSync(
          join(leakyFolder, file),
          readFileSync(source, 'utf8').replace(/(nationalCode: String!|contact: ContactDetails) @requiresScopes\(scopes: \[\["personal:read"\]\]\)/g, '$1'),
        );
      } else copyFileSync(source, join(leakyFolder, file));
    }
    const leaky = labsVariant(leakyFolder, labsDefinition.resolvers);
    await start('leaky', () => runSubgraph(leaky, { port: 0, host: '127.0.0.1', databaseName: 'registry_leaky', seedDemoData: true }, new MemoryStore()));

    // Broken 2: the labs registry in development mode, answering requests nobody signed (TRUST-1).
    process.env.SUBGRAPH_TRUST = 'unsigned';
    try {
      await start('unsigned', () => runSubgraph(ALL_SUBGRAPHS[0]!, { port: 0, host: '127.0.0.1', databaseName: 'registry_unsigned', seedDemoData: true }, new MemoryStore()));
    } finally {
      delete process.env.SUBGRAPH_TRUST;
    }

    // Broken 3: a hand-written registry with a view of people only: nothing of organisations, projects, lists or member codes.
    process.env.GATEWAY_JWKS = JSON.stringify(macKeys.jwks());
    try {
      for (const [name, x25519] of [
        ['mac', undefined],
        ['signed only', 'none'],
      ] as const) {
        if (x25519) process.env.SUBGRAPH_X25519_KEY = x25519;
        await start(name, () => runSubgraph(ALL_SUBGRAPHS[1]!, { port: 0, host: '127.0.0.1', databaseName: `registry_${name}`, seedDemoData: true }, new MemoryStore()));
        delete process.env.SUBGRAPH_X25519_KEY;
      }
    } finally {
      process.env.GATEWAY_JWKS = TEST_JWKS;
    }

    const schema = buildSubgraphSchema({
      typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        "Entry points."
        type Query { "Members." nursesMembers: Int }
        "A person."
        type Person @key(fields: "nationalCode") { "Code." nationalCode: String! "Record." nurses: NursesMember }
        "A member."
        type NursesMember { "Name." fullName: String! }`),
      resolvers: { Query: { nursesMembers: () => 0 } },
    });
    await start('partial', () => startSubgraph({ name: 'nurses', schema, createContext: () => ({}) }, async () => ({ ready: true }), { port: 0, host: '127.0.0.1' }));
  });

  afterAll(async () => {
    await Promise.all(running.map((subgraph) => subgraph.stop()));
    if (keyFolder) rmSync(keyFolder, { recursive: true, force: true });
  });

  it.each(['labs', 'auditors', 'engineering', 'guilds'])('finds the %s subgraph meets every MUST clause', async (key) => {
    const report = await checkConformance({ url: urls[key]!, key, signer: TEST_SIGNER });
    expect(report.key).toBe(key);
    expect(report.results.map((result) => result.id)).toEqual(CLAUSES.map((clause) => clause.id));
    const must = report.results.filter((result) => result.level === 'MUST');
    expect(must.filter((result) => !['met', 'not checkable'].includes(result.outcome.status)).map((result) => ({ id: result.id, outcome: result.outcome }))).toEqual([]);
    expect(must.filter((result) => result.outcome.status === 'met').length).toBeGreaterThanOrEqual(18);
    expect(report.exitCode).toBe(0);
  });

  it('checks HS256 assertions (TRUST-5) on a subgraph that publishes an X25519 key, and every clause through them', async () => {
    const report = await checkConformance({ url: urls.mac!, key: 'auditors', keys: macKeys });
    expect(report.results.filter((result) => result.level === 'MUST' && !['met', 'not checkable'].includes(result.outcome.status))).toEqual([]);
    expect(report.results.find((result) => result.id === 'TRUST-5')!.outcome).toEqual({ status: 'met', detail: expect.stringMatching(/HS256 under .+ accepted once/) });
    expect(report.exitCode).toBe(0);
    // One that publishes none meets every MUST clause with Ed25519 assertions; TRUST-5 (SHOULD) says what it lacks.
    const signedOnly = await checkConformance({ url: urls['signed only']!, key: 'auditors', keys: macKeys });
    expect(signedOnly.exitCode).toBe(0);
    expect(signedOnly.results.find((result) => result.id === 'TRUST-5')!.outcome).toEqual({ status: 'not met', reason: expect.stringMatching(/no X25519 key at .+ Ed25519/) });
    // A key without an X25519 half checks the rest, and says TRUST-5 needs one.
    const withoutX25519 = await checkConformance({ url: urls.labs!, key: 'labs', signer: TEST_SIGNER });
    expect(withoutX25519.results.find((result) => result.id === 'TRUST-5')!.outcome).toEqual({
      status: 'not checked',
      reason: expect.stringMatching(/needs a key file with an X25519 key/),
    });
  });

  it('names the broken clause: member codes out of order (CODES-1), and nothing else', async () => {
    const report = await checkConformance({ url: urls.reversed!, key: 'labs', signer: TEST_SIGNER });
    expect(notMet(report)).toEqual(['CODES-1']);
    const codes = report.results.find((result) => result.id === 'CODES-1')!.outcome;
    expect(codes).toEqual({ status: 'not met', reason: expect.stringMatching(/not in code order/) });
    expect(report.exitCode).toBe(1);
  });

  it("names the broken clauses: members' national codes and contacts answered without personal:read (PRIV-1, and COMPOSE-1)", async () => {
    const report = await checkConformance({ url: urls.leaky!, key: 'labs', signer: TEST_SIGNER });
    // The gateway refuses to compose it too (gateway/personal-fields.ts), which the kit reports under COMPOSE-1.
    expect(notMet(report)).toEqual(['COMPOSE-1', 'PRIV-1']);
    expect(report.results.find((result) => result.id === 'COMPOSE-1')!.outcome).toEqual({ status: 'not met', reason: expect.stringMatching(/PERSONAL_FIELD_UNGUARDED/) });
    const outcome = report.results.find((result) => result.id === 'PRIV-1')!.outcome;
    expect(outcome).toEqual({
      status: 'not met',
      reason: expect.stringMatching(/LabsMember\.nationalCode holds personal data but labs does not guard it.*LabsMember\.contact holds personal data/),
    });
    expect(report.exitCode).toBe(1);
  });

  it('names the broken clause: a subgraph in development mode answers unsigned requests (TRUST-1)', async () => {
    const report = await checkConformance({ url: urls.unsigned!, key: 'labs', signer: TEST_SIGNER });
    expect(notMet(report)).toEqual(expect.arrayContaining(['TRUST-1']));
    expect(report.results.find((result) => result.id === 'TRUST-1')!.outcome).toEqual({ status: 'not met', reason: expect.stringMatching(/HTTP 200.*development mode/) });
    expect(report.exitCode).toBe(1);
  });

  it('names the broken clauses of a registry with a view of people only, from its schema alone', async () => {
    const report = await checkConformance({ url: urls.partial!, key: 'nurses', signer: TEST_SIGNER });
    expect(report.key).toBe('nurses');
    const status = outcomes(report);
    expect(status).toMatchObject({ 'SRV-1': 'met', 'VIEW-1': 'met', 'COMPOSE-1': 'not met', 'VIEW-2': 'not met', 'VIEW-4': 'not met', 'VIEW-5': 'not met', 'CODES-1': 'not met' });
    expect(report.results.find((result) => result.id === 'VIEW-2')!.outcome).toEqual({
      status: 'not met',
      reason: expect.stringMatching(/no field Organisation\.nurses|no type Organisation/),
    });
    expect(report.exitCode).toBe(1);
  });

  it('runs as npm run conformance: exit 0 with a key, 3 without one, 1 naming the broken clause', async () => {
    const passed = await runScript(REPOSITORY_ROOT, 'scripts/conformance.ts', [urls.labs!, '--key', 'labs', '--signing-key', keyFile]);
    expect(passed.stderr).toBe('');
    expect(passed.stdout).toMatch(/^PASSED: /m);
    for (const clause of CLAUSES) expect(passed.stdout).toContain(clause.id);
    expect(passed.code).toBe(0);

    const keyless = await runScript(REPOSITORY_ROOT, 'scripts/conformance.ts', [urls.labs!]);
    expect(keyless.stdout).toMatch(/not checked +TRUST-3/);
    expect(keyless.stdout).toMatch(/^INCOMPLETE: .*Give --signing-key/m);
    expect(keyless.code).toBe(3);

    const broken = await runScript(REPOSITORY_ROOT, 'scripts/conformance.ts', [urls.reversed!, '--key', 'labs', '--signing-key', keyFile]);
    expect(broken.stdout).toMatch(/NOT MET +CODES-1 +MUST/);
    expect(broken.stdout).toMatch(/^FAILED: .*CODES-1/m);
    expect(broken.code).toBe(1);

    const unreachable = await runScript(REPOSITORY_ROOT, 'scripts/conformance.ts', ['http://127.0.0.1:1/graphql']);
    expect(unreachable.stderr).toMatch(/cannot reach/);
    expect(unreachable.code).toBe(2);
  });
});

jest.setTimeout(240_000);
