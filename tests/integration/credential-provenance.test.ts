import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { StoredDocument } from '../../shared/store/port';
import { REGISTRY_KEYS, testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * Every credential created or changed through the API carries ENTERED provenance, by the caller and
 * when (#15 item 1): each credential mutation of every registry, run by a caller of its own, leaves
 * the credential as stored ENTERED by that caller. The list below is every credential mutation
 * (issue, renew, change standing, and the engineer's licence given with the member), but
 * `issueAbroadCertificate` and `registerGuildUnit`, whose provenance tests/integration/provenance.test.ts
 * and credentials-mutations.test.ts reach through their own set-up.
 */

type Stored = StoredDocument & Record<string, unknown>;

interface Step {
  mutation: string;
  key: DemoRegistryKey;
  /** The mutation, given the stored documents it may pick its credential from. */
  operation: (
    find: (collection: string, test: (document: Stored) => boolean) => Promise<Stored>,
    prepare: (query: string) => Promise<void>,
  ) => Promise<{ query: string; collection: string; id: string; path?: string }>;
}

const isValid = (document: Stored, path?: string): boolean => {
  const record = (path ? document[path] : document) as { revokedOn?: unknown; suspendedOn?: unknown; certificateNumber?: unknown; validUntil?: unknown } | undefined;
  // Days come back as Dates of the store's own realm on the embedded store: read them by their time.
  return !!record && !record.revokedOn && !record.suspendedOn && record.validUntil !== undefined && new Date(record.validUntil as Date).getTime() > Date.now();
};

const hajizadeh = SEED_PEOPLE.hajizadeh.nationalCode;

const STEPS: Step[] = [
  {
    mutation: 'issueLabAccreditation',
    key: 'labs',
    operation: async (find, prepare) => {
      // Every demo laboratory holds an accreditation: one is issued once the one held is revoked.
      const laboratory = await find('organisations', (document) => document.kind === 'LABORATORY' && isValid(document, 'accreditation'));
      await prepare(`mutation { changeLabAccreditationStanding(input: { laboratoryId: "${laboratory._id}", change: REVOKE }) { status } }`);
      return {
        query: `mutation { issueLabAccreditation(input: { laboratoryId: "${laboratory._id}", scope: TESTING, fields: ["لوازم خانگی"], certificateNumber: "NACI-T-0999", validFrom: "2026-01-01", validUntil: "2029-12-31" }) { certificateNumber } }`,
        collection: 'organisations',
        id: laboratory._id,
        path: 'accreditation',
      };
    },
  },
  ...(['renew', 'standing'] as const).map((action): Step => ({
    mutation: action === 'renew' ? 'renewLabAccreditation' : 'changeLabAccreditationStanding',
    key: 'labs',
    operation: async (find) => {
      const laboratory = await find('organisations', (document) => document.kind === 'LABORATORY' && document.accreditation !== undefined && isValid(document, 'accreditation'));
      return {
        query:
          action === 'renew'
            ? `mutation { renewLabAccreditation(input: { laboratoryId: "${laboratory._id}", validUntil: "2045-12-31" }) { status } }`
            : `mutation { changeLabAccreditationStanding(input: { laboratoryId: "${laboratory._id}", change: SUSPEND }) { status } }`,
        collection: 'organisations',
        id: laboratory._id,
        path: 'accreditation',
      };
    },
  })),
  {
    mutation: 'issueAuditorCertification',
    key: 'auditors',
    operation: async () => ({
      query: `mutation { issueAuditorCertification(input: { nationalCode: "${SEED_PEOPLE.saeedTajik.nationalCode}", kind: INSPECTOR, field: "بازرسی جوشکاری", grade: GRADE_2, certificateNumber: "ISAI-1403-0009", validFrom: "2026-01-01", validUntil: "2028-12-31" }) { certificateNumber } }`,
      collection: 'certifications',
      id: 'ISAI-1403-0009',
    }),
  },
  ...(['renew', 'standing'] as const).map((action): Step => ({
    mutation: action === 'renew' ? 'renewAuditorCertification' : 'changeAuditorCertificationStanding',
    key: 'auditors',
    operation: async (find) => {
      const certification = await find('certifications', (document) => isValid(document));
      return {
        query:
          action === 'renew'
            ? `mutation { renewAuditorCertification(input: { certificateNumber: "${certification._id}", validUntil: "2045-12-31" }) { status } }`
            : `mutation { changeAuditorCertificationStanding(input: { certificateNumber: "${certification._id}", change: SUSPEND }) { status } }`,
        collection: 'certifications',
        id: certification._id,
      };
    },
  })),
  ...(['renew', 'standing'] as const).map((action): Step => ({
    mutation: action === 'renew' ? 'renewInspectionAccreditation' : 'changeInspectionAccreditationStanding',
    key: 'auditors',
    operation: async (find) => {
      const body = await find('organisations', (document) => document.inspectionAccreditation !== undefined && isValid(document, 'inspectionAccreditation'));
      return {
        query:
          action === 'renew'
            ? `mutation { renewInspectionAccreditation(input: { inspectionBodyId: "${body._id}", validUntil: "2045-12-31" }) { status } }`
            : `mutation { changeInspectionAccreditationStanding(input: { inspectionBodyId: "${body._id}", change: SUSPEND }) { status } }`,
        collection: 'organisations',
        id: body._id,
        path: 'inspectionAccreditation',
      };
    },
  })),
  {
    mutation: 'upsertEngineeringMember',
    key: 'engineering',
    operation: async () => ({
      query: `mutation { upsertEngineeringMember(input: { nationalCode: "${hajizadeh}", fullName: "${SEED_PEOPLE.hajizadeh.fullName}", licence: { number: "1-11-41290", discipline: CIVIL, grade: GRADE_1, provincialOrganisationId: "engineering:tehran", validUntil: "2027-06-21" } }) { nationalCode } }`,
      collection: 'people',
      id: hajizadeh,
      path: 'licence',
    }),
  },
  {
    mutation: 'renewEngineeringLicence',
    key: 'engineering',
    operation: async () => ({
      query: `mutation { renewEngineeringLicence(input: { nationalCode: "${hajizadeh}", validUntil: "2045-06-21" }) { number } }`,
      collection: 'people',
      id: hajizadeh,
      path: 'licence',
    }),
  },
  {
    mutation: 'changeEngineeringLicenceStanding',
    key: 'engineering',
    operation: async () => ({
      query: `mutation { changeEngineeringLicenceStanding(input: { nationalCode: "${hajizadeh}", change: SUSPEND }) { number } }`,
      collection: 'people',
      id: hajizadeh,
      path: 'licence',
    }),
  },
  ...(['renew', 'standing'] as const).map((action): Step => ({
    mutation: action === 'renew' ? 'renewAbroadCertificate' : 'changeAbroadCertificateStanding',
    key: 'engineering',
    operation: async (find, prepare) => {
      const certificate = await find('abroadCertificates', (document) => isValid(document));
      // A certificate is renewed within its holder's licence: the licence is renewed beyond the certificate's new last day first.
      if (action === 'renew') {
        await prepare(`mutation { renewEngineeringLicence(input: { nationalCode: "${certificate.nationalCode as string}", validUntil: "2046-12-31" }) { status } }`);
      }
      return {
        query:
          action === 'renew'
            ? `mutation { renewAbroadCertificate(input: { certificateNumber: "${certificate._id}", validUntil: "2045-12-31" }) { status } }`
            : `mutation { changeAbroadCertificateStanding(input: { certificateNumber: "${certificate._id}", change: SUSPEND }) { status } }`,
        collection: 'abroadCertificates',
        id: certificate._id,
      };
    },
  })),
  ...(['renew', 'standing'] as const).map((action): Step => ({
    mutation: action === 'renew' ? 'renewGuildUnitLicence' : 'changeGuildUnitLicenceStanding',
    key: 'guilds',
    operation: async (find) => {
      const unit = await find('guildUnits', (document) => isValid(document));
      return {
        query:
          action === 'renew'
            ? `mutation { renewGuildUnitLicence(input: { licenceNumber: "${unit._id}", validUntil: "2045-12-31" }) { status } }`
            : `mutation { changeGuildUnitLicenceStanding(input: { licenceNumber: "${unit._id}", change: SUSPEND }) { status } }`,
        collection: 'guildUnits',
        id: unit._id,
      };
    },
  })),
];

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`the provenance of credentials written through the API on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
    }, 120_000);
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it.each(STEPS.map((step) => [step.mutation, step] as const))('%s stores the credential ENTERED by its caller, now', async (mutation, step) => {
      const find = async (collection: string, test: (document: Stored) => boolean): Promise<Stored> => {
        const found = ((await graph.stores[step.key].collection(collection).find({})) as Stored[]).find(test);
        expect({ mutation, collection, found: found !== undefined }).toEqual({ mutation, collection, found: true });
        return found!;
      };
      const prepare = async (query: string) => {
        const admin = await testToken([`${step.key}:admin`, PERSONAL_READ_SCOPE], { subject: 'preparer' });
        expect((await graph.query(query, undefined, admin)).errors).toBeUndefined();
      };
      const operation = await step.operation(find, prepare);
      // A caller of its own for each mutation, so a provenance another step left cannot pass for this one's.
      const token = await testToken([`${step.key}:admin`, PERSONAL_READ_SCOPE], { subject: `tester-${mutation}` });
      const startedAt = Date.now();
      const answer = await graph.query(operation.query, undefined, token);
      expect({ mutation, errors: answer.errors }).toEqual({ mutation, errors: undefined });
      const [stored] = (await graph.stores[step.key].collection(operation.collection).find({ _id: operation.id })) as Stored[];
      const record = (operation.path ? stored![operation.path] : stored) as { provenance?: { kind: string; by?: string; at?: Date } };
      expect({ mutation, provenance: record.provenance }).toEqual({ mutation, provenance: { kind: 'ENTERED', by: `tester-${mutation}`, at: expect.anything() } });
      expect(new Date(record.provenance!.at!).getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
    });

    it("keeps an engineer's licence, with its provenance, when an upsert gives it as it is stored", async () => {
      const fatemi = SEED_PEOPLE.fatemi.nationalCode;
      const read = async () => ((await graph.stores.engineering.collection('people').find({ _id: fatemi })) as Stored[])[0]!;
      const before = await read();
      const licence = before.licence as { number: string; discipline: string; grade: string; provincialOrganisationId: string; validUntil: Date; provenance: unknown };
      const validUntil = new Date(licence.validUntil).toISOString().slice(0, 10);
      const token = await testToken(['engineering:admin', PERSONAL_READ_SCOPE], { subject: 'tester-same-licence' });
      const answer = await graph.query(
        `mutation { upsertEngineeringMember(input: { nationalCode: "${fatemi}", fullName: "${before.fullName as string}", licence: { number: "${licence.number}", discipline: ${licence.discipline}, grade: ${licence.grade}, provincialOrganisationId: "${licence.provincialOrganisationId}", validUntil: "${validUntil}" } }) { fullName } }`,
        undefined,
        token,
      );
      expect(answer.errors).toBeUndefined();
      const after = await read();
      expect((after.licence as { provenance: unknown }).provenance).toEqual(licence.provenance);
      expect(((after.history ?? []) as { field: string }[]).filter((change) => change.field === 'licence')).toEqual([]);
    });

    it('covers every registry that keeps credentials', () => {
      expect(new Set(STEPS.map((step) => step.key))).toEqual(new Set(REGISTRY_KEYS));
    });
  });
}
