import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { ProvenanceRecord } from '../../shared/provenance/provenance';
import { typePrefixOf } from '../../shared/registry/keys';
import { StoredDocument } from '../../shared/store/port';
import { REGISTRY_KEYS, testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { GraphQLResponse, startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * Every change to a member's record is kept (#15 item 1): an upsert of a stored person keeps the
 * record's provenance (a person from a source text stays SOURCE_TEXT) and appends, for each field
 * it changes, when, who, which field, the value before and after; an upsert that changes nothing
 * writes nothing; two upserts at once never lose a change; only the registry's administrators read
 * the history. Checked in the answers and in what the stores hold.
 */

/** A stored change, as the store holds it (shared/registry/documents.ts PersonChangeRecord). */
interface StoredChange {
  at: Date;
  by?: string;
  field: string;
  before?: string;
  after?: string;
}

type StoredPerson = StoredDocument & {
  fullName: string;
  title?: string;
  givenName?: string;
  familyName?: string;
  expertise?: string;
  contact?: unknown;
  updatedAt: Date;
  provenance?: ProvenanceRecord;
  history?: StoredChange[];
};

interface MemberChange {
  at: string;
  by: string | null;
  field: string;
  before: string | null;
  after: string | null;
}

const HISTORY = 'history { at by field before after }';
const TESTER = 'history-tester';

/** The name fields of a stored person as an upsert's input gives them back. */
const nameInput = (person: StoredPerson) =>
  person.givenName || person.familyName
    ? { ...(person.givenName ? { givenName: person.givenName } : {}), ...(person.familyName ? { familyName: person.familyName } : {}) }
    : { fullName: person.fullName };

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`the history of a member's record on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let admin: string;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admin = await testToken([...REGISTRY_KEYS.map((key) => `${key}:admin`), PERSONAL_READ_SCOPE], { subject: TESTER });
    }, 120_000);
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    const storedPerson = async (key: (typeof REGISTRY_KEYS)[number], nationalCode: string): Promise<StoredPerson> => {
      const [person] = await graph.stores[key].collection('people').find({ _id: nationalCode });
      return person as StoredPerson;
    };

    /** A demo person of the registry whose record quotes a source text (and, for labs, has an expertise and a contact). */
    const sourceTextPerson = async (key: (typeof REGISTRY_KEYS)[number], also: (person: StoredPerson) => boolean = () => true): Promise<StoredPerson> => {
      const people = (await graph.stores[key].collection('people').find({})) as StoredPerson[];
      const found = people.find((person) => person.provenance?.kind === 'SOURCE_TEXT' && also(person));
      expect(found).toBeDefined();
      return found!;
    };

    const upsertLabs = (input: Record<string, unknown>, token = admin) =>
      graph.query<{ upsertLabsMember: { expertise: string | null; provenance: { kind: string } } }>(
        `mutation($input: UpsertLabsMemberInput!) { upsertLabsMember(input: $input) { expertise provenance { kind } } }`,
        { input },
        token,
      );

    it('keeps a source-text person SOURCE_TEXT when an upsert changes the expertise, and keeps the value before, by whom and when', async () => {
      const person = await sourceTextPerson('labs', (candidate) => candidate.expertise !== undefined && candidate.contact !== undefined);
      const startedAt = Date.now();
      const answer = await upsertLabs({ nationalCode: person._id, ...nameInput(person), title: person.title ?? null, expertise: 'آزمون مکانیک خاک' });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.upsertLabsMember.provenance.kind).toBe('SOURCE_TEXT');
      const read = await graph.query<{ person: { labs: { history: MemberChange[] } } }>(`{ person(nationalCode: "${person._id}") { labs { ${HISTORY} } } }`, undefined, admin);
      expect(read.data?.person.labs.history).toEqual([{ at: expect.any(String), by: TESTER, field: 'expertise', before: person.expertise, after: 'آزمون مکانیک خاک' }]);

      // What is stored: the provenance as it was, the new value, the change with its value before, and the fields the upsert does not set.
      const stored = await storedPerson('labs', person._id);
      expect(stored.provenance).toEqual(person.provenance);
      expect(stored.expertise).toBe('آزمون مکانیک خاک');
      expect(stored.contact).toEqual(person.contact);
      expect(stored.history).toHaveLength(1);
      const [change] = stored.history!;
      expect(change).toMatchObject({ by: TESTER, field: 'expertise', before: person.expertise, after: 'آزمون مکانیک خاک' });
      expect(new Date(change!.at).getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(new Date(change!.at).getTime()).toBeLessThanOrEqual(Date.now());
    });

    it('writes nothing and adds no history entry when an upsert changes nothing', async () => {
      const person = await sourceTextPerson('labs', (candidate) => candidate.expertise !== undefined);
      const input = { nationalCode: person._id, ...nameInput(person), title: person.title ?? null, expertise: 'واسنجی ترازو' };
      expect((await upsertLabs(input)).errors).toBeUndefined();
      const once = await storedPerson('labs', person._id);
      expect((once.history ?? []).filter((change) => change.after === 'واسنجی ترازو')).toHaveLength(1);

      const again = await upsertLabs(input);
      expect(again.errors).toBeUndefined();
      const twice = await storedPerson('labs', person._id);
      expect(twice).toEqual(once);
    });

    it("keeps each registry's source-text people SOURCE_TEXT when an upsert renames them, with the name before in the history", async () => {
      for (const key of REGISTRY_KEYS) {
        const person = await sourceTextPerson(key);
        const title = person.title === 'دکتر' ? 'استاد' : 'دکتر';
        const member = `${typePrefixOf(key)}Member`;
        const answer = await graph.query<Record<string, { provenance: { kind: string }; history: MemberChange[] }>>(
          `mutation($input: Upsert${member}Input!) { upsert${member}(input: $input) { provenance { kind } ${HISTORY} } }`,
          { input: { nationalCode: person._id, ...nameInput(person), title } },
          admin,
        );
        expect({ key, errors: answer.errors }).toEqual({ key, errors: undefined });
        const upserted = answer.data![`upsert${member}`]!;
        expect({ key, kind: upserted.provenance.kind }).toEqual({ key, kind: 'SOURCE_TEXT' });
        expect(upserted.history).toEqual(expect.arrayContaining([{ at: expect.any(String), by: TESTER, field: 'title', before: person.title ?? null, after: title }]));
        const stored = await storedPerson(key, person._id);
        expect({ key, provenance: stored.provenance }).toEqual({ key, provenance: person.provenance });
        expect(stored.history).toEqual(expect.arrayContaining([expect.objectContaining({ by: TESTER, field: 'title', after: title })]));
      }
    });

    it("shows the history to the registry administrators only: anonymous, personal:read and other registries' admins get an error and no value", async () => {
      const person = await sourceTextPerson('labs', (candidate) => candidate.expertise !== undefined);
      expect((await upsertLabs({ nationalCode: person._id, ...nameInput(person), title: person.title ?? null, expertise: 'آزمون خوردگی' })).errors).toBeUndefined();
      const { history } = await storedPerson('labs', person._id);
      const before = history!.at(-1)!.before!;
      const query = `{ labsMembers(first: 100) { nodes { labs { fullName ${HISTORY} } } } person(nationalCode: "${person._id}") { labs { fullName ${HISTORY} } } }`;
      const answers: [string, string | undefined, string][] = [
        ['anonymous', undefined, 'UNAUTHENTICATED'],
        ['personal:read', await testToken([PERSONAL_READ_SCOPE], { subject: 'reader' }), 'FORBIDDEN'],
        ['the person themself', await testToken([PERSONAL_READ_SCOPE], { subject: person._id }), 'FORBIDDEN'],
        ["another registry's admin", await testToken([PERSONAL_READ_SCOPE, 'guilds:admin'], { subject: 'guilds-admin' }), 'FORBIDDEN'],
      ];
      for (const [who, token, code] of answers) {
        const response: GraphQLResponse<unknown> = await graph.query(query, undefined, token);
        const text = JSON.stringify(response);
        expect({ who, codes: [...new Set(response.errors?.map((error) => error.extensions?.code))] }).toEqual({ who, codes: [code] });
        expect({ who, leaks: [before, TESTER].filter((value) => text.includes(value)) }).toEqual({ who, leaks: [] });
      }
      const asAdmin = await graph.query<{ person: { labs: { history: MemberChange[] } } }>(`{ person(nationalCode: "${person._id}") { labs { ${HISTORY} } } }`, undefined, admin);
      expect(asAdmin.errors).toBeUndefined();
      expect(asAdmin.data!.person.labs.history.at(-1)).toMatchObject({ by: TESTER, before, after: 'آزمون خوردگی' });
      // The registry's administrator without personal:read sees the changes, not who made them (a token's subject may be a national code).
      const adminOnly = await testToken(['labs:admin'], { subject: 'labs-officer' });
      const listed = await graph.query<{ labsMembers: { nodes: { labs: { history: MemberChange[] } }[] } }>(
        `{ labsMembers(search: ${JSON.stringify(person.fullName)}, first: 5) { nodes { labs { ${HISTORY} } } } }`,
        undefined,
        adminOnly,
      );
      expect(listed.errors).toBeUndefined();
      const changes = listed.data!.labsMembers.nodes.flatMap((node) => node.labs.history);
      expect(changes.some((change) => change.after === 'آزمون خوردگی')).toBe(true);
      expect(changes.map((change) => change.by)).toEqual(changes.map(() => null));
    });

    it('never loses a change to concurrent upserts: each is written after the one before, or refused with WRITE_CONFLICT', async () => {
      const person = await sourceTextPerson('labs');
      const start = await storedPerson('labs', person._id);
      const values = ['آزمون یک', 'آزمون دو', 'آزمون سه', 'آزمون چهار', 'آزمون پنج', 'آزمون شش'];
      const answers = await Promise.all(values.map((expertise) => upsertLabs({ nationalCode: person._id, ...nameInput(person), title: person.title ?? null, expertise })));
      const written = values.filter((_, i) => answers[i]!.errors === undefined);
      const refused = answers.flatMap((answer) => answer.errors ?? []).map((error) => error.extensions?.code);
      expect(new Set(refused)).toEqual(refused.length ? new Set(['WRITE_CONFLICT']) : new Set());
      expect(written.length + refused.length).toBe(values.length);
      expect(written.length).toBeGreaterThanOrEqual(1);

      const stored = await storedPerson('labs', person._id);
      const added = stored.history!.slice((start.history ?? []).length);
      // One entry per upsert that was written, each starting from the value the one before left.
      expect(added.map((change) => change.after).sort()).toEqual([...written].sort());
      let value = start.expertise;
      for (const change of added) {
        expect(change).toMatchObject({ field: 'expertise', by: TESTER, ...(value === undefined ? {} : { before: value }) });
        value = change.after;
      }
      expect(stored.expertise).toBe(value);
      expect(stored.provenance).toEqual(start.provenance);
    });
  });
}
