/**
 * `npm run new-subgraph -- <name> [--title "<the association's name>"] [--port <n>]`: a new
 * association's subgraph, from templates/subgraph/, ready to compose, run and test:
 *
 *   subgraphs/<name>/   schema.graphql, documents, repository, resolvers, demo and scale data,
 *                       index.ts (the subgraph), main.ts (runs it alone)
 *   tests/integration/<name>-subgraph.test.ts   its test through the gateway
 *   gateway/supergraph.yaml   its entry (a running gateway joins it at its next recomposition)
 *   deploy/<name>/docker-compose.yml   its own deployment unit: its image and its own MongoDB
 *   docker-compose.yml        its service, and the gateway's <NAME>_URL and dependency on it
 *   package.json              its start:<name> script
 *
 * Everything is checked before the first file is written: a bad or taken name, a taken port or a
 * file already there changes nothing. Exit codes: 0 written; 2 usage or refused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { readSupergraphConfigEntries } from '../gateway/config';
import { GRAPH_WIDE_SCOPE_OWNERS } from '../shared/auth/caller';
import { registryKeyProblem } from '../shared/registry/keys';
import { runCommand, UsageError } from './cli';

const USAGE = `usage: npm run new-subgraph -- <name> [--title "<the association's name>"] [--port <n>] [--speciality "<a field>"]

  <name>        the registry's key: 2 to 30 lower-case letters and digits, starting with a letter
                (e.g. nurses); it names the subgraph, its fields (Person.<name>, <name>Members), its
                ids (<name>:association), database (registry_<name>) and variables (<NAME>_PORT)
  --title       the association's name as it writes it, e.g. "انجمن صنفی پرستاران"
  --port        the subgraph's port (default: one above the highest in the supergraph config)
  --speciality  a professional field of its members, for the demo data and descriptions`;

const ROOT = join(__dirname, '..');
const TEMPLATES = join(ROOT, 'templates', 'subgraph');

/** Names the graph, the gateway or the environment already use. */
const RESERVED = new Set([
  ...GRAPH_WIDE_SCOPE_OWNERS,
  // The prefixes of the graph's own types (Me, Person, JointProject, WebhookSubscription...): a registry's types start with its key.
  'me',
  'joint',
  'webhook',
  'webhooks',
  'count',
  'credential',
  'meeting',
  'participation',
  'search',
  'directory',
  'gateway',
  'shared',
  'subgraph',
  'subgraphs',
  'supergraph',
  'mongodb',
  'redis',
  'seed',
  'scale',
  'token',
  'auth',
  'limit',
  'limits',
  'cors',
  'host',
  'log',
  'node',
  'npm',
  'api',
  'test',
  'tests',
  'templates',
  'scripts',
  'person',
  'organisation',
  'registries',
  'registry',
  'id',
  'name',
  'title',
  'status',
  'lead',
  'cooperating',
  'filter',
  'mandate',
  'record',
  'participants',
  'members',
]);

interface ScaffoldRequest {
  key: string;
  title: string;
  port: number;
  speciality: string;
}

/** Why `name` cannot be a registry key, or undefined when it can. */
function nameProblem(name: string): string | undefined {
  const problem = registryKeyProblem(name);
  if (problem) return problem;
  if (RESERVED.has(name)) return `"${name}" is reserved: the graph or the gateway already uses it`;
  return undefined;
}

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);

/** `{{key}}`, `{{Key}}`, `{{KEY}}`, `{{title}}`, `{{port}}`, `{{speciality}}` replaced; a placeholder left over is a template bug. */
function render(template: string, request: ScaffoldRequest, file: string): string {
  const values: Record<string, string> = {
    key: request.key,
    Key: capitalise(request.key),
    KEY: request.key.toUpperCase(),
    title: request.title,
    port: String(request.port),
    speciality: request.speciality,
  };
  const text = template.replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match);
  const left = /\{\{\w+\}\}/.exec(text);
  if (left) throw new Error(`templates/subgraph/${file}: unknown placeholder ${left[0]}`);
  return text;
}

const portOf = (url: string): number | undefined => {
  try {
    const port = new URL(url).port;
    return port ? Number(port) : undefined;
  } catch {
    return undefined;
  }
};

/** Where a template's file goes: the test to tests/integration/, the deployment unit to deploy/<key>/, the rest to subgraphs/<key>/. */
function targetOf(template: string, key: string): string {
  if (template === 'subgraph.test.ts.tmpl') return join('tests', 'integration', `${key}-subgraph.test.ts`);
  if (template === 'docker-compose.yml.tmpl') return join('deploy', key, 'docker-compose.yml');
  return join('subgraphs', key, template.replace(/\.tmpl$/, ''));
}

/** The files to write, by path from the repository root, with their new content. */
function scaffold(request: ScaffoldRequest, root = ROOT): Map<string, string> {
  const files = new Map<string, string>();
  for (const template of readdirSync(TEMPLATES)
    .filter((file) => file.endsWith('.tmpl'))
    .sort()) {
    const content = render(readFileSync(join(TEMPLATES, template), 'utf8'), request, template);
    files.set(targetOf(template, request.key), content);
  }
  files.set(join('gateway', 'supergraph.yaml'), withSupergraphEntry(readFileSync(join(root, 'gateway', 'supergraph.yaml'), 'utf8'), request));
  files.set('package.json', withStartScript(readFileSync(join(root, 'package.json'), 'utf8'), request));
  files.set('docker-compose.yml', withComposeService(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), request));
  return files;
}

/** The supergraph config with the new subgraph's entry: its URL, and its `Registry` value and name (comments kept). */
function withSupergraphEntry(text: string, { key, port, title }: ScaffoldRequest): string {
  const document = parseDocument(text);
  document.setIn(['subgraphs', key], { routing_url: `http://localhost:${port}/graphql`, registry: { enum_value: key.toUpperCase(), names: { fa: title } } });
  return document.toString();
}

/** package.json with `start:<key>` after the last start script (the rest of the file as it was). */
function withStartScript(text: string, { key }: ScaffoldRequest): string {
  const starts = [...text.matchAll(/^( *)"start:[\w-]+": ".*",?$/gm)];
  const last = starts[starts.length - 1];
  if (!last) throw new UsageError('package.json has no start:<registry> scripts to add one beside');
  const end = last.index + last[0].length;
  const line = `${last[1]}"start:${key}": "tsx subgraphs/${key}/main.ts"`;
  const updated = last[0].endsWith(',') ? `${text.slice(0, end)}\n${line},${text.slice(end)}` : `${text.slice(0, end)},\n${line}${text.slice(end)}`;
  const scripts = (JSON.parse(updated) as { scripts: Record<string, string> }).scripts;
  if (scripts[`start:${key}`] !== `tsx subgraphs/${key}/main.ts`) throw new Error('package.json: the start script was not added');
  return updated;
}

/**
 * docker-compose.yml with the subgraph's service (before the gateway's, in the founding
 * subgraphs' style), the gateway's `<KEY>_URL` and its wait for the service to be healthy.
 */
function withComposeService(text: string, { key, port }: ScaffoldRequest): string {
  const upper = key.toUpperCase();
  const service = [
    `  ${key}:`,
    '    <<: *subgraph',
    '    build:',
    '      context: .',
    '      args:',
    `        SERVICE: subgraphs/${key}`,
    '    environment:',
    `      ${upper}_PORT: "${port}"`,
    `      ${upper}_DB: registry_${key}`,
    '      MONGODB_URI: mongodb://mongodb:27017',
    '      SEED_DEMO_DATA: "true"',
    '      GATEWAY_JWKS_URL: *gateway-jwks-url',
    '      CURSOR_SECRET: *cursor-secret',
    '    ports:',
    `      - "127.0.0.1:${port}:${port}"`,
    '    healthcheck:',
    `      test: ["CMD", "node", "-e", "fetch('http://127.0.0.1:${port}/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`,
    '      interval: 5s',
    '      timeout: 5s',
    '      retries: 20',
    '',
    '',
  ].join('\n');
  const gatewayAt = text.search(/^ {2}gateway:( &[\w-]+)?$/m);
  if (gatewayAt < 0) throw new UsageError('docker-compose.yml has no gateway service to add the subgraph before');
  let updated = text.slice(0, gatewayAt) + service + text.slice(gatewayAt);
  const gatewayPart = updated.slice(updated.search(/^ {2}gateway:( &[\w-]+)?$/m));
  const urls = [...gatewayPart.matchAll(/^ {6}[A-Z0-9_]+_URL: http:\/\/.*$/gm)];
  const lastUrl = urls[urls.length - 1];
  const dependsOn = /^ {4}depends_on:\n/m.exec(gatewayPart);
  if (!lastUrl || !dependsOn) throw new UsageError('docker-compose.yml: the gateway service has no subgraph URLs or depends_on to extend');
  const offset = updated.length - gatewayPart.length;
  const urlEnd = offset + lastUrl.index + lastUrl[0].length;
  const dependsEnd = offset + dependsOn.index + dependsOn[0].length;
  const dependency = `      ${key}:\n        condition: service_healthy\n`;
  updated = updated.slice(0, urlEnd) + `\n      ${upper}_URL: http://${key}:${port}/graphql` + updated.slice(urlEnd, dependsEnd) + dependency + updated.slice(dependsEnd);
  const parsed = parseDocument(updated, { merge: true }).toJS() as { services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, unknown> }> };
  if (!parsed.services[key] || parsed.services.gateway?.environment?.[`${upper}_URL`] === undefined || !parsed.services.gateway?.depends_on?.[key]) {
    throw new Error('docker-compose.yml: the service was not added as expected');
  }
  return updated;
}

/** Reads and checks the request: everything that could refuse it, before anything is written. */
function request(argv: string[], root = ROOT): ScaffoldRequest | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        title: { type: 'string' },
        port: { type: 'string' },
        speciality: { type: 'string', default: 'خدمات حرفه‌ای' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length !== 1) throw new UsageError('give exactly one name');
  const key = positionals[0]!;
  const problem = nameProblem(key);
  if (problem) throw new UsageError(problem);
  const entries = readSupergraphConfigEntries(join(root, 'gateway', 'supergraph.yaml'), {});
  if (entries.some((entry) => entry.name === key)) throw new UsageError(`gateway/supergraph.yaml already has a subgraph "${key}"`);
  if (existsSync(join(root, 'subgraphs', key))) throw new UsageError(`subgraphs/${key}/ already exists`);
  const taken = entries.map((entry) => portOf(entry.url)).filter((port): port is number => port !== undefined);
  const port = values.port === undefined ? Math.max(4000, ...taken) + 1 : Number(values.port);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new UsageError(`--port must be a port number from 1024 to 65535; got "${values.port}"`);
  if (taken.includes(port) || port === 4000) throw new UsageError(`port ${port} is taken by ${entries.find((e) => portOf(e.url) === port)?.name ?? 'the gateway'}`);
  const title = (values.title ?? `انجمن ${key}`).trim();
  if (title.length < 2 || title.length > 120 || /[{}'"`\\\n]/.test(title))
    throw new UsageError('--title must be 2 to 120 characters, without quotes, braces, backslashes or line breaks');
  const speciality = values.speciality.trim();
  if (speciality.length < 2 || speciality.length > 120 || /[{}'"`\\\n]/.test(speciality))
    throw new UsageError('--speciality must be 2 to 120 characters, without quotes, braces, backslashes or line breaks');
  return { key, title, port, speciality };
}

function main(argv: string[]): number {
  const wanted = request(argv);
  if (!wanted) {
    console.log(USAGE);
    return 0;
  }
  const files = scaffold(wanted);
  const clashing = [...files.keys()].filter((file) => /^(subgraphs|tests|deploy)\//.test(file)).filter((file) => existsSync(join(ROOT, file)));
  if (clashing.length) throw new UsageError(`already there: ${clashing.join(', ')}`);
  for (const [file, content] of files) {
    mkdirSync(dirname(join(ROOT, file)), { recursive: true });
    writeFileSync(join(ROOT, file), content);
  }
  // Its resolvers are typed from the schema it serves: the generated types it imports are written now.
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'generate-resolver-types.ts')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const { key, port } = wanted;
  console.log(`new-subgraph: the ${key} subgraph, on port ${port}:`);
  for (const file of files.keys()) console.log(`  ${relative(ROOT, join(ROOT, file))}`);
  console.log(`
Next:
  npx jest tests/integration/${key}-subgraph.test.ts    # its test, through the gateway
  SUBGRAPH_TRUST=unsigned npm run start:${key}            # alone, in development mode
  npm run conformance -- --new-key .conformance          # a key pair to check it with (docs/registry-contract.md)
  GATEWAY_JWKS_FILE=.conformance/jwks.json npm run start:${key}
  npm run conformance -- http://localhost:${port}/graphql --key ${key} --signing-key .conformance/signing-key.pem
  npm run compose -- --local --output -                 # the supergraph with it
  npm start                                             # the whole graph, ${key} included`);
  return 0;
}

runCommand('new-subgraph', USAGE, () => main(process.argv.slice(2)));
