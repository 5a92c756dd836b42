import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../gateway/auth/tokens';
import { gatewaySettingsFromEnvironment, readSupergraphConfigEntries } from '../../gateway/config';
import { startCallerSigning } from '../../gateway/trust';
import { GATEWAY_JWKS_PATH } from '../../shared/auth/caller-assertion';
import { subgraphTrustFromEnvironment } from '../../shared/auth/subgraph-trust';
import { cursorSecret } from '../../shared/graphql/cursor-keys';
import { createLog } from '../../shared/server/log';
import { settingsFromEnvironment } from '../../shared/server/run';
import { buildArgsOf, composeSpecification, environmentOf, healthUrl, publishedOn, publishedPort, readComposeFile, SHELL } from '../support/compose-files';
import { environmentOfStage, readDockerfile } from '../support/dockerfile';
import { ALL_SUBGRAPHS } from '../support/graph';

const root = join(__dirname, '..', '..');
const compose = readComposeFile(join(root, 'docker-compose.yml'));
/** Where the images keep the gateway's last good supergraph (the Dockerfile's SUPERGRAPH_CACHE). */
const imageCacheFolder = dirname(environmentOfStage(readDockerfile(join(root, 'Dockerfile')).at(-1)!).SUPERGRAPH_CACHE ?? '');

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = composeSpecification();
    const raw = readComposeFile(join(root, 'docker-compose.yml'));
    expect(validate(raw) ? [] : validate.errors).toEqual([]);
    // The schema does catch mistakes: a misspelt key and a port of the wrong type are refused.
    const broken = structuredClone(raw) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.labs!.depends_onn = ['mongodb'];
    broken.services.gateway!.ports = 4000;
    expect(validate(broken)).toBe(false);
  });

  it('has a MongoDB with a volume and a health check', () => {
    const mongodb = compose.services.mongodb!;
    expect(mongodb.image).toMatch(/^mongo:[7-9]/);
    expect(mongodb.volumes?.[0]).toMatch(/^mongodb-data:\/data\/db$/);
    expect(Object.keys(compose.volumes ?? {})).toContain('mongodb-data');
    expect(mongodb.healthcheck?.test.join(' ')).toContain('ping');
  });

  describe.each(ALL_SUBGRAPHS.map((definition) => [definition.key, definition] as const))('the %s subgraph service', (key, definition) => {
    const service = compose.services[key]!;
    const settings = settingsFromEnvironment(definition, environmentOf(service));

    it('runs the image of that subgraph alone (the Dockerfile built with SERVICE=subgraphs/<name>), as the image starts it, on a read-only file system', () => {
      expect(service.build).toEqual({ context: '.', args: { SERVICE: `subgraphs/${key}` } });
      expect(existsSync(join(root, 'subgraphs', key, 'main.ts'))).toBe(true);
      expect(service.command).toBeUndefined();
      expect(service.read_only).toBe(true);
    });

    it('listens, publishes and health-checks the same port, and uses its own database', () => {
      expect(settings.port).toBe(publishedPort(service));
      // Healthy means ready: the subgraph's database answers, not merely that its process is up.
      expect(healthUrl(service)).toBe(`http://127.0.0.1:${settings.port}/ready`);
      expect(settings.mongoUri).toBe('mongodb://mongodb:27017');
      expect(settings.databaseName).toBe(`registry_${key}`);
    });

    it("publishes its port on this machine's loopback only: the gateways reach it over the compose network", () => {
      expect(publishedOn(service)).toBe('127.0.0.1');
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
      expect(publishedOn(service!)).toBe('127.0.0.1');
      expect(settings.subgraphs).toContainEqual({ name, url: `http://${name}:${port}/graphql` });
      expect(gateway.depends_on?.[name]?.condition).toBe('service_healthy');
    }
  });

  it('gives the gateway replicas its private key, which the shell must set, and the subgraphs only the URL of its public key set', () => {
    const gateways = ['gateway', 'gateway-2'].map((name) => compose.services[name]!);
    const subgraphs = ALL_SUBGRAPHS.map((d) => compose.services[d.key]!);
    // One variable, written once (a YAML anchor), never a literal key, and for the gateways only.
    const written = new Set(gateways.map((service) => service.environment?.GATEWAY_SIGNING_KEY));
    expect([...written]).toEqual([expect.stringMatching(/^\$\{GATEWAY_SIGNING_KEY:\?.+\}$/)]);
    expect(() => environmentOf(compose.services.gateway!, {})).toThrow(/GATEWAY_SIGNING_KEY/);
    for (const service of Object.values(compose.services).filter((s) => !gateways.includes(s))) {
      expect(Object.keys(service.environment ?? {})).not.toEqual(expect.arrayContaining(['GATEWAY_SIGNING_KEY']));
      expect(Object.keys(service.environment ?? {})).not.toEqual(expect.arrayContaining(['SUBGRAPH_SIGNING_SECRET']));
    }
    // Interpolated, the gateway signs with the shell's key and publishes its public half where the subgraphs fetch it.
    const settings = gatewaySettingsFromEnvironment(environmentOf(compose.services.gateway!));
    expect(settings.callerSigning).toMatchObject({ trust: 'signed', key: SHELL.GATEWAY_SIGNING_KEY.trim() });
    const signing = startCallerSigning(settings.callerSigning!, createLog('gateway'));
    expect(signing.keys!.jwks().keys.map((key) => key.d)).toEqual([undefined]);
    const gatewayPort = Number(environmentOf(compose.services.gateway!).GATEWAY_PORT);
    for (const service of subgraphs) {
      const trust = subgraphTrustFromEnvironment(environmentOf(service));
      expect(trust.mode).toBe('signed');
      expect(trust.mode === 'signed' && trust.keys.source).toBe(`GATEWAY_JWKS_URL (http://gateway:${gatewayPort}${GATEWAY_JWKS_PATH})`);
    }
  });

  it('runs the gateway image on a read-only file system, its last good supergraph on a volume of its own', () => {
    const gateways = [compose.services.gateway!, compose.services['gateway-2']!];
    const volumes = gateways.map((service) => {
      expect(buildArgsOf(service)).toEqual({ SERVICE: 'gateway' });
      expect(service.command).toBeUndefined();
      expect(service.read_only).toBe(true);
      expect(imageCacheFolder).toMatch(/^\/\w/);
      const [volume, mountedAt] = (service.volumes ?? []).map((v) => v.split(':')).find(([, at]) => at === imageCacheFolder) ?? [];
      expect(mountedAt).toBe(imageCacheFolder);
      expect(Object.keys(compose.volumes ?? {})).toContain(volume);
      return volume;
    });
    expect(new Set(volumes).size).toBe(2);
  });

  it('gives every service the same CURSOR_SECRET, which the shell must set, so the gateway replicas open each other’s cursors', () => {
    // The founding four, and any association `npm run new-subgraph` added since.
    const subgraphs = readSupergraphConfigEntries(join(root, 'gateway', 'supergraph.yaml'), {}).map((entry) => entry.name);
    const services = ['gateway', 'gateway-2', ...subgraphs].map((name) => compose.services[name]!);
    const written = new Set(services.map((service) => service.environment?.CURSOR_SECRET));
    expect([...written]).toEqual([expect.stringMatching(/^\$\{CURSOR_SECRET:\?.+\}$/)]);
    expect(() => environmentOf(compose.services.gateway!, { GATEWAY_SIGNING_KEY: SHELL.GATEWAY_SIGNING_KEY, AUTH_SECRET: SHELL.AUTH_SECRET })).toThrow(/CURSOR_SECRET/);
    for (const service of services) expect(cursorSecret(environmentOf(service))).toMatchObject({ configured: true });
  });

  it('runs two gateway replicas, alike but for the host port and cache volume, sharing their caches through a health-checked Redis', () => {
    const [first, second] = [compose.services.gateway!, compose.services['gateway-2']!];
    expect(second.build).toEqual(first.build);
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

  it('passes the token settings to the gateway, which runs as production and will not start on the development secret', () => {
    const gateway = compose.services.gateway!;
    for (const name of ['AUTH_JWKS_URL', 'AUTH_SECRET', 'AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_MAX_TOKEN_LIFETIME']) expect(gateway.environment?.[name]).toContain(`\${${name}`);
    expect(environmentOf(gateway).NODE_ENV).toBe('production');
    // Neither a key set nor a secret from the shell: the gateway refuses to start, naming both.
    const { AUTH_SECRET: _secret, ...withoutKey } = SHELL;
    expect(() => gatewaySettingsFromEnvironment(environmentOf(gateway, withoutKey))).toThrow(/set AUTH_JWKS_URL .* or AUTH_SECRET/);
    const defaults = gatewaySettingsFromEnvironment(environmentOf(gateway)).auth!;
    expect(defaults).toMatchObject({ development: false, secret: SHELL.AUTH_SECRET, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE, maxLifetimeSeconds: 24 * 3600 });
    const shell = {
      GATEWAY_SIGNING_KEY: SHELL.GATEWAY_SIGNING_KEY,
      CURSOR_SECRET: SHELL.CURSOR_SECRET,
      AUTH_JWKS_URL: 'https://login.example/jwks.json',
      AUTH_ISSUER: 'https://login.example/',
    };
    const production = gatewaySettingsFromEnvironment(environmentOf(gateway, shell)).auth!;
    expect(production).toMatchObject({ development: false, jwksUrl: shell.AUTH_JWKS_URL, issuer: shell.AUTH_ISSUER, audience: DEFAULT_AUDIENCE });
  });
});
