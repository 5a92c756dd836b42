import { SEED_PEOPLE } from '../../shared/demo/people';
import { syntheticContact } from '../../shared/demo/builders';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { askSubgraph, startTestGraph, TestGraph } from '../support/graph';
import { renewDemoLicences } from '../support/guild-licences';
import { collectPersonalData, findLeaks, PersonalData } from '../support/personal-data';
import { storesUnderTest } from '../support/stores';

/**
 * `Query.me` (issue #18, item 1): the signed-in person's own record across every registry, their
 * own national code and contacts without `personal:read`, and nothing of anyone else; anonymous
 * callers refused with UNAUTHENTICATED; the own-record rule held by the gateway (nested paths to
 * another person need the scope) and by the subgraphs (record by record).
 */

const TAJIK = SEED_PEOPLE.saeedTajik;
const persianDigits = (code: string) => code.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
const DAY_MS = 86_400_000;
const daysFromToday = (iso: string) => Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`)) / DAY_MS);

const ME = /* GraphQL */ `
  query Me {
    me {
      nationalCode
      fullName
      registries
      memberships { registry fullName roles { body bodyKind position organisation { id name } } }
      credentials { id kind registry number status validUntil { iso jalali } daysRemaining }
      committeeSeats { position committee { id title } organisation { id } }
      meetings { id }
      resolutions { totalCount nodes { id responsible { id } } }
      guildElections { election { id } hasVoted }
      person {
        nationalCode
        fullName
        labs { nationalCode contact { phone email } roles { position organisation { id } } }
        auditors { nationalCode contact { phone email } certifications { certificateNumber validUntil { iso } } }
      }
    }
  }
`;

interface MeAnswer {
  me: {
    nationalCode: string;
    fullName: string;
    registries: string[];
    memberships: { registry: string; fullName: string; roles: { body: string; bodyKind: string; position: string; organisation: { id: string; name: string } }[] }[];
    credentials: { id: string; kind: string; registry: string; number: string; status: string; validUntil: { iso: string; jalali: string }; daysRemaining: number }[];
    committeeSeats: unknown[];
    meetings: { id: string }[];
    resolutions: { totalCount: number; nodes: { id: string; responsible: { id: string } }[] };
    guildElections: { election: { id: string }; hasVoted: boolean }[];
    person: {
      nationalCode: string;
      fullName: string;
      labs: { nationalCode: string; contact: { phone: string; email: string } };
      auditors: { nationalCode: string; contact: { phone: string; email: string }; certifications: { certificateNumber: string; validUntil: { iso: string } }[] };
    };
  };
}

/** Every personal datum the stores hold but the person's own: what their `me` must never show. */
function everyoneElse(personal: PersonalData, nationalCode: string): PersonalData {
  const own = syntheticContact(nationalCode);
  const nationalCodes = new Set([...personal.nationalCodes].filter((code) => code !== nationalCode));
  const phones = new Set([...personal.phones].filter((phone) => phone !== own.phone && phone !== own.phone?.replace(/\D/g, '')));
  const emails = new Set([...personal.emails].filter((email) => email !== own.email?.toLowerCase()));
  return { nationalCodes, phones, emails };
}

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`me: the signed-in person's own record, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it("shows Saeed Tajik both boards, his certification's days left, his own code and contacts without personal:read, and nothing of anyone else", async () => {
      // His token's subject is his national code, here in Persian digits; it grants no scope.
      const token = await testToken([], { subject: persianDigits(TAJIK.nationalCode) });
      const { status, data, errors } = await graph.query<MeAnswer>(ME, undefined, token);
      expect(errors).toBeUndefined();
      expect(status).toBe(200);
      const me = data!.me;
      expect(me.nationalCode).toBe(TAJIK.nationalCode);
      expect(me.fullName).toBe(TAJIK.fullName);
      expect(me.registries).toEqual(['LABS', 'AUDITORS']);
      // Both boards: a member of the labs association's, the chair of the auditors society's.
      expect(me.memberships.map((m) => ({ registry: m.registry, roles: m.roles.map((r) => [r.bodyKind, r.position, r.organisation.id]) }))).toEqual([
        { registry: 'LABS', roles: [['BOARD', 'BOARD_MEMBER', 'labs:association']] },
        { registry: 'AUDITORS', roles: [['BOARD', 'CHAIR', 'auditors:society']] },
      ]);
      expect(me.memberships[1]!.roles[0]!.organisation.name).toBe('جامعه ممیزی و بازرسی ایران');
      // His lead-auditor certification, with the days left to its last day (19 March 2027).
      expect(me.credentials).toEqual([
        {
          id: 'auditors:certification:ISAI-1403-0001',
          kind: 'AUDITOR_CERTIFICATION',
          registry: 'AUDITORS',
          number: 'ISAI-1403-0001',
          status: daysFromToday('2027-03-19') >= 0 ? 'VALID' : 'EXPIRED',
          validUntil: { iso: '2027-03-19', jalali: '1405-12-28' },
          daysRemaining: daysFromToday('2027-03-19'),
        },
      ]);
      expect(me.person.auditors.certifications).toEqual([{ certificateNumber: 'ISAI-1403-0001', validUntil: { iso: '2027-03-19' } }]);
      // His own national code and contacts, which need personal:read anywhere else.
      const own = syntheticContact(TAJIK.nationalCode);
      expect(me.person.nationalCode).toBe(TAJIK.nationalCode);
      expect(me.person.labs).toMatchObject({ nationalCode: TAJIK.nationalCode, contact: { phone: own.phone, email: own.email } });
      expect(me.person.auditors).toMatchObject({ nationalCode: TAJIK.nationalCode, contact: { phone: own.phone, email: own.email } });
      expect(me.committeeSeats).toEqual([]);
      expect(me.guildElections).toEqual([]);
      for (const resolution of me.resolutions.nodes) expect(['labs:association', 'auditors:society']).toContain(resolution.responsible.id);
      // Nobody else's national code, phone or e-mail anywhere in the answer.
      const stores = Object.values(graph.stores).map((store) => ({ store, collections: ['people', 'roles', 'certifications', 'guildUnits', 'projectMembers', 'meetings'] }));
      const others = everyoneElse(await collectPersonalData(stores), TAJIK.nationalCode);
      expect(others.nationalCodes.size).toBeGreaterThan(100);
      expect(findLeaks(JSON.stringify(data), others, '', 'body')).toEqual([]);
    });

    it('refuses me without a token (401 UNAUTHENTICATED), and to a token whose subject is no national code (NOT_A_PERSON)', async () => {
      const anonymous = await graph.query(ME);
      expect(anonymous.status).toBe(401);
      expect(anonymous.data).toBeUndefined();
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(anonymous.errors?.[0]?.message).toMatch(/Query\.me needs an authenticated caller/);
      const tester = await graph.query<{ me: unknown }>('{ me { nationalCode } }', undefined, await testToken([PERSONAL_READ_SCOPE]));
      expect(tester.data?.me ?? null).toBeNull();
      expect(tester.errors?.[0]?.extensions?.code).toBe('NOT_A_PERSON');
    });

    it('still needs personal:read on any path from me that reaches another person, refused whole at the gateway', async () => {
      const token = await testToken([], { subject: TAJIK.nationalCode });
      const paths = [
        ['{ me { person { labs { roles { person { nationalCode } } } } } }', 'Person.nationalCode'],
        ['{ me { memberships { roles { organisation { labs { roles { person { labs { contact { email } } } } } } } } } }', 'LabsMember.contact'],
        ['{ me { person { auditors { roles { organisation { auditors { roles { person { auditors { nationalCode } } } } } } } } } }', 'AuditorsMember.nationalCode'],
        ['{ me { nationalCode } person(nationalCode: "0061234516") { fullName } }', 'Query.person'],
      ];
      for (const [query, field] of paths) {
        const { status, data, errors } = await graph.query(query!, undefined, token);
        expect({ query, status, code: errors?.[0]?.extensions?.code, data }).toEqual({ query, status: 403, code: 'FORBIDDEN', data: undefined });
        expect(errors![0]!.extensions!.fields).toEqual([{ field, requiredScopes: [[PERSONAL_READ_SCOPE]] }]);
      }
      // With personal:read, the same nested path answers (here: the labs board's other members' codes).
      const reader = await testToken([PERSONAL_READ_SCOPE], { subject: TAJIK.nationalCode });
      const { errors, data } = await graph.query<{ me: { person: { labs: { roles: { organisation: { labs: { roles: { person: { nationalCode: string } }[] } } }[] } } } }>(
        '{ me { person { labs { roles { organisation { labs { roles { person { nationalCode } } } } } } } } }',
        undefined,
        reader,
      );
      expect(errors).toBeUndefined();
      expect(data!.me.person.labs.roles[0]!.organisation.labs.roles.map((r) => r.person.nationalCode)).toContain(SEED_PEOPLE.alirezaMohebali.nationalCode);
    });

    it("has the subgraphs hold the rule record by record: another person's Me or contact is refused to a caller the gateway let through", async () => {
      const labs = graph.subgraphUrls.labs;
      const as = (subject: string, scopes: string[] = []) => ({ authenticated: true, subject, scopes });
      const me = (code: string) => `{ _entities(representations: [{ __typename: "Me", nationalCode: "${code}" }]) { ... on Me { labs { fullName } } } }`;
      const contact = (code: string) => `{ _entities(representations: [{ __typename: "Person", nationalCode: "${code}" }]) { ... on Person { labs { contact { email } } } } }`;
      const other = SEED_PEOPLE.alirezaMohebali.nationalCode;
      const own = await askSubgraph<{ _entities: unknown[] }>(labs, 'labs', me(TAJIK.nationalCode), undefined, as(TAJIK.nationalCode));
      expect(own.errors).toBeUndefined();
      expect(own.data!._entities).toEqual([{ labs: { fullName: TAJIK.fullName } }]);
      for (const caller of [as(TAJIK.nationalCode), as(TAJIK.nationalCode, [PERSONAL_READ_SCOPE])]) {
        const refused = await askSubgraph(labs, 'labs', me(other), undefined, caller);
        expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(JSON.stringify(refused)).not.toContain(SEED_PEOPLE.alirezaMohebali.fullName);
      }
      const ownContact = await askSubgraph<{ _entities: { labs: { contact: { email: string } } }[] }>(labs, 'labs', contact(TAJIK.nationalCode), undefined, as(TAJIK.nationalCode));
      expect(ownContact.errors).toBeUndefined();
      expect(ownContact.data!._entities[0]!.labs.contact.email).toBe(syntheticContact(TAJIK.nationalCode).email);
      const otherContact = await askSubgraph(labs, 'labs', contact(other), undefined, as(TAJIK.nationalCode));
      expect(otherContact.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(otherContact)).not.toContain(syntheticContact(other).email!);
    });

    it('has each registry list the people it keeps records of without holding them, read from its store: who else me may be asked of', async () => {
      const listed: Record<string, { records: number; codes: string[] }> = {};
      for (const [key, url] of Object.entries(graph.subgraphUrls)) {
        const answer = await askSubgraph<{ _recordHolderRecords: number; _recordHolderCodes: string[] }>(url, key, '{ _recordHolderRecords _recordHolderCodes(first: 1000) }');
        expect(answer.errors).toBeUndefined();
        listed[key] = { records: answer.data!._recordHolderRecords, codes: answer.data!._recordHolderCodes };
      }
      // Alireza Mohebali, a labs member, is named among the attendees of an auditors meeting; every other named person there is its member.
      expect(listed['auditors']!.codes).toEqual([SEED_PEOPLE.alirezaMohebali.nationalCode]);
      for (const { records } of Object.values(listed)) expect(records).toBeGreaterThan(0);
    });

    it('lists the open elections a member may vote in, and whether they voted, never how', async () => {
      const admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
      const unionId = 'guilds:fars-union-009';
      await renewDemoLicences(graph, admin, [unionId]);
      const units = guildsDemoData().guildUnits.filter((unit) => unit.unionId === unionId && unit.status === 'ACTIVE');
      const owners = [...new Set(units.map((unit) => unit.ownerNationalCode))].sort();
      const [candidateA, candidateB, voter] = owners;
      const created = await graph.query<{ createGuildElection: { id: string } }>(
        `mutation C($input: CreateGuildElectionInput!) { createGuildElection(input: $input) { id } }`,
        {
          input: {
            unionId,
            seats: 1,
            opensAt: new Date(Date.now() - 60_000).toISOString(),
            closesAt: new Date(Date.now() + 3_600_000).toISOString(),
            supervisorNationalCodes: [SEED_PEOPLE.mahmoudzadeh.nationalCode],
            candidateNationalCodes: [candidateA, candidateB],
          },
        },
        admin,
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.createGuildElection.id;
      const token = await testToken([], { subject: voter! });
      const ask = () =>
        graph.query<{ me: { guildElections: { election: { id: string; status: string }; hasVoted: boolean }[] } }>(
          '{ me { guildElections { election { id status } hasVoted } } }',
          undefined,
          token,
        );
      expect((await ask()).data!.me.guildElections).toEqual([{ election: { id, status: 'OPEN' }, hasVoted: false }]);
      const cast = await graph.query(`mutation { castGuildElectionBallot(input: { electionId: "${id}", choices: ["${candidateB}"] }) { votedAt } }`, undefined, token);
      expect(cast.errors).toBeUndefined();
      const after = await ask();
      expect(after.data!.me.guildElections).toEqual([{ election: { id, status: 'OPEN' }, hasVoted: true }]);
      expect(JSON.stringify(after)).not.toContain(candidateB!);
    });
  });
}
