import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tokenSettingsFromEnvironment } from '../../gateway/auth/tokens';
import { gatewaySettingsFromEnvironment } from '../../gateway/config';
import { observabilitySettingsFromEnvironment } from '../../gateway/observability';
import { persistedQuerySettingsFromEnvironment } from '../../gateway/persisted-queries';
import { subgraphTrustFromEnvironment } from '../../shared/auth/subgraph-trust';
import { ConfigurationError, parseFlag } from '../../shared/config';
import { RegistrySubgraph, settingsFromEnvironment } from '../../shared/server/run';

const ROOT = join(__dirname, '..', '..');

/** A registry as the server reads its settings: its key and default port are all that count here. */
const sample: RegistrySubgraph = {
  key: 'sample',
  defaultPort: 4999,
  create: () => {
    throw new Error('not built in this test');
  },
};

/** The ConfigurationError `read` throws (fails the test when it throws none, or another error). */
function refusal(read: () => unknown): ConfigurationError {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('one reading of a switch', () => {
  it('reads true/false, 1/0, yes/no and on/off in any case, and nothing else', () => {
    for (const word of ['true', 'TRUE', '1', 'yes', 'Yes', 'on', ' ON ']) expect(parseFlag(word)).toBe(true);
    for (const word of ['false', 'False', '0', 'no', 'NO', 'off', 'Off']) expect(parseFlag(word)).toBe(false);
    for (const word of ['maybe', '2', 'y', 'enabled', '']) expect(parseFlag(word)).toBeUndefined();
  });

  it('accepts METRICS=1, APQ=1 and PERSISTED_QUERIES_REQUIRE_ID=1 as true', () => {
    expect(observabilitySettingsFromEnvironment({ METRICS: '1' }).metrics).toBe(true);
    expect(observabilitySettingsFromEnvironment({ METRICS: 'off' }).metrics).toBe(false);
    const persisted = persistedQuerySettingsFromEnvironment({ SAFELIST: 'enforce', PERSISTED_QUERIES_MANIFEST: 'operations.json', PERSISTED_QUERIES_REQUIRE_ID: '1', APQ: '1' });
    expect(persisted).toMatchObject({ requireId: true, apq: true });
    expect(persistedQuerySettingsFromEnvironment({ APQ: '0' }).apq).toBe(false);
  });

  it('refuses METRICS=maybe, naming METRICS, the value and what is accepted', () => {
    const error = refusal(() => observabilitySettingsFromEnvironment({ METRICS: 'maybe' }));
    expect(error.problems).toEqual(['METRICS must be true or false (or 1/0, yes/no, on/off); got "maybe"']);
  });
});

describe('a URL refused', () => {
  it('is repeated without its user and password, which the log is no place for', () => {
    const error = refusal(() =>
      gatewaySettingsFromEnvironment({
        REDIS_URL: 'redis//:r3dis/passw0rd@redis:6379',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector:c0llector-passw0rd@otel.example:4318',
        AUTH_JWKS_URL: 'svc:jwks-passw0rd@login.example/jwks.json',
      }),
    );
    expect(error.message).not.toMatch(/passw0rd/);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'REDIS_URL must be a redis:// or rediss:// URL such as redis://redis:6379; got "redis//***@redis:6379"',
        expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT must be .*; got "ftp:\/\/\*\*\*@otel\.example:4318"$/),
        expect.stringMatching(/^AUTH_JWKS_URL must be .*; got "\*\*\*@login\.example\/jwks\.json"$/),
      ]),
    );
  });
});

describe('a key set URL over plain http refused outside development', () => {
  // 395386f said *** for a refused URL's user and password; this refusal, of a URL that parses, still quoted them whole (audit, 2026-12-07).
  it('is repeated without its user and password', () => {
    const env = { NODE_ENV: 'production', AUTH_JWKS_URL: 'http://svc:jwks-passw0rd@login.example/jwks.json' };
    expect(() => tokenSettingsFromEnvironment(env)).toThrow(/AUTH_JWKS_URL is http:\/\/\*\*\*@login\.example\/jwks\.json, plain http/);
    expect(() => tokenSettingsFromEnvironment(env)).not.toThrow(/passw0rd/);
    const subgraph = { NODE_ENV: 'production', GATEWAY_JWKS_URL: 'http://gw:gw-passw0rd@gateway.example.org/.well-known/registries-gateway-jwks.json' };
    expect(() => subgraphTrustFromEnvironment(subgraph)).toThrow(/GATEWAY_JWKS_URL is http:\/\/\*\*\*@gateway\.example\.org/);
    expect(() => subgraphTrustFromEnvironment(subgraph)).not.toThrow(/passw0rd/);
  });
});

describe('all problems at once', () => {
  it("lists every refused variable of the gateway's environment in one error", () => {
    const error = refusal(() =>
      gatewaySettingsFromEnvironment({ METRICS: 'maybe', APQ: 'perhaps', LIMIT_DEPTH: '0', GATEWAY_PORT: '70000', REDIS_URL: 'localhost:6379', LOG_LEVEL: 'loud' }),
    );
    expect(error.problems).toEqual([
      'GATEWAY_PORT must be a port number (0 to 65535); got "70000"',
      'LIMIT_DEPTH must be a whole number from 1 up; got "0"',
      'METRICS must be true or false (or 1/0, yes/no, on/off); got "maybe"',
      'APQ must be true or false (or 1/0, yes/no, on/off); got "perhaps"',
      'REDIS_URL must be a redis:// or rediss:// URL such as redis://redis:6379; got "localhost:6379"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "loud"',
    ]);
    expect(error.message).toMatch(/^6 configuration problems:\n {2}- GATEWAY_PORT/);
  });

  it("lists every refused variable of a subgraph's environment in one error", () => {
    const error = refusal(() =>
      settingsFromEnvironment(sample, { SAMPLE_PORT: 'x', SEED_DEMO_DATA: 'maybe', SUBGRAPH_LIMIT_COST: '-5', WEBHOOK_MAX_ATTEMPTS: '1000', SUBGRAPH_TRUST: 'none' }),
    );
    expect(error.problems).toEqual([
      'SAMPLE_PORT must be a port number (0 to 65535); got "x"',
      'SEED_DEMO_DATA must be true or false (or 1/0, yes/no, on/off); got "maybe"',
      'SUBGRAPH_LIMIT_COST must be a whole number from 1 up; got "-5"',
      'WEBHOOK_MAX_ATTEMPTS must be a whole number from 1 to 100; got "1000"',
      'SUBGRAPH_TRUST must be "signed" (the default) or "unsigned" (development: every request anonymous); got "none"',
    ]);
  });

  it('keeps the defaults and the values valid before', () => {
    const settings = settingsFromEnvironment(sample, { SEED_DEMO_DATA: 'false', SAMPLE_DB: 'sample_test', SCALE_SIZE: '1_000' });
    expect(settings).toMatchObject({ port: 4999, databaseName: 'sample_test', seedDemoData: false, scaleSize: 1000 });
    expect(settingsFromEnvironment(sample, {})).toMatchObject({ seedDemoData: true, databaseName: 'registry_sample', webhooks: { maxAttempts: 12 } });
    expect(settingsFromEnvironment(sample, { WEBHOOKS: 'off' }).webhooks).toBeNull();
  });

  it('listens on the loopback address in a development mode anyone could forge, unless HOST says otherwise', () => {
    // Development tokens: signed with the secret published in the repository.
    expect(gatewaySettingsFromEnvironment({}).host).toBe('127.0.0.1');
    expect(gatewaySettingsFromEnvironment({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(gatewaySettingsFromEnvironment({ AUTH_SECRET: 'a'.repeat(44) }).host).toBeUndefined();
    // An unsigned subgraph answers anyone who reaches it as the gateway.
    expect(settingsFromEnvironment(sample, { SUBGRAPH_TRUST: 'unsigned' }).host).toBe('127.0.0.1');
    expect(settingsFromEnvironment(sample, { SUBGRAPH_TRUST: 'unsigned', HOST: '::' }).host).toBe('::');
    expect(settingsFromEnvironment(sample, {}).host).toBeUndefined();
  });

  it("carries the executor's switches in the gateway's settings, on unless switched off", () => {
    expect(gatewaySettingsFromEnvironment({})).toMatchObject({ executor: 'plan', fetchMerging: true, operationSharing: true });
    expect(gatewaySettingsFromEnvironment({ GATEWAY_FETCH_MERGING: 'off', GATEWAY_OPERATION_SHARING: 'no', GATEWAY_EXECUTOR: 'apollo' })).toMatchObject({
      executor: 'apollo',
      fetchMerging: false,
      operationSharing: false,
    });
  });

  it('stops the gateway at start-up, logging every refused variable', async () => {
    const run = promisify(execFile);
    const env = { PATH: process.env.PATH, METRICS: 'maybe', LIMIT_DEPTH: 'deep', LOG_LEVEL: 'loud' };
    const failed = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'gateway', 'main.ts')], { cwd: ROOT, env }).then(
      () => undefined,
      (error: { code?: number; stdout?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    const line = JSON.parse(failed!.stdout!.trim().split('\n').at(-1)!) as { msg: string; error: string };
    expect(line.msg).toBe('could not start');
    expect(line.error).toContain('LIMIT_DEPTH must be a whole number from 1 up; got "deep"');
    expect(line.error).toContain('METRICS must be true or false');
    expect(line.error.match(/LOG_LEVEL/g)).toHaveLength(1);
  });
});

describe('docs/configuration.md', () => {
  const check = (page: string) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'configuration-docs.ts'), '--check', page], { cwd: ROOT }).then(
      () => 'up to date',
      (error: { stderr?: string }) => error.stderr ?? 'failed',
    );

  it('is the page the schema generates (npx tsx scripts/configuration-docs.ts writes it)', async () => {
    expect(await check(join(ROOT, 'docs', 'configuration.md'))).toBe('up to date');
  });

  it('is found out of date when it differs from the schema', async () => {
    const stale = join(mkdtempSync(join(tmpdir(), 'configuration-')), 'configuration.md');
    writeFileSync(stale, readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8').replace('`METRICS`', '`METRIX`'));
    expect(await check(stale)).toMatch(/out of date with the configuration schema/);
  });
});
