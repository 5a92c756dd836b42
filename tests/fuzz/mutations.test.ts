import fc from 'fast-check';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { startTestGraph, TestGraph } from '../support/graph';
import { anyJson, anyText, Answer, expectStillAnswering, everyScopeToken, FuzzFigures, fuzzParameters, hugeText, persianText, sendOperation, writesIn } from './support';

type Registry = 'labs' | 'auditors' | 'engineering' | 'guilds';
const REGISTRIES: Registry[] = ['labs', 'auditors', 'engineering', 'guilds'];

/** What the graph holds, read once: organisation ids and member codes per registry, guild unions. */
interface Known {
  organisations: Record<Registry, string[]>;
  members: Record<Registry, string[]>;
  unions: string[];
  /** Auditors' certificate numbers and guild units' licence numbers (credentials). */
  certifications: string[];
  unitLicences: string[];
}

const ENUMS = {
  position: ['CHAIR', 'VICE_CHAIR', 'SECRETARY', 'TREASURER', 'BOARD_MEMBER', 'CHIEF_EXECUTIVE', 'TECHNICAL_MANAGER', 'SUPERVISOR', 'MEMBER'],
  bodyKind: ['BOARD', 'WORKING_GROUP', 'COMMITTEE', 'MANAGEMENT', 'SUPERVISION', 'GENERAL_ASSEMBLY'],
  certificationKind: ['AUDITOR', 'LEAD_AUDITOR', 'INSPECTOR', 'TECHNICAL_EXPERT'],
  auditorGrade: ['GRADE_1', 'GRADE_2', 'GRADE_3'],
  discipline: ['CIVIL', 'ARCHITECTURE', 'MECHANICAL', 'ELECTRICAL', 'SURVEYING', 'URBAN_PLANNING', 'TRAFFIC', 'GEOTECHNICS'],
  engineeringGrade: ['GRADE_3', 'GRADE_2', 'GRADE_1', 'SENIOR'],
  standing: ['MEMBER', 'OFFICIAL'],
};

/** A field's good values (right shape, often accepted) and its bad ones (near misses, wrong types, anything). */
interface Field {
  good: fc.Arbitrary<unknown>;
  bad: fc.Arbitrary<unknown>;
}

const field = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>[] = []): Field => ({
  good,
  bad: fc.oneof(...bad.map((arbitrary) => ({ weight: 3, arbitrary })), { weight: 1, arbitrary: anyText(30) }, { weight: 1, arbitrary: anyJson() }, { weight: 1, arbitrary: fc.constant(undefined) }),
});

/** A value that is good or bad, half and half. */
const either = (f: Field) => fc.oneof(f.good, f.bad);

/**
 * An input object: all good fields (often written), good fields with a few made bad or left out,
 * good fields plus stray ones, or anything at all in its place.
 */
function input(fields: Record<string, Field>): fc.Arbitrary<unknown> {
  const keys = Object.keys(fields);
  const good = fc.record(Object.fromEntries(keys.map((k) => [k, fields[k]!.good])));
  const bad = fc.record(Object.fromEntries(keys.map((k) => [k, fields[k]!.bad])));
  const dropUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return fc.oneof(
    { weight: 3, arbitrary: good },
    {
      weight: 5,
      arbitrary: fc.tuple(good, bad, fc.subarray(keys, { minLength: 1 })).map(([g, b, broken]) => dropUndefined({ ...g, ...Object.fromEntries(broken.map((k) => [k, b[k]])) })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(good, fc.dictionary(fc.oneof(anyText(6), fc.constantFrom('__proto__', 'constructor', '_id', '$set')), anyJson(), { minKeys: 1, maxKeys: 3 })).map(([g, stray]) => ({ ...stray, ...g })),
    },
    { weight: 1, arbitrary: anyJson() },
  );
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const toPersianDigits = (text: string) => text.replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!);

const newCode = fc.stringMatching(/^\d{9}$/).map(withIranianCheckDigit);
const nationalCode = (known: string[]) =>
  field(fc.oneof(newCode, fc.constantFrom(...known), newCode.map(toPersianDigits), fc.constantFrom('BE123456', 'A1')), [
    fc.stringMatching(/^[0-9۰-۹ -]{0,14}$/),
    fc.constantFrom('0061234509', '0000000000', '1111111111', '', '          '),
  ]);
const existing = (known: string[]) => field(fc.constantFrom(...known), [newCode, fc.constantFrom('0061234509', '')]);
const text = (min: number, max: number) =>
  field(persianText(max).filter((s) => s.trim().length >= min), [fc.constantFrom('', ' ', '\u200c', 'ا'), fc.integer({ min: max + 1, max: max * 3 }).map((n) => 'ن'.repeat(n)), hugeText()]);
const date = field(
  fc
    .oneof(
      fc.tuple(fc.integer({ min: 1300, max: 1420 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 29 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.date({ min: new Date('1950-01-01'), max: new Date('2060-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    )
    .chain((d) => fc.constantFrom(d, d.replace(/-/g, '/'), toPersianDigits(d))),
  [fc.constantFrom('1391-13-01', '1391-00-10', '2012-02-30', '0000-00-00', '99999-01-01', 'yesterday')],
);
const optional = (f: Field): Field => ({ good: fc.option(f.good, { nil: null }), bad: f.bad });
const enumOf = (values: string[]) => field(fc.constantFrom(...values), [fc.constantFrom(...values.map((v) => v.toLowerCase()), 'EMPEROR', '')]);
const organisationId = (known: Known, own: Registry) =>
  field(fc.constantFrom(...known.organisations[own]), [
    fc.constantFrom(...REGISTRIES.filter((r) => r !== own).flatMap((r) => known.organisations[r].slice(0, 3))),
    fc.constantFrom(`${own}:nowhere`, `${own}:`, ':', ''),
  ]);

function mutations(known: Known): Record<string, { selection: string; inputType: string; input: fc.Arbitrary<unknown> }> {
  const role = (registry: Registry) =>
    input({
      nationalCode: existing(known.members[registry]),
      organisationId: organisationId(known, registry),
      body: text(2, 120),
      bodyKind: enumOf(ENUMS.bodyKind),
      position: enumOf(ENUMS.position),
      since: optional(date),
    });
  const licence = fc.record({
    number: either(field(fc.stringMatching(/^[0-9۰-۹]{1,2}-[0-9]{2}-[0-9]{3,6}$/), [text(3, 30).good])),
    discipline: either(enumOf(ENUMS.discipline)),
    grade: either(enumOf(ENUMS.engineeringGrade)),
    provincialOrganisationId: either(organisationId(known, 'engineering')),
    validUntil: fc.option(either(date), { nil: null }),
  });
  return {
    ...credentialMutations(known),
    upsertLabsMember: { selection: 'nationalCode fullName expertise', inputType: 'UpsertLabsMemberInput', input: input({ nationalCode: nationalCode(known.members.labs), fullName: text(2, 120), expertise: optional(text(1, 120)) }) },
    assignLabsRole: { selection: 'body bodyKind position', inputType: 'AssignRoleInput', input: role('labs') },
    upsertAuditorsMember: {
      selection: 'nationalCode fullName',
      inputType: 'UpsertAuditorsMemberInput',
      input: input({
        nationalCode: nationalCode(known.members.auditors),
        fullName: text(2, 120),
      }),
    },
    assignAuditorsRole: { selection: 'body bodyKind position', inputType: 'AssignRoleInput', input: role('auditors') },
    upsertEngineeringMember: {
      selection: 'nationalCode fullName',
      inputType: 'UpsertEngineeringMemberInput',
      input: input({ nationalCode: nationalCode(known.members.engineering), fullName: text(2, 120), licence: optional(field(fc.constant(null), [licence])) }),
    },
    assignEngineeringRole: { selection: 'body bodyKind position', inputType: 'AssignRoleInput', input: role('engineering') },
    upsertGuildsMember: {
      selection: 'nationalCode fullName standing',
      inputType: 'UpsertGuildsMemberInput',
      input: input({ nationalCode: nationalCode(known.members.guilds), fullName: text(2, 120), standing: optional(enumOf(ENUMS.standing)) }),
    },
    assignGuildsRole: { selection: 'body bodyKind position', inputType: 'AssignRoleInput', input: role('guilds') },
    registerGuildUnit: {
      selection: 'licenceNumber name status',
      inputType: 'RegisterGuildUnitInput',
      input: input({
        licenceNumber: field(fc.stringMatching(/^[0-9]{2}-[0-9]{3}-[0-9]{5}$/), [fc.constantFrom('71-003-00012', 'a', '--', '1/2/3'), text(3, 30).good]),
        name: text(2, 120),
        activity: text(2, 120),
        unionId: field(fc.constantFrom(...known.unions), [fc.constantFrom(...known.organisations.guilds.slice(0, 5)), fc.constantFrom('labs:association', 'guilds:')]),
        ownerNationalCode: nationalCode(known.members.guilds),
        ownerFullName: optional(text(2, 120)),
        issuedOn: field(fc.constantFrom('1400-01-01', '2021-03-21', '۱۴۰۰/۰۱/۰۱'), [date.good, date.bad]),
        validUntil: field(fc.constantFrom('1405-01-01', '2030-01-01', '۱۴۱۰/۱۲/۲۹'), [date.good, date.bad]),
      }),
    },
  };
}

/** The credential mutations (shared/credentials/): issue, renew, change standing; record a course. */
function credentialMutations(known: Known): Record<string, { selection: string; inputType: string; input: fc.Arbitrary<unknown> }> {
  const change = enumOf(['SUSPEND', 'REINSTATE', 'REVOKE']);
  const number = field(fc.stringMatching(/^[A-Z]{2,4}-[0-9]{4,6}$/), [fc.constantFrom('', 'x'), text(2, 40).good]);
  const fields = field(fc.array(text(2, 120).good, { minLength: 1, maxLength: 3 }), [fc.constant([]), fc.array(anyText(8), { maxLength: 12 })]);
  const known_ = (values: string[], bad: string[]) => field(fc.constantFrom(...values), [fc.constantFrom(...bad)]);
  const certificate = known_(known.certifications, ['ISAI-none', '']);
  const unit = known_(known.unitLicences, ['71-999-99999', '']);
  const abroad = known_(['EXP-1404-0001', 'EXP-1404-0002', 'EXP-1403-0003'], ['EXP-none', '']);
  const engineer = existing(known.members.engineering);
  const laboratory = organisationId(known, 'labs');
  const inspectionBody = organisationId(known, 'auditors');
  const m = (inputType: string, selection: string, fieldsOf: Record<string, Field>) => ({ inputType, selection, input: input(fieldsOf) });
  return {
    issueLabAccreditation: m('IssueLabAccreditationInput', 'certificateNumber status', { laboratoryId: laboratory, scope: enumOf(['TESTING', 'CALIBRATION']), fields, certificateNumber: number, validFrom: date, validUntil: date }),
    renewLabAccreditation: m('RenewLabAccreditationInput', 'status validUntil { iso }', { laboratoryId: laboratory, validUntil: date }),
    changeLabAccreditationStanding: m('ChangeLabAccreditationStandingInput', 'status', { laboratoryId: laboratory, change, on: optional(date) }),
    issueInspectionAccreditation: m('IssueInspectionAccreditationInput', 'certificateNumber status', {
      inspectionBodyId: inspectionBody, inspectionType: enumOf(['TYPE_A', 'TYPE_B', 'TYPE_C']), fields, certificateNumber: number, validFrom: date, validUntil: date,
    }),
    renewInspectionAccreditation: m('RenewInspectionAccreditationInput', 'status', { inspectionBodyId: inspectionBody, validUntil: date }),
    changeInspectionAccreditationStanding: m('ChangeInspectionAccreditationStandingInput', 'status', { inspectionBodyId: inspectionBody, change, on: optional(date) }),
    issueAuditorCertification: m('IssueAuditorCertificationInput', 'certificateNumber status', {
      nationalCode: existing(known.members.auditors), kind: enumOf(ENUMS.certificationKind), field: text(2, 120), grade: enumOf(ENUMS.auditorGrade), certificateNumber: number, validFrom: date, validUntil: date,
    }),
    renewAuditorCertification: m('RenewAuditorCertificationInput', 'grade status', { certificateNumber: certificate, validUntil: date, grade: optional(enumOf(ENUMS.auditorGrade)) }),
    changeAuditorCertificationStanding: m('ChangeAuditorCertificationStandingInput', 'status', { certificateNumber: certificate, change, on: optional(date) }),
    renewEngineeringLicence: m('RenewEngineeringLicenceInput', 'number status', { nationalCode: engineer, validUntil: date }),
    changeEngineeringLicenceStanding: m('ChangeEngineeringLicenceStandingInput', 'number status', { nationalCode: engineer, change, on: optional(date) }),
    recordTrainingCourse: m('RecordTrainingCourseInput', 'course { id } completedOn { iso }', {
      nationalCode: engineer,
      courseId: known_(['engineering:course-export-of-services', 'engineering:course-technical-english', 'engineering:course-qatar-construction-code'], ['engineering:course-none', '']),
      completedOn: date,
    }),
    issueAbroadCertificate: m('IssueAbroadCertificateInput', 'certificateNumber status', {
      nationalCode: engineer, country: known_(['QA', 'IQ', 'OM', 'qa'], ['XX', '']), certificateNumber: number, validFrom: date, validUntil: date,
    }),
    renewAbroadCertificate: m('RenewAbroadCertificateInput', 'status', { certificateNumber: abroad, validUntil: date }),
    changeAbroadCertificateStanding: m('ChangeAbroadCertificateStandingInput', 'status', { certificateNumber: abroad, change, on: optional(date) }),
    renewGuildUnitLicence: m('RenewGuildUnitLicenceInput', 'licenceNumber status', { licenceNumber: unit, validUntil: date }),
    changeGuildUnitLicenceStanding: m('ChangeGuildUnitLicenceStandingInput', 'licenceNumber status', { licenceNumber: unit, change, on: optional(date) }),
  };
}

/** A JavaScript value as a GraphQL literal; enum-like strings under enum fields are written bare. */
function literal(value: unknown, key = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return /^(bodyKind|position|kind|grade|discipline|standing|scope|inspectionType|change)$/.test(key) && /^[A-Za-z_]\w*$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, key)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => /^[A-Za-z_]\w*$/.test(k));
  return `{ ${entries.map(([k, v]) => `${k}: ${literal(v, k)}`).join(', ')} }`;
}

describe('fuzz: random inputs for every mutation through the gateway', () => {
  let graph: TestGraph;
  /**
   * Every registry's admin scope and personal:read (the answers select national codes), so that
   * every mutation reaches validation; refusals for a missing scope are tests/integration/authorization.test.ts's.
   */
  let token: string;
  const figures = new FuzzFigures('mutations');
  const accepted = new Map<string, number>();

  beforeAll(async () => {
    graph = await startTestGraph();
    token = await everyScopeToken();
  });
  afterAll(async () => {
    console.log(`${figures.line()}; accepted by mutation: ${[...accepted].map(([m, n]) => `${m} ${n}`).join(', ')}`);
    await graph?.stop();
  });

  async function readKnown(): Promise<Known> {
    const fields = REGISTRIES.map((r) => `${r}O: ${r}Organisations(first: 100) { nodes { id } } ${r}M: ${r}Members(first: 50) { nodes { nationalCode } }`).join(' ');
    const { data, errors } = await graph.query<Record<string, { nodes: { id?: string; nationalCode?: string }[] }>>(`{ ${fields} }`, undefined, token);
    expect(errors).toBeUndefined();
    const unions = await graph.query<{ guildsOrganisations: { nodes: { id: string; guilds: { kind: string } }[] } }>('{ guildsOrganisations(first: 100) { nodes { id guilds { kind } } } }');
    const pick = (key: string, field: 'id' | 'nationalCode') => data![key]!.nodes.map((n) => n[field]!);
    const credentials = await graph.query<{ c: { nodes: { certificateNumber: string }[] }; u: { nodes: { licenceNumber: string }[] } }>(
      '{ c: auditorsCertifications(first: 30) { nodes { certificateNumber } } u: guildUnitLicences(first: 30) { nodes { licenceNumber } } }',
    );
    return {
      organisations: Object.fromEntries(REGISTRIES.map((r) => [r, pick(`${r}O`, 'id')])) as Record<Registry, string[]>,
      members: Object.fromEntries(REGISTRIES.map((r) => [r, pick(`${r}M`, 'nationalCode')])) as Record<Registry, string[]>,
      unions: unions.data!.guildsOrganisations.nodes.filter((n) => n.guilds.kind === 'GUILD_UNION').map((n) => n.id),
      certifications: credentials.data!.c.nodes.map((n) => n.certificateNumber),
      unitLicences: credentials.data!.u.nodes.map((n) => n.licenceNumber),
    };
  }

  it('answers every mutation without a 5xx, with a code on every error, and writes nothing when it refuses', async () => {
    // Every field of the Mutation type is fuzzed: a mutation added to the schema fails this until it is.
    const names = (await graph.query<{ __type: { fields: { name: string }[] } }>('{ __type(name: "Mutation") { fields { name } } }')).data!.__type.fields.map((f) => f.name);
    const byName = mutations(await readKnown());
    expect(names.sort()).toEqual(Object.keys(byName).sort());

    const request = fc.constantFrom(...Object.keys(byName)).chain((name) =>
      fc.tuple(fc.constant(name), byName[name]!.input, fc.boolean()),
    );
    await fc.assert(
      fc.asyncProperty(request, async ([name, value, inline]) => {
        const { selection, inputType } = byName[name]!;
        const before = writesIn(graph);
        let answer: Answer;
        if (inline) answer = await sendOperation(graph.gatewayUrl, figures, `mutation { ${name}(input: ${literal(value)}) { ${selection} } }`, undefined, undefined, token);
        else answer = await sendOperation(graph.gatewayUrl, figures, `mutation M($input: ${inputType}!) { ${name}(input: $input) { ${selection} } }`, { input: value }, undefined, token);
        const written = writesIn(graph) - before;
        if (answer.errors.length > 0) {
          expect({ name, written, errors: answer.errors.map((e) => e.extensions?.code) }).toEqual({ name, written: 0, errors: expect.any(Array) });
        } else {
          expect((answer.body as { data: Record<string, unknown> }).data[name]).toBeTruthy();
          figures.writingRequests += written > 0 ? 1 : 0;
          figures.writes += written;
          accepted.set(name, (accepted.get(name) ?? 0) + 1);
        }
      }),
      fuzzParameters(900),
    );
    await expectStillAnswering(graph);
  });
});
