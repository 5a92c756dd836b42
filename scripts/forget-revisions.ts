/**
 * `npm run forget-revisions`: erases the earlier versions one registry keeps of one record (its
 * `_revisions`, docs/operator.md "Erasing earlier versions"), for an operator who must erase them: a
 * person's right to erasure, or a correction the law says must not be kept (a phone number, an
 * address, a national code typed wrong). The record itself and its `history` stay as they are.
 *
 *   MONGODB_URI=mongodb://localhost:27017 npm run forget-revisions -- --registry labs --record 0061234508
 *
 * (`--` matters: without it npm takes `--registry` as its own option.)
 */
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { readConfiguration } from '../shared/config/read';
import { subgraphOwnVariables } from '../shared/config/subgraph';
import { registryKeyProblem } from '../shared/registry/keys';
import { MongoStore } from '../shared/store/mongo-store';
import { RevisionKeepingStore } from '../shared/store/revision-keeping-store';
import { runCommand, UsageError } from './cli';

const USAGE = `usage: MONGODB_URI=mongodb://host:27017 npm run forget-revisions -- --registry <key> --record <id>

  --registry <key>  the registry keeping the record (its key: labs, nurses...)
  --record <id>     the record's id as stored: a member's national code, an organisation's or a
                    committee's global id (the recordId that <key>RecordRevisions shows)

Erases every earlier version of that record from the registry's database (<KEY>_DB, default
registry_<key>), and says how many. Earlier versions of other records that name the person (a
meeting's minutes, a committee seat, a course completion <national code>|<course>) are not touched:
erase those by their own ids. On FerretDB's SQLite backend the erased bytes stay in its files until
they are compacted (VACUUM).`;

interface Options {
  key: string;
  recordId: string;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({ args: argv, options: { registry: { type: 'string' }, record: { type: 'string' } }, strict: true, allowPositionals: false });
  const key = values.registry ?? '';
  const problem = registryKeyProblem(key);
  if (problem) throw new UsageError(`--registry: ${problem}`);
  const recordId = values.record?.trim();
  if (!recordId) throw new UsageError('--record is required: the id of the record whose earlier versions to erase, as <key>RecordRevisions shows it');
  return { key, recordId };
}

/**
 * Whether the database holds any collection: a registry's holds its records, while a key typed wrong
 * (`lab` for `labs`) or a <KEY>_DB the subgraph does not use names one that does not exist, where
 * nothing is ever found to erase.
 */
async function holdsCollections(uri: string, databaseName: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    return (await client.db(databaseName).listCollections({}, { nameOnly: true }).toArray()).length > 0;
  } finally {
    await client.close();
  }
}

async function main(): Promise<number> {
  const { key, recordId } = readOptions(process.argv.slice(2));
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new UsageError('MONGODB_URI is not set: set it to the MongoDB server holding the registry, e.g. MONGODB_URI=mongodb://localhost:27017');
  // The registry's database as its subgraph names it (<KEY>_DB, default registry_<key>): nothing else of the registry is needed.
  const own = subgraphOwnVariables(key, undefined);
  const databaseName = String(readConfiguration(own.variables)[own.database]);
  if (!(await holdsCollections(uri, databaseName))) {
    throw new UsageError(
      `${databaseName} holds nothing, so no registry keeps its records there and nothing was erased: check --registry (the key "${key}" as the registry's subgraph has it), or set ${own.database} to the database the subgraph uses`,
    );
  }
  const store = await MongoStore.connect(uri, databaseName);
  try {
    const erased = await new RevisionKeepingStore(store).forgetRevisionsOf(recordId);
    console.log(`${key} -> ${databaseName}: ${erased} earlier version(s) of ${recordId} erased`);
    return 0;
  } finally {
    await store.close();
  }
}

runCommand('forget-revisions', USAGE, main);
