import { StoredDocument } from '../../shared/store/port';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { GraphQLResponse, startTestGraph, TestGraph } from '../support/graph';
import { castBallotsToClose, openDemoElection } from '../support/open-election';
import { storesUnderTest } from '../support/stores';

/**
 * Grants bound to one record (docs/security.md): for each family of changes, who may and who may
 * not, through the gateway. Each refusal answers FORBIDDEN (UNAUTHENTICATED when anonymous) and
 * leaves the collections the change writes exactly as they were.
 */

const FARS_UNION = 'guilds:fars-union-002';
const OTHER_UNION = 'guilds:fars-union-003';
const UNION_TO_CREATE_IN = 'guilds:fars-union-007';
const CASABLANCA = 'guilds:casablanca-settat-chamber';
const FARS_CHAMBER = 'guilds:fars-chamber';
const PROGRAMME = 'guilds:programme-casablanca-settat-2023';
const MOHAMMEDIA = 'guilds:structured-mohammedia-business-centre';
const LEGAL_COMMITTEE = 'guilds:committee-legal';
const CULTURAL_COMMITTEE = 'guilds:committee-cultural-social';
const MARKETS_SERIES = 'guilds:markets-group-meetings';
const FARS_SERIES = 'guilds:fars-chamber-meetings';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** One change, the collections it writes, the record-bound scope that opens it and the same form for another record. */
interface Row {
  name: string;
  query: string;
  variables: () => Record<string, unknown>;
  collections: string[];
  grant: string;
  otherGrant: string;
  /** Scopes every caller needs besides the grant (and is given in each case, so that the grant is what decides). */
  alsoNeeds?: string[];
}

interface ResolutionDoc extends StoredDocument {
  seriesId: string;
  responsibleId: string;
  projectId?: string;
  status: string;
}

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`grants bound to one record, through the gateway, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);
    let admin: string;
    let member: string;
    let openElectionId: string;
    let committeeResolution: ResolutionDoc;
    let organisationResolution: ResolutionDoc;
    const seated = guildsDemoData().guildUnits[0]!.ownerNationalCode;

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      admin = await testToken(['guilds:admin']);
      member = await testToken([], { subject: seated });
      // Opening an election names its candidates by code: personal:read as well.
      const electionAdmin = await testToken(['guilds:admin', 'personal:read']);
      const asAdmin = <T>(query: string, variables: Record<string, unknown>) => graph.query<T>(query, variables, electionAdmin);
      const opened = await openDemoElection(asAdmin, FARS_UNION);
      openElectionId = opened.electionId;
      // Enough ballots (none the voter's) for the election to be closed before its planned end.
      await castBallotsToClose(opened, async (voter, query, variables) => graph.query(query, variables, await testToken([], { subject: voter })));
      const resolutions = await graph.stores.guilds.collection<ResolutionDoc>('resolutions').find({});
      committeeResolution = resolutions.find((r) => r.projectId === LEGAL_COMMITTEE)!;
      organisationResolution = resolutions.find((r) => !r.projectId && r.seriesId === MARKETS_SERIES)!;
      expect(committeeResolution).toBeDefined();
      expect(organisationResolution).toBeDefined();
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    const rows = (): Row[] => [
      {
        name: 'createGuildElection (the union named)',
        query: `mutation C($input: CreateGuildElectionInput!) { createGuildElection(input: $input) { id } }`,
        variables: () => ({ input: { unionId: UNION_TO_CREATE_IN, seats: 1, opensAt: inDays(30), closesAt: inDays(31) } }),
        collections: ['elections', 'election_candidates', 'election_ballots'],
        grant: `guilds:elections:${UNION_TO_CREATE_IN}`,
        otherGrant: `guilds:elections:${OTHER_UNION}`,
        // Its input names supervisors and candidates by national code (none here: the schema asks it all the same).
        alsoNeeds: ['personal:read'],
      },
      {
        name: "closeGuildElection (the election's union)",
        query: `mutation C($id: ID!) { closeGuildElection(input: { electionId: $id }) { id } }`,
        variables: () => ({ id: openElectionId }),
        collections: ['elections'],
        grant: `guilds:elections:${FARS_UNION}`,
        otherGrant: `guilds:elections:${OTHER_UNION}`,
      },
      {
        name: 'createChamberProgramme (the chamber named)',
        query: `mutation P($input: CreateChamberProgrammeInput!) { createChamberProgramme(input: $input) { id } }`,
        variables: () => ({ input: { chamberId: CASABLANCA, year: 2025, title: 'برنامج عمل الغرفة لسنة 2025' } }),
        collections: ['chamber_programmes', 'programme_indicators'],
        grant: `guilds:programme:${CASABLANCA}`,
        otherGrant: `guilds:programme:${FARS_CHAMBER}`,
      },
      {
        name: "addProgrammeIndicator (the programme's chamber)",
        query: `mutation I($input: AddProgrammeIndicatorInput!) { addProgrammeIndicator(input: $input) { id } }`,
        variables: () => ({ input: { programmeId: PROGRAMME, axis: 'TRAINING', name: 'عدد الدورات التكوينية المنظمة', unit: 'دورة', target: 12 } }),
        collections: ['programme_indicators'],
        grant: `guilds:programme:${CASABLANCA}`,
        otherGrant: `guilds:programme:${FARS_CHAMBER}`,
      },
      {
        name: 'addPartnershipAgreement (the chamber named)',
        query: `mutation G($input: AddPartnershipAgreementInput!) { addPartnershipAgreement(input: $input) { id } }`,
        variables: () => ({
          input: {
            chamberId: CASABLANCA,
            title: 'اتفاقية شراكة لدعم المقاولات الصغيرة',
            kind: 'PARTNERSHIP_AGREEMENT',
            scope: 'NATIONAL',
            parties: [{ name: 'جماعة المحمدية' }],
            signedOn: '2024-02-01',
          },
        }),
        collections: ['partnership_agreements'],
        grant: `guilds:programme:${CASABLANCA}`,
        otherGrant: `guilds:programme:${FARS_CHAMBER}`,
      },
      {
        name: "recordProgrammeIndicatorActual (the indicator's programme's chamber)",
        query: `mutation R($input: RecordProgrammeIndicatorActualInput!) { recordProgrammeIndicatorActual(input: $input) { id } }`,
        variables: () => ({ input: { indicatorId: `${PROGRAMME}|COMMUNICATION|1`, actual: 40, asOf: '2024-01-20' } }),
        collections: ['programme_indicators', 'programme_indicator_values'],
        grant: `guilds:programme:${CASABLANCA}`,
        otherGrant: `guilds:programme:${FARS_CHAMBER}`,
      },
      {
        name: "recordStructuredProjectStageProgress (the project's chamber)",
        query: `mutation S($input: RecordStructuredProjectStageProgressInput!) { recordStructuredProjectStageProgress(input: $input) { id } }`,
        variables: () => ({ input: { projectId: MOHAMMEDIA, stage: 3, progress: 100, asOf: '2024-03-01' } }),
        collections: ['structured_projects', 'structured_project_stages'],
        grant: `guilds:programme:${CASABLANCA}`,
        otherGrant: `guilds:programme:${FARS_CHAMBER}`,
      },
      {
        name: 'addGuildsCommitteeMember (the committee)',
        query: `mutation A($input: AddCommitteeMemberInput!) { addGuildsCommitteeMember(input: $input) { id } }`,
        variables: () => ({ input: { projectId: LEGAL_COMMITTEE, nationalCode: seated, position: 'MEMBER' } }),
        collections: ['projectMembers'],
        grant: `guilds:committee:${LEGAL_COMMITTEE}`,
        otherGrant: `guilds:committee:${CULTURAL_COMMITTEE}`,
        // The seat it answers names the person whose national code was given.
        alsoNeeds: ['personal:read'],
      },
      {
        name: "recordGuildsMeeting (the working group's series)",
        query: `mutation M($input: RecordMeetingInput!) { recordGuildsMeeting(input: $input) { id } }`,
        variables: () => ({
          input: {
            seriesId: MARKETS_SERIES,
            number: 14,
            hostId: 'guilds:markets-isfahan',
            startsOn: '1391-09-28',
            resolutions: [{ text: 'بررسی گزارش کمیته حقوقی', responsibleId: 'guilds:markets-tehran', dueDate: '1391-01-01' }],
          },
        }),
        collections: ['meetings', 'resolutions'],
        grant: `guilds:committee:${MARKETS_SERIES}`,
        otherGrant: `guilds:committee:${FARS_SERIES}`,
      },
      {
        name: 'setGuildsResolutionStatus (the committee it concerns)',
        query: `mutation S($input: SetResolutionStatusInput!) { setGuildsResolutionStatus(input: $input) { id status } }`,
        variables: () => ({ input: { id: committeeResolution._id, status: committeeResolution.status === 'DONE' ? 'OPEN' : 'DONE' } }),
        collections: ['resolutions'],
        grant: `guilds:committee:${LEGAL_COMMITTEE}`,
        otherGrant: `guilds:committee:${CULTURAL_COMMITTEE}`,
      },
      {
        name: 'addGuildsResolutionNote (the organisation responsible for it)',
        query: `mutation N($input: AddResolutionNoteInput!) { addGuildsResolutionNote(input: $input) { id } }`,
        variables: () => ({ input: { id: organisationResolution._id, note: 'پیگیری شد: گزارش به دبیرخانه رسید' } }),
        collections: ['resolutions'],
        grant: `guilds:resolutions:${organisationResolution.responsibleId}`,
        otherGrant: `guilds:resolutions:${FARS_CHAMBER}`,
      },
    ];

    /** What the collections hold, in id order, and how many writes each has had. */
    async function snapshot(collections: string[]) {
      const contents = await Promise.all(
        collections.map(async (name) => (await graph.stores.guilds.collection(name).find({})).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))),
      );
      return { contents, writes: collections.map((name) => graph.stores.guilds.writes.get(name) ?? 0) };
    }

    const codeOf = (answer: GraphQLResponse<unknown>) => answer.errors?.[0]?.extensions?.code;

    // The rows name records found in beforeAll, so they are made inside each test, by name.
    const names = [
      'createGuildElection',
      'closeGuildElection',
      'createChamberProgramme',
      'addProgrammeIndicator',
      'addPartnershipAgreement',
      'recordProgrammeIndicatorActual',
      'recordStructuredProjectStageProgress',
      'addGuildsCommitteeMember',
      'recordGuildsMeeting',
      'setGuildsResolutionStatus',
      'addGuildsResolutionNote',
    ];
    it.each(names)('%s: refused to another record, to a member without a grant and to anonymous, writing nothing; allowed to the record and to admin', async (name) => {
      const row = rows().find((r) => r.name.startsWith(`${name} `))!;
      const extra = row.alsoNeeds ?? [];
      const other = await testToken([row.otherGrant, ...extra]);
      const before = await snapshot(row.collections);

      const refusals: [string, string | undefined, string, string][] = [
        ['the same grant for another record', other, 'FORBIDDEN', row.grant],
        ['a member without a grant', extra.length ? await testToken(extra, { subject: seated }) : member, 'FORBIDDEN', row.grant],
        ['anonymous', undefined, 'UNAUTHENTICATED', ''],
        ...(await Promise.all(
          extra.map(async (scope): Promise<[string, string, string, string]> => [
            `the grant without ${scope}`,
            await testToken([row.grant, ...extra.filter((needed) => needed !== scope)]),
            'FORBIDDEN',
            scope,
          ]),
        )),
      ];
      for (const [who, token, code, named] of refusals) {
        const answer = await graph.query(row.query, row.variables(), token);
        expect({ who, code: codeOf(answer), data: answer.data ?? null }).toEqual({ who, code, data: null });
        if (code === 'FORBIDDEN') expect(answer.errors![0]!.message).toContain(named);
        expect(await snapshot(row.collections)).toEqual(before);
      }

      const allowed = await graph.query(row.query, row.variables(), await testToken([row.grant, ...extra]));
      expect(allowed.errors).toBeUndefined();
      expect((await snapshot(row.collections)).contents).not.toEqual(before.contents);

      // Admin passes the grant check too (the same change a second time may be refused for what it says, never for who asks).
      const again = await graph.query(row.query, row.variables(), extra.length ? await testToken(['guilds:admin', ...extra]) : admin);
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).not.toContain(codeOf(again));
    });

    it("refuses the Casablanca chamber's treasurer the Fars elections, and the Fars election officer the Casablanca programme", async () => {
      const treasurer = await testToken([`guilds:programme:${CASABLANCA}`]);
      const officer = await testToken([`guilds:elections:${FARS_UNION}`]);
      const publish = await graph.query(`mutation P($id: ID!) { publishGuildElectionResult(input: { electionId: $id }) { id } }`, { id: openElectionId }, treasurer);
      expect(codeOf(publish)).toBe('FORBIDDEN');
      expect(publish.errors![0]!.message).toMatch(
        /publishGuildElectionResult of .* needs guilds:admin, or guilds:elections:guilds:fars-union-002 \(the union's election officer\)/,
      );
      const axis = await graph.query(
        `mutation A($input: AddProgrammeAxisInput!) { addProgrammeAxis(input: $input) { id } }`,
        { input: { programmeId: PROGRAMME, kind: 'GOVERNANCE', title: 'الحكامة' } },
        officer,
      );
      expect(codeOf(axis)).toBe('FORBIDDEN');
    });

    it('opens a change to a record that does not exist to admin alone, who learns it does not exist', async () => {
      const officer = await testToken([`guilds:elections:${FARS_UNION}`]);
      const CLOSE = `mutation C($id: ID!) { closeGuildElection(input: { electionId: $id }) { id } }`;
      expect(codeOf(await graph.query(CLOSE, { id: 'guilds:election-none' }, officer))).toBe('FORBIDDEN');
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).not.toContain(codeOf(await graph.query(CLOSE, { id: 'guilds:election-none' }, admin)));
    });
  });
}
