/**
 * `npm run seed`: loads the demo data of the registries into MongoDB, each into its own database
 * (`<KEY>_DB`, default `registry_<key>`), indexes first. Idempotent: every document is upserted by
 * its id, so running it again leaves the same documents.
 *
 *   MONGODB_URI=mongodb://localhost:27017 npm run seed
 *   MONGODB_URI=... npm run seed -- --registry guilds --scale 160000 [--no-demo]
 *
 * (`--` matters: without it npm takes `--registry` as its own option.)
 */
import { parseArgs } from 'node:util';
import { GOVERNANCE_COLLECTIONS } from '../shared/governance/documents';
import { RegistryKey } from '../shared/registry/keys';
import { parseScaleSize, RegistrySubgraph, settingsFromEnvironment } from '../shared/server/run';
import { MongoStore } from '../shared/store/mongo-store';
import { auditorsSubgraph } from '../subgraphs/auditors';
import { engineeringSubgraph } from '../subgraphs/engineering';
import { guildsSubgraph } from '../subgraphs/guilds';
import { ELECTION_COLLECTIONS } from '../subgraphs/guilds/elections/documents';
import { PROGRAMME_COLLECTIONS } from '../subgraphs/guilds/programmes/documents';
import { labsSubgraph } from '../subgraphs/labs';

const SUBGRAPHS = [labsSubgraph, auditorsSubgraph, engineeringSubgraph, guildsSubgraph] as RegistrySubgraph[];

/** The collections a registry's data fills, in the order the counts are reported. */
/** Every registry keeps committee seats, meeting series, meetings and resolutions (shared/governance/). */
const GOVERNANCE = Object.values(GOVERNANCE_COLLECTIONS);
const COLLECTIONS: Record<RegistryKey, string[]> = {
  labs: ['organisations', 'people', 'roles', 'projects', 'participations', ...GOVERNANCE],
  auditors: ['organisations', 'people', 'roles', 'projects', 'participations', ...GOVERNANCE],
  engineering: ['organisations', 'people', 'roles', 'projects', 'participations', ...GOVERNANCE],
  guilds: [
    'organisations',
    'people',
    'guildUnits',
    'roles',
    'projects',
    'participations',
    ...GOVERNANCE,
    ...Object.values(ELECTION_COLLECTIONS),
    ...Object.values(PROGRAMME_COLLECTIONS),
  ],
};

const USAGE = `usage: MONGODB_URI=mongodb://host:27017 npm run seed -- [--registry <key>] [--scale <size>] [--no-demo]

  --registry <key>  seed one registry only: ${SUBGRAPHS.map((d) => d.key).join(', ')} (default: all four)
  --scale <size>    also load generated scale data of this size: guild units for guilds (unions =
                    size / 291, owners = 0.8 x size), members for labs, auditors and engineering
  --no-demo         with --scale: load the scale data only, not the demo data

Each registry goes into its own database: <KEY>_DB, default registry_<key>.`;

interface Options {
  registries: RegistrySubgraph[];
  scale: number | undefined;
  demo: boolean;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      registry: { type: 'string' },
      scale: { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const registries = values.registry === undefined ? SUBGRAPHS : SUBGRAPHS.filter((d) => d.key === values.registry);
  if (registries.length === 0) throw new Error(`--registry must be one of ${SUBGRAPHS.map((d) => d.key).join(', ')}; got "${values.registry}"`);
  const scale = values.scale === undefined ? undefined : parseScaleSize(values.scale, '--scale');
  if (values['no-demo'] && scale === undefined) throw new Error('--no-demo needs --scale <size>: otherwise there is nothing to load');
  return { registries, scale, demo: !values['no-demo'] };
}

const number = (n: number): string => n.toLocaleString('en-US');

async function seed(uri: string, definition: RegistrySubgraph, options: Options): Promise<string> {
  const { databaseName } = settingsFromEnvironment(definition);
  const started = performance.now();
  const store = await MongoStore.connect(uri, databaseName);
  try {
    const instance = definition.create(store);
    await instance.ensureIndexes();
    const loaded: string[] = [];
    if (options.demo) {
      await instance.loadDemoData({ force: true });
      loaded.push('demo data');
    }
    if (options.scale !== undefined) {
      const { documents } = await instance.loadScaleData(options.scale);
      loaded.push(`scale data of size ${number(options.scale)}: ${number(documents)} documents`);
    }
    const counts: string[] = [];
    for (const name of COLLECTIONS[definition.key] ?? []) counts.push(`${name} ${number(await store.collection(name).count({}))}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return `${definition.key} -> ${databaseName}: ${counts.join(', ')} (${loaded.join('; ')}) in ${seconds} s`;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error(
      'MONGODB_URI is not set: set it to the MongoDB server to seed, e.g. MONGODB_URI=mongodb://localhost:27017 npm run seed ' +
        '(each registry goes into its own database, <KEY>_DB, default registry_<key>).',
    );
    process.exit(1);
  }
  for (const definition of options.registries) {
    try {
      console.log(await seed(uri, definition, options));
    } catch (error) {
      console.error(`${definition.key}: seeding failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
}

void main();
