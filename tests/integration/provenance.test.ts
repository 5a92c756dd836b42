import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { documentsByCollection } from '../../shared/registry/documents';
import { StoredDocument } from '../../shared/store/port';
import { auditorsDemoData } from '../../subgraphs/auditors/demo-data';
import { engineeringDemoData } from '../../subgraphs/engineering/demo-data';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { labsDemoData } from '../../subgraphs/labs/demo-data';
import { REGISTRY_KEYS, testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * Every record says where it came from (#15 item 1): every demo document in every store carries a
 * provenance; what the API returns of each carries the same, so an invented record is labelled
 * ILLUSTRATIVE in the API; a write through a mutation records ENTERED with the caller and the time.
 */

type Kind = 'SOURCE_TEXT' | 'ILLUSTRATIVE' | 'ENTERED';
interface StoredProvenance {
  kind: Kind;
}
interface ApiProvenance {
  kind: Kind;
  note: string | null;
  source: { text: string; quote: string } | null;
  enteredAt: string | null;
  enteredBy: string | null;
}
type Stored = StoredDocument & { provenance?: StoredProvenance; source?: unknown } & Record<string, unknown>;

const DEMO_DATA = { labs: labsDemoData, auditors: auditorsDemoData, engineering: engineeringDemoData, guilds: guildsDemoData };
const PROVENANCE = 'provenance { kind note source { text quote } enteredAt enteredBy }';
/** Records kept inside a document, with a provenance of their own. */
const EMBEDDED = ['licence', 'accreditation', 'inspectionAccreditation'];

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`every record's provenance, through the gateway, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    let admin: string;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admin = await testToken([...REGISTRY_KEYS.map((key) => `${key}:admin`), PERSONAL_READ_SCOPE], { subject: 'provenance-tester' });
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    async function stored(key: keyof typeof DEMO_DATA, collection: string): Promise<Stored[]> {
      return (await graph.stores[key].collection(collection).find({})) as Stored[];
    }

    async function ok<T>(query: string, variables?: Record<string, unknown>, token = admin): Promise<T> {
      const { data, errors } = await graph.query<T>(query, variables, token);
      expect(errors).toBeUndefined();
      return data!;
    }

    /** Every node of a connection the gateway pages, followed to its end. */
    async function everyNode<N>(field: string, selection: string, extraArgs = ''): Promise<N[]> {
      const nodes: N[] = [];
      let after: string | null = null;
      do {
        const data: Record<string, { nodes: N[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> = await ok(
          `query($after: String) { ${field}(first: 100, after: $after${extraArgs}) { nodes { ${selection} } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        nodes.push(...data[field]!.nodes);
        after = data[field]!.pageInfo.hasNextPage ? data[field]!.pageInfo.endCursor : null;
      } while (after);
      return nodes;
    }

    it('finds a provenance on every demo document in every store, and on every record kept inside one', async () => {
      const missing: string[] = [];
      let documents = 0;
      for (const key of Object.keys(DEMO_DATA) as (keyof typeof DEMO_DATA)[]) {
        for (const collection of Object.keys(documentsByCollection(DEMO_DATA[key]()))) {
          for (const document of await stored(key, collection)) {
            documents += 1;
            if (!['SOURCE_TEXT', 'ILLUSTRATIVE', 'ENTERED'].includes(document.provenance?.kind ?? '')) missing.push(`${key} ${collection} ${String(document._id)}`);
            for (const field of EMBEDDED) {
              const inner = document[field] as Stored | undefined;
              if (inner && !inner.provenance) missing.push(`${key} ${collection} ${String(document._id)}.${field}`);
            }
          }
        }
      }
      expect(documents).toBeGreaterThan(500);
      expect(missing).toEqual([]);
    });

    it('returns every member, organisation and position with the provenance its store holds', async () => {
      const differences: string[] = [];
      for (const key of Object.keys(DEMO_DATA) as (keyof typeof DEMO_DATA)[]) {
        const people = new Map((await stored(key, 'people')).map((d) => [d._id, d.provenance?.kind]));
        const organisations = new Map((await stored(key, 'organisations')).map((d) => [d._id, d.provenance?.kind]));
        const roles = new Map((await stored(key, 'roles')).map((d) => [`${String(d.nationalCode)}|${String(d.organisationId)}|${String(d.body)}`, d.provenance?.kind]));
        type Role = { body: string; person: { nationalCode: string }; organisation: { id: string }; provenance: ApiProvenance | null };
        type Record = { provenance: ApiProvenance | null; roles: Role[] };
        const persons = await everyNode<{ nationalCode: string } & { [registry: string]: Record }>(
          `${key}Members`,
          `nationalCode ${key} { ${PROVENANCE} roles { body person { nationalCode } organisation { id } ${PROVENANCE} } }`,
        );
        const members = persons.map((person) => ({ nationalCode: person.nationalCode, ...(person[key] as Record) }));
        expect(members).toHaveLength(people.size);
        for (const member of members) {
          if (!member.provenance || member.provenance.kind !== people.get(member.nationalCode))
            differences.push(`${key} member ${member.nationalCode}: ${member.provenance?.kind} in the API`);
          if (member.provenance?.kind === 'ILLUSTRATIVE' && !member.provenance.note) differences.push(`${key} member ${member.nationalCode}: no note`);
          for (const role of member.roles) {
            // A position not in the roles collection is a seat on an elected board (its seat's provenance).
            const position = `${role.person.nationalCode}|${role.organisation.id}|${role.body}`;
            const want = roles.has(position) ? roles.get(position) : role.provenance?.kind;
            if (!role.provenance || role.provenance.kind !== want)
              differences.push(`${key} role ${role.person.nationalCode} ${role.organisation.id}: ${role.provenance?.kind} in the API, ${want} stored`);
          }
        }
        const nodes = await everyNode<{ id: string } & { [registry: string]: { provenance: ApiProvenance | null } }>(`${key}Organisations`, `id ${key} { ${PROVENANCE} }`);
        const listed = nodes.map((node) => ({ id: node.id, provenance: (node[key] as { provenance: ApiProvenance | null }).provenance }));
        expect(listed).toHaveLength(organisations.size);
        for (const organisation of listed) {
          if (!organisation.provenance || organisation.provenance.kind !== organisations.get(organisation.id))
            differences.push(`${key} organisation ${organisation.id}: ${organisation.provenance?.kind} in the API`);
        }
      }
      expect(differences).toEqual([]);
    });

    it('returns every credential, guild unit, election, programme, meeting and resolution with the provenance its store holds', async () => {
      const lists: { key: keyof typeof DEMO_DATA; field: string; id: string; collection: string; embedded?: string; args?: string }[] = [
        { key: 'auditors', field: 'auditorsCertifications', id: 'certificateNumber', collection: 'certifications' },
        { key: 'engineering', field: 'engineeringAbroadCertificates', id: 'certificateNumber', collection: 'abroadCertificates' },
        { key: 'guilds', field: 'guildUnitLicences', id: 'licenceNumber', collection: 'guildUnits' },
        { key: 'guilds', field: 'guildElections', id: 'id', collection: 'elections' },
        { key: 'guilds', field: 'chamberProgrammes', id: 'id', collection: 'chamber_programmes' },
      ];
      const differences: string[] = [];
      for (const list of lists) {
        const byId = new Map((await stored(list.key, list.collection)).map((d) => [d._id, d.provenance?.kind]));
        const nodes = await everyNode<Record<string, string> & { provenance: ApiProvenance | null }>(list.field, `${list.id} ${PROVENANCE}`, list.args ?? '');
        expect(nodes.length).toBeGreaterThan(0);
        for (const node of nodes) {
          if (!node.provenance || node.provenance.kind !== byId.get(node[list.id]!))
            differences.push(`${list.field} ${node[list.id]}: ${node.provenance?.kind} in the API, ${byId.get(node[list.id]!)} stored`);
        }
      }
      for (const field of ['meetings', 'resolutions']) {
        const nodes = await everyNode<{ id: string; provenance: ApiProvenance | null }>(field, `id ${PROVENANCE}`);
        expect(nodes.length).toBeGreaterThan(0);
        for (const node of nodes) if (!node.provenance) differences.push(`${field} ${node.id}: no provenance`);
      }
      expect(differences).toEqual([]);
    });

    it('labels the facts the demo invents about people the texts name as illustrative, and quotes the texts for what they say', async () => {
      const data = await ok<{
        abroad: { nodes: { holder: { nationalCode: string }; provenance: ApiProvenance }[] };
        licences: { nodes: { holder: { nationalCode: string }; provenance: ApiProvenance }[] };
        certifications: { nodes: { holder: { nationalCode: string }; provenance: ApiProvenance }[] };
        organisations: { nodes: { id: string; guilds: { roles: { person: { nationalCode: string }; position: string; provenance: ApiProvenance }[] } }[] };
        tajik: { auditors: { provenance: ApiProvenance; roles: { position: string; provenance: ApiProvenance }[] } };
      }>(`{
        abroad: engineeringAbroadCertificates(first: 100) { nodes { holder { nationalCode } ${PROVENANCE} } }
        licences: engineeringLicences(first: 100) { nodes { holder { nationalCode } ${PROVENANCE} } }
        certifications: auditorsCertifications(first: 100) { nodes { holder { nationalCode } ${PROVENANCE} } }
        organisations: guildsOrganisations(first: 100) { nodes { id guilds { roles { person { nationalCode } position ${PROVENANCE} } } } }
        tajik: person(nationalCode: "${SEED_PEOPLE.saeedTajik.nationalCode}") { auditors { ${PROVENANCE} roles { position ${PROVENANCE} } } }
      }`);
      const named = [SEED_PEOPLE.seifzadeh, SEED_PEOPLE.fatemi, SEED_PEOPLE.hajizadeh].map((p) => p.nationalCode);
      const abroad = data.abroad.nodes.filter((node) => named.includes(node.holder.nationalCode));
      expect(abroad.length).toBeGreaterThan(0);
      for (const node of abroad) expect(node.provenance).toMatchObject({ kind: 'ILLUSTRATIVE', note: expect.stringContaining('seed 000 only proposes') });
      const licences = data.licences.nodes.filter((node) => named.includes(node.holder.nationalCode));
      expect(licences).toHaveLength(3);
      for (const node of licences) expect(node.provenance).toMatchObject({ kind: 'ILLUSTRATIVE', note: expect.stringContaining('no text gives a licence') });
      const tajikCertifications = data.certifications.nodes.filter((node) => node.holder.nationalCode === SEED_PEOPLE.saeedTajik.nationalCode);
      expect(tajikCertifications.length).toBeGreaterThan(0);
      for (const node of tajikCertifications) expect(node.provenance.kind).toBe('ILLUSTRATIVE');
      const fars = data.organisations.nodes.find((node) => node.id === 'guilds:fars-chamber')!;
      const supervisors = fars.guilds.roles.filter((role) => [SEED_PEOPLE.golpour, SEED_PEOPLE.mahmoudzadeh].some((p) => p.nationalCode === role.person.nationalCode));
      expect(supervisors).toHaveLength(2);
      for (const role of supervisors) expect(role.provenance.kind).toBe('ILLUSTRATIVE');
      expect(data.tajik.auditors.provenance).toMatchObject({ kind: 'SOURCE_TEXT', source: { text: '002', quote: expect.stringContaining('سعید تاجیک') } });
      expect(data.tajik.auditors.roles.find((role) => role.position === 'CHAIR')?.provenance).toMatchObject({ kind: 'SOURCE_TEXT', source: { text: '002' } });
    });

    it("records a write through a mutation as entered, by the caller and when; who is shown to the registry's administrators only", async () => {
      const before = Date.now();
      await ok(`mutation { upsertLabsMember(input: { nationalCode: "0012345679", fullName: "عضو آزمایشی" }) { fullName } }`);
      await ok(
        `mutation { assignLabsRole(input: { nationalCode: "0012345679", organisationId: "labs:association", body: "هیئت مدیره", bodyKind: BOARD, position: BOARD_MEMBER }) { body } }`,
      );
      const read = (token: string) =>
        ok<{ person: { labs: { provenance: ApiProvenance; roles: { provenance: ApiProvenance }[] } } }>(
          `{ person(nationalCode: "0012345679") { labs { ${PROVENANCE} roles { ${PROVENANCE} } } } }`,
          undefined,
          token,
        );
      const asAdmin = await read(admin);
      for (const provenance of [asAdmin.person.labs.provenance, asAdmin.person.labs.roles[0]!.provenance]) {
        expect(provenance).toMatchObject({ kind: 'ENTERED', enteredBy: 'provenance-tester', note: null, source: null });
        expect(Date.parse(provenance.enteredAt!)).toBeGreaterThanOrEqual(before - 1000);
      }
      const reader = await testToken([PERSONAL_READ_SCOPE, 'guilds:admin'], { subject: 'someone-else' });
      const asReader = await read(reader);
      expect(asReader.person.labs.provenance).toMatchObject({ kind: 'ENTERED', enteredBy: null });
      const [stored] = await graph.stores.labs.collection('people').find({ _id: '0012345679' });
      expect((stored as Stored).provenance).toMatchObject({ kind: 'ENTERED', by: 'provenance-tester' });
    });
  });
}
