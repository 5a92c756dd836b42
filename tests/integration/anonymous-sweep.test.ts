import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  GraphQLNamedType,
  GraphQLObjectType,
  IntrospectionQuery,
  isAbstractType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { MongoClient } from 'mongodb';
import { RegistryKey, typePrefixOf } from '../../shared/registry/keys';
import { MemoryStore } from '../../shared/store/memory-store';
import { MongoStore } from '../../shared/store/mongo-store';
import { Store } from '../../shared/store/port';
import { ANONYMOUS, PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { CallerSigner, GatewaySigningKeys, generateSigningKeyPem, keyMaterialSource } from '../../gateway/trust';
import { callerHeader, REGISTRY_KEYS, testToken } from '../support/auth';
import { postGraphQL, startTestGraph, TestGraph } from '../support/graph';
import { collectPersonalData, findLeaks, PersonalData } from '../support/personal-data';
import { sweepSchema, SweepReport } from '../support/schema-sweep';
import { dropDatabases, freshDatabaseName, mongoServerUnderTest } from '../support/stores';

/**
 * The anonymous sweep: the whole graph, every national code, phone number and e-mail address its
 * stores hold, and an anonymous caller walking the whole API schema (support/schema-sweep.ts). No
 * answer may hold any of them, in its body, its errors or its headers, nor inside a token it holds.
 */

// The sweep selects everything below a field in one operation: far more than the default limits
// allow a client (they are the limits plugin's business, tested on their own).
const SWEEP_LIMITS = { LIMIT_TOKENS: '1000000', LIMIT_ROOT_FIELDS: '1000', LIMIT_DEPTH: '50', LIMIT_ALIASES: '100000', LIMIT_COST: '1000000000', LIMIT_BODY_BYTES: '10000000' };

interface Target {
  name: string;
  skipReason?: string;
  open?: (key: RegistryKey) => Promise<Store>;
  /** The collections the server holds beyond those the graph named (MongoDB lists them). */
  listCollections?: () => Promise<Map<RegistryKey, string[]>>;
  cleanUp?: () => Promise<void>;
}

function targets(): Target[] {
  const mongo = mongoServerUnderTest();
  const embedded: Target = { name: 'the embedded store', open: async () => new MemoryStore() };
  if (mongo.uri === null) return [embedded, { name: 'MongoDB', skipReason: mongo.skipReason }];
  const uri = mongo.uri;
  const databases = new Map<RegistryKey, string>();
  return [
    embedded,
    {
      name: mongo.description,
      open: async (key) => {
        const name = freshDatabaseName(`sweep_${key}`);
        databases.set(key, name);
        return MongoStore.connect(uri, name);
      },
      listCollections: async () => {
        const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
        try {
          const names = new Map<RegistryKey, string[]>();
          for (const [key, database] of databases) {
            names.set(
              key,
              (await client.db(database).listCollections().toArray()).map((collection) => collection.name),
            );
          }
          return names;
        } finally {
          await client.close();
        }
      },
      cleanUp: () => dropDatabases(uri, databases.values()),
    },
  ];
}

const describeLeaks = (report: SweepReport) => report.leaks.slice(0, 10).map((leak) => `${leak.kind} ${leak.value} in ${leak.where}, answering ${leak.request}`);

for (const target of targets()) {
  const suite = target.open ? describe : describe.skip;
  suite(`an anonymous caller sweeping the whole API on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let personal: PersonalData;
    let report: SweepReport;

    beforeAll(async () => {
      Object.assign(process.env, SWEEP_LIMITS);
      graph = await startTestGraph(target.open);
      const extra = (await target.listCollections?.()) ?? new Map<RegistryKey, string[]>();
      personal = await collectPersonalData(
        Object.entries(graph.stores).map(([key, store]) => ({
          store,
          collections: new Set([...store.calls.keys(), ...(extra.get(key) ?? [])]),
        })),
      );
      report = await sweepSchema({ url: graph.gatewayUrl, personal });
    }, 600_000); // minutes on FerretDB (it pages every list and search to its end); bounded for a loaded machine

    afterAll(async () => {
      await graph?.stop();
      await target.cleanUp?.();
    });

    it('knows what to look for: the stores hold national codes, phone numbers and e-mail addresses', () => {
      expect(personal.nationalCodes.size).toBeGreaterThan(200);
      expect(personal.phones.size).toBeGreaterThan(100);
      expect(personal.emails.size).toBeGreaterThan(100);
    });

    it('reaches every query field, follows lists to their end and tries their error paths', () => {
      const unanswered = [...report.answered].filter(([, answers]) => answers === 0).map(([field]) => field);
      // `person` is refused whole to an anonymous caller (it links a code to a name), and `me`, which needs a
      // signed-in person, besides each registry's webhook subscription API and records' earlier versions, which are for its admins alone.
      const webhookApi = REGISTRY_KEYS.flatMap((key) => [`${key}WebhookSubscriptions`, `${key}WebhookDeadLetters`, `${key}WebhookEventTypes`, `${key}RecordRevisions`]);
      expect(unanswered.filter((field) => !webhookApi.includes(field))).toEqual(['me', 'person']);
      expect(unanswered.filter((field) => webhookApi.includes(field)).sort()).toEqual([...webhookApi].sort());
      expect(report.answered.size).toBeGreaterThan(25);
      expect(report.cursors.length).toBeGreaterThan(100);
      // Every cursor handed out opens again: the lists are followed to their end.
      expect(report.followFailures).toEqual([]);
      expect(report.followed).toBeGreaterThan(25);
      expect(report.errorCodes.get('BAD_USER_INPUT')).toBeGreaterThan(50);
      expect([...report.refused]).toEqual(expect.arrayContaining(['Query.person', 'LabsMember.nationalCode', 'LabsMember.contact']));
      // A member's history (the values before, who changed them) is for the registry's administrators alone.
      expect([...report.refused]).toEqual(expect.arrayContaining(REGISTRY_KEYS.map((key) => `${typePrefixOf(key)}Member.history`)));
    });

    it('finds no national code, phone number or e-mail address in any answer', () => {
      expect(describeLeaks(report)).toEqual([]);
    });

    it('hides the fields that carry positions and codes between the gateway and the registries, which answer them only to the gateway', async () => {
      const { data } = await graph.query<IntrospectionQuery>(getIntrospectionQuery());
      const schema = buildClientSchema(data!);
      // Every type a client's operation can reach from Query.
      const reachable = new Set<string>();
      const visit = (type: GraphQLNamedType) => {
        if (reachable.has(type.name)) return;
        reachable.add(type.name);
        if (isAbstractType(type)) for (const possible of schema.getPossibleTypes(type)) visit(possible);
        if (isObjectType(type) || isInterfaceType(type)) for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
      };
      visit(schema.getQueryType()!);
      const fields = (name: string) => Object.keys((schema.getType(name) as GraphQLObjectType).getFields());
      for (const internal of ['_memberCodes', '_membersAmong', '_memberCount', '_recordHolderRecords', '_recordHolderCodes']) expect(fields('Query')).not.toContain(internal);
      for (const list of ['JointProjectList', 'CredentialList', 'MeetingList', 'ResolutionList']) {
        expect(fields(list)).toEqual(expect.arrayContaining(['pageInfo', 'nodes']));
        expect(fields(list).filter((field) => !['totalCount', 'pageInfo', 'nodes', 'asOf'].includes(field))).toEqual([]);
      }
      // The registries' parts of the merged lists, and the committee seats with their codes, are out of every client's reach.
      for (const part of ['CredentialCatalog', 'CredentialCatalogEntry', 'GovernanceSlice', 'ProjectCatalogEntry', 'ProjectMemberRecord']) {
        expect({ part, reachable: reachable.has(part) }).toEqual({ part, reachable: false });
      }
      expect(reachable.has('Person')).toBe(true);
      const foreign = new CallerSigner(new GatewaySigningKeys(keyMaterialSource(generateSigningKeyPem(), 'a key the gateway does not hold')));
      const query = '{ _memberCodes(first: 5) }';
      for (const [key, url] of Object.entries(graph.subgraphUrls)) {
        for (const headers of [{}, callerHeader(key, JSON.stringify({ query }), ANONYMOUS, foreign)]) {
          const answer = await postGraphQL(url, query, undefined, headers);
          expect({ key, status: answer.status, data: answer.data }).toEqual({ key, status: 401, data: undefined });
        }
      }
    });

    it('would find them: a caller with personal:read gets national codes and contacts in the same answers', async () => {
      const token = await testToken([PERSONAL_READ_SCOPE]);
      const response = await fetch(graph.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ labsMembers(first: 5) { nodes { nationalCode labs { contact { phone email } } } } }' }),
      });
      const kinds = new Set(findLeaks(await response.text(), personal, '', 'body').map((leak) => leak.kind));
      expect(kinds).toEqual(new Set(['national code', 'phone', 'e-mail']));
      // And inside a token: a base64url cursor holding a code, as the cursors once were.
      const code = [...personal.nationalCodes][0]!;
      expect(findLeaks(`{"endCursor":"${Buffer.from(`k:${code}`).toString('base64url')}"}`, personal, '', 'body')).toEqual([
        expect.objectContaining({ kind: 'national code', value: code }),
      ]);
      // With Persian digits.
      expect(
        findLeaks(
          code.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!),
          personal,
          '',
          'body',
        ),
      ).toHaveLength(1);
    });
  });
}
