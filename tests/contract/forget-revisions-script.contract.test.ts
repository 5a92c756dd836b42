import { MongoClient } from 'mongodb';
import { REVISIONS_COLLECTION } from '../../shared/store/revision-keeping-store';
import { REPOSITORY_ROOT, runScript } from '../support/repository-copy';
import { freshDatabaseName, mongoServerUnderTest } from '../support/stores';

/** `npm run forget-revisions -- ...args`, as npm runs it (through tsx). */
const forgetRevisions = (args: string[], env: NodeJS.ProcessEnv) => runScript(REPOSITORY_ROOT, 'scripts/forget-revisions.ts', args, env, 60_000);

describe('npm run forget-revisions', () => {
  it('refuses a registry key that cannot be one, or no record, with its usage', async () => {
    const badKey = await forgetRevisions(['--registry', 'Labs!', '--record', '0061234508'], process.env);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/--registry: "Labs!" must be lower-case ASCII letters/);
    expect(badKey.stderr).toMatch(/usage: MONGODB_URI=/);
    const noRecord = await forgetRevisions(['--registry', 'labs'], process.env);
    expect(noRecord.code).toBe(2);
    expect(noRecord.stderr).toMatch(/--record is required/);
  });

  const mongo = mongoServerUnderTest();
  const onMongo = mongo.uri !== null ? it : it.skip;
  const title = mongo.uri !== null ? `on ${mongo.description}` : `(skipped: ${mongo.skipReason})`;

  onMongo(`refuses a registry whose database holds nothing (a key typed wrong), rather than report nothing erased ${title}`, async () => {
    // `lab` for `labs`: a well-formed key whose database (LAB_DB, default registry_lab) does not exist.
    const run = await forgetRevisions(['--registry', 'lab', '--record', '0061234508'], { ...process.env, MONGODB_URI: mongo.uri!, LAB_DB: freshDatabaseName('forget_lab') });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/holds nothing, so no registry keeps its records there and nothing was erased: check --registry \(the key "lab"/);
  });

  onMongo(`erases one record's earlier versions from the registry's database and no other record's ${title}`, async () => {
    const database = freshDatabaseName('forget_labs');
    const client = new MongoClient(mongo.uri!, { serverSelectionTimeoutMS: 5_000 });
    try {
      const revisions = client.db(database).collection(REVISIONS_COLLECTION);
      const kept = (recordId: string, n: number) => ({
        _id: `${recordId}-${n}`,
        collection: 'people',
        recordId,
        change: 'replaced',
        before: '{"contact":{"phone":"+98 21 5555 0001"}}',
      });
      await revisions.insertMany([kept('0061234508', 1), kept('0061234508', 2), kept('0061234516', 1)] as never[]);
      const run = await forgetRevisions(['--registry', 'labs', '--record', '0061234508'], { ...process.env, MONGODB_URI: mongo.uri!, LABS_DB: database });
      expect({ code: run.code, stderr: run.stderr, stdout: run.stdout.trim() }).toEqual({
        code: 0,
        stderr: '',
        stdout: `labs -> ${database}: 2 earlier version(s) of 0061234508 erased`,
      });
      expect((await revisions.find({}).toArray()).map((revision) => String(revision.recordId))).toEqual(['0061234516']);
    } finally {
      await client.db(database).dropDatabase();
      await client.close();
    }
  });
});
