import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { GOVERNANCE_COLLECTIONS } from '../../shared/governance/documents';
import { documentsByCollection } from '../../shared/registry/documents';
import { labsDemoData } from '../../subgraphs/labs/demo-data';
import { labsScaleCounts } from '../../subgraphs/labs/scale-data';
import { freshDatabaseName, mongoServerUnderTest } from '../support/stores';

const ROOT = resolve(__dirname, '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node --import tsx scripts/seed.ts ...args`, as `npm run seed -- ...args` runs it. */
function seed(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const withoutMongo = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.MONGODB_URI;
  return env;
};

describe('npm run seed', () => {
  it('without MONGODB_URI exits 1, saying what to set', async () => {
    const run = await seed(['--registry', 'labs'], withoutMongo());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/MONGODB_URI is not set: set it to the MongoDB server to seed, e\.g\. MONGODB_URI=mongodb:\/\//);
  });

  it('refuses an unknown registry or scale, with its usage', async () => {
    const run = await seed(['--registry', 'bakers', '--scale', 'many'], withoutMongo());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--registry must be one of labs, auditors, engineering, guilds; got "bakers"/);
    expect(run.stderr).toMatch(/usage: MONGODB_URI=/);
  });

  const mongo = mongoServerUnderTest();
  const onMongo = mongo.uri !== null ? it : it.skip;
  const title = mongo.uri !== null ? `on ${mongo.description}` : `(skipped: ${mongo.skipReason})`;

  onMongo(`loads one registry's demo and scale data into its database, the same documents when run twice ${title}`, async () => {
    const uri = mongo.uri!;
    const database = freshDatabaseName('seed_labs');
    const env = { ...process.env, MONGODB_URI: uri, LABS_DB: database };
    const demo = labsDemoData();
    const scale = labsScaleCounts(300);
    // The scale data's association is the demo data's: one document.
    const expected = {
      organisations: demo.organisations.length + scale.organisations - 1,
      people: demo.people.length + scale.members,
      roles: demo.roles.length + scale.roles,
      projects: demo.projects.length,
      participations: demo.participations.length,
      // Governance: whatever the demo data holds (zero for a collection it leaves empty).
      ...Object.fromEntries(Object.values(GOVERNANCE_COLLECTIONS).map((name) => [name, documentsByCollection(demo)[name]?.length ?? 0])),
    };
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
    try {
      for (const round of [1, 2]) {
        const run = await seed(['--registry', 'labs', '--scale', '300'], env);
        expect({ round, code: run.code, stderr: run.stderr }).toEqual({ round, code: 0, stderr: '' });
        const lines = run.stdout.trim().split('\n');
        expect(lines).toHaveLength(1);
        const listed = Object.entries(expected)
          .map(([name, count]) => `${name} ${count}`)
          .join(', ');
        const generated = scale.organisations + scale.members + scale.roles;
        expect(lines[0]).toMatch(new RegExp(`^labs -> ${database}: ${listed} \\(demo data; scale data of size 300: ${generated} documents\\) in \\d+\\.\\d s$`));
        const db = client.db(database);
        const counts: Record<string, number> = {};
        for (const name of Object.keys(expected)) counts[name] = await db.collection(name).countDocuments({});
        expect({ round, counts }).toEqual({ round, counts: expected });
        expect(await db.collection('people').findOne({ _id: '0061234516' as never })).toMatchObject({ fullName: 'علیرضا محبعلی' });
      }
    } finally {
      await client.db(database).dropDatabase();
      await client.close();
    }
  });
});
