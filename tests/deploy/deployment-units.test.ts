import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gatewaySettingsFromEnvironment, readSupergraphConfigEntries } from '../../gateway/config';
import { settingsFromEnvironment } from '../../shared/server/run';
import { cursorSecret } from '../../shared/graphql/cursor-keys';
import { buildArgsOf, composeSpecificationErrors, environmentOf, healthUrl, publishedPort, readComposeFile, SHELL } from '../support/compose-files';
import { environmentOfStage, readDockerfile } from '../support/dockerfile';
import { ALL_SUBGRAPHS } from '../support/graph';

/**
 * Each association's own deployment unit, deploy/<name>/docker-compose.yml (its subgraph's image
 * and its own MongoDB), and the gateway's, deploy/gateway/: checked against the Compose
 * Specification and read through the services' own configuration readers.
 */
const root = join(__dirname, '..', '..');
const deploy = join(root, 'deploy');
const unitFile = (name: string) => join(deploy, name, 'docker-compose.yml');
/** Every association with a unit: the founding four and any `npm run new-subgraph` added. */
const associations = readdirSync(deploy).filter((name) => name !== 'gateway' && existsSync(unitFile(name)));
const imageCacheFolder = dirname(environmentOfStage(readDockerfile(join(root, 'Dockerfile')).at(-1)!).SUPERGRAPH_CACHE!);
const KEY_SET_URL = /^\$\{GATEWAY_JWKS_URL:\?.+\}$/;
const SIGNING_KEY = /^\$\{GATEWAY_SIGNING_KEY:\?.+\}$/;

it('gives every founding association a unit', () => {
  expect(associations).toEqual(expect.arrayContaining(ALL_SUBGRAPHS.map((d) => d.key)));
});

describe.each(associations)('deploy/%s/docker-compose.yml', (name) => {
  const unit = readComposeFile(unitFile(name));
  const service = unit.services[name]!;

  it('is valid against the Compose Specification schema', () => {
    expect(composeSpecificationErrors(unitFile(name))).toEqual([]);
  });

  it('runs the association’s subgraph and its own MongoDB, and nothing else', () => {
    expect(Object.keys(unit.services).sort()).toEqual(['mongodb', name].sort());
    expect(existsSync(join(root, 'subgraphs', name, 'main.ts'))).toBe(true);
  });

  it('builds the image of that subgraph alone from the repository, and runs it as the image starts it, on a read-only file system', () => {
    expect(service.build).toEqual({ context: '../..', args: { SERVICE: `subgraphs/${name}` } });
    expect(resolve(dirname(unitFile(name)), '../..')).toBe(root);
    expect(service.command).toBeUndefined();
    expect(service.read_only).toBe(true);
    expect(service.volumes).toBeUndefined(); // a subgraph writes nothing
  });

  it('keeps its data in its own MongoDB, with a volume and a health check, which only this unit reaches', () => {
    const mongodb = unit.services.mongodb!;
    expect(mongodb.image).toMatch(/^mongo:[7-9]/);
    expect(mongodb.volumes).toEqual(['mongodb-data:/data/db']);
    expect(Object.keys(unit.volumes ?? {})).toEqual(['mongodb-data']);
    expect(mongodb.healthcheck?.test.join(' ')).toContain('ping');
    expect(mongodb.ports).toBeUndefined();
    expect(service.depends_on).toEqual({ mongodb: { condition: 'service_healthy' } });
  });

  it('listens, publishes and health-checks (ready) the same port; needs the gateway’s key set URL from the shell', () => {
    const environment = environmentOf(service);
    const port = Number(environment[`${name.toUpperCase()}_PORT`]);
    expect(publishedPort(service)).toBe(port);
    // Published on this machine only, for the TLS proxy in front of it (docs/operator.md), unless the operator says otherwise.
    expect(service.ports).toEqual([`\${SUBGRAPH_PUBLISH_ADDRESS:-127.0.0.1}:${port}:${port}`]);
    expect(healthUrl(service)).toBe(`http://127.0.0.1:${port}/ready`);
    expect(environment).toMatchObject({ MONGODB_URI: 'mongodb://mongodb:27017', [`${name.toUpperCase()}_DB`]: `registry_${name}`, SEED_DEMO_DATA: 'false' });
    expect(service.environment?.GATEWAY_JWKS_URL).toMatch(KEY_SET_URL);
    expect(() => environmentOf(service, {})).toThrow(/GATEWAY_JWKS_URL/);
  });

  it('needs a CURSOR_SECRET from the shell, which seals the webhook secrets kept in its database', () => {
    expect(service.environment?.CURSOR_SECRET).toMatch(/^\$\{CURSOR_SECRET:\?.+\}$/);
    expect(() => environmentOf(service, { GATEWAY_JWKS_URL: SHELL.GATEWAY_JWKS_URL })).toThrow(/CURSOR_SECRET/);
    expect(cursorSecret(environmentOf(service))).toMatchObject({ configured: true });
  });
});

describe.each(ALL_SUBGRAPHS.map((definition) => [definition.key, definition] as const))('the %s unit, read by the subgraph', (name, definition) => {
  it('gives it its port, its own database on its own MongoDB, and no demo data unless asked', () => {
    const service = readComposeFile(unitFile(name)).services[name]!;
    const settings = settingsFromEnvironment(definition, environmentOf(service));
    expect(settings).toMatchObject({ port: publishedPort(service), mongoUri: 'mongodb://mongodb:27017', databaseName: `registry_${name}`, seedDemoData: false });
    expect(
      settingsFromEnvironment(definition, environmentOf(service, { ...SHELL, GATEWAY_JWKS_URL: 'https://gateway.example/jwks.json', SEED_DEMO_DATA: 'true' })).seedDemoData,
    ).toBe(true);
  });
});

describe('deploy/gateway/docker-compose.yml', () => {
  const file = unitFile('gateway');
  const unit = readComposeFile(file);
  const gateway = unit.services.gateway!;

  it('is valid against the Compose Specification schema, and runs the gateway alone', () => {
    expect(composeSpecificationErrors(file)).toEqual([]);
    expect(Object.keys(unit.services)).toEqual(['gateway']);
  });

  it('builds the gateway image from the repository, read-only but for its cache volume', () => {
    expect(gateway.build).toEqual({ context: '../..', args: { SERVICE: 'gateway' } });
    expect(buildArgsOf(gateway)).toEqual({ SERVICE: 'gateway' });
    expect(gateway.command).toBeUndefined();
    expect(gateway.read_only).toBe(true);
    const cache = gateway.volumes?.map((volume) => volume.split(':')).find(([, at]) => at === imageCacheFolder);
    expect(cache).toBeDefined();
    expect(Object.keys(unit.volumes ?? {})).toContain(cache![0]);
  });

  it('joins the associations of supergraph.yaml beside it, mounted read-only where SUPERGRAPH_CONFIG points', () => {
    const environment = environmentOf(gateway);
    const mount = gateway.volumes?.map((volume) => volume.split(':')).find(([, at]) => at === environment.SUPERGRAPH_CONFIG);
    expect(mount).toEqual(['./supergraph.yaml', environment.SUPERGRAPH_CONFIG, 'ro']);
    const config = join(dirname(file), 'supergraph.yaml');
    const settings = gatewaySettingsFromEnvironment({ ...environment, SUPERGRAPH_CONFIG: config });
    const listed = readSupergraphConfigEntries(config, {}).map(({ name, url }) => ({ name, url }));
    expect(settings.subgraphs).toEqual(listed);
    expect(listed.map((s) => s.name)).toEqual(expect.arrayContaining(ALL_SUBGRAPHS.map((d) => d.key)));
    for (const { url } of listed) expect(new URL(url).hostname).not.toMatch(/^(localhost|127\.)/);
  });

  it('listens, publishes and health-checks the same port; needs the gateway’s signing key; takes the token and Redis settings from the shell', () => {
    const settings = gatewaySettingsFromEnvironment({ ...environmentOf(gateway), SUPERGRAPH_CONFIG: join(deploy, 'gateway', 'supergraph.yaml') });
    expect(settings.port).toBe(publishedPort(gateway));
    expect(healthUrl(gateway)).toBe(`http://127.0.0.1:${settings.port}/health`);
    expect(gateway.environment?.GATEWAY_SIGNING_KEY).toMatch(SIGNING_KEY);
    expect(() => environmentOf(gateway, {})).toThrow(/GATEWAY_SIGNING_KEY/);
    expect(settings.cache).toEqual({ responseTtlSeconds: 0 });
    expect(() => environmentOf(gateway, { GATEWAY_SIGNING_KEY: 'x' })).toThrow(/CURSOR_SECRET/);
    const shell = { GATEWAY_SIGNING_KEY: 'x', CURSOR_SECRET: SHELL.CURSOR_SECRET, REDIS_URL: 'redis://cache.internal:6379', AUTH_JWKS_URL: 'https://login.example/jwks.json' };
    const configured = gatewaySettingsFromEnvironment({ ...environmentOf(gateway, shell), SUPERGRAPH_CONFIG: join(deploy, 'gateway', 'supergraph.yaml') });
    expect(configured.cache).toEqual({ redisUrl: shell.REDIS_URL, responseTtlSeconds: 5 });
    expect(configured.auth).toMatchObject({ development: false, jwksUrl: shell.AUTH_JWKS_URL });
  });
});
