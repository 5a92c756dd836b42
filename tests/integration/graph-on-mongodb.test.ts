import { MongoStore } from '../../shared/store/mongo-store';
import { dropDatabases, freshDatabaseName, mongoServerUnderTest } from '../support/stores';
import { describeGraphSuite } from './graph-suite';

// The whole graph with every association on the MongoDB-compatible server tests/support/mongo-global-setup.ts
// found, one fresh database per association (dropped afterwards), or skipped with the reason there is none.
const mongo = mongoServerUnderTest();

if (mongo.uri === null) {
  describeGraphSuite(
    'MongoDB, one database per association',
    async () => {
      throw new Error(mongo.skipReason);
    },
    { skipReason: mongo.skipReason },
  );
} else {
  const uri = mongo.uri;
  const created: string[] = [];
  describeGraphSuite(
    `${mongo.description}, one database per association`,
    async (key) => {
      const name = freshDatabaseName(`registry_${key}`);
      created.push(name);
      return MongoStore.connect(uri, name);
    },
    { afterStop: () => dropDatabases(uri, created) },
  );
}
