import { createHash, createPrivateKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { RunningGateway, startGateway } from '../../gateway/gateway';
import { adminScopeOf, ANONYMOUS, Caller, PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { RunningRegistrySubgraph, runSubgraph } from '../../shared/server/run';
import { MemoryStore } from '../../shared/store/memory-store';
import { labsSubgraph } from '../../subgraphs/labs';
import { generateSigningKeyPem } from '../../gateway/trust';
import { ALL_SCOPES, REGISTRY_KEYS, TEST_SIGNING_KEYS, testToken } from '../support/auth';
import { delayingProxy, DelayingProxy } from '../support/delaying-proxy';
import { ALL_SUBGRAPHS, askSubgraph, gatewayOver, postGraphQL, startTestGraph, TestGraph } from '../support/graph';
import { useLogDestination } from '../../shared/server/log';
import { isCodeListRead } from '../../gateway/directory/registry-helpers';

/**
 * Who may read and write what, through real HTTP: every kind of caller against every guarded field
 * and mutation, at the gateway; then the subgraphs' own refusal of anyone but the gateway.
 */

const TAJIK = SEED_PEOPLE.saeedTajik.nationalCode; // labs and auditors
const SEIFZADEH = SEED_PEOPLE.seifzadeh.nationalCode; // engineering
const DABIRI = SEED_PEOPLE.dabiri.nationalCode; // guilds
const MEMBER_OF: Record<DemoRegistryKey, string> = { labs: TAJIK, auditors: TAJIK, engineering: SEIFZADEH, guilds: DABIRI };
const ORGANISATION_OF: Record<DemoRegistryKey, string> = {
  labs: 'labs:association',
  auditors: 'auditors:society',
  engineering: 'engineering:central-council',
  guilds: 'guilds:fars-chamber',
};
const capitalised = (key: DemoRegistryKey) => key[0]!.toUpperCase() + key.slice(1);
const OTHER_SECRET = 'a-different-secret-that-the-gateway-does-not-know';

/** A caller of the matrix: how its token is made (none for the anonymous one), and what it may do. */
interface CallerKind {
  name: string;
  token: () => Promise<string | undefined>;
  /** The scopes its token grants, when the gateway accepts the token; undefined when it refuses it. */
  scopes?: string[];
  /** What the gateway says of a token it refuses. */
  refusedBecause?: RegExp;
}

const CALLERS: CallerKind[] = [
  { name: 'anonymous', token: async () => undefined, scopes: [] },
  { name: 'authenticated, no scope', token: () => testToken([]), scopes: [] },
  { name: 'personal:read', token: () => testToken([PERSONAL_READ_SCOPE]), scopes: [PERSONAL_READ_SCOPE] },
  ...REGISTRY_KEYS.map((key) => ({ name: adminScopeOf(key), token: () => testToken([adminScopeOf(key)]), scopes: [adminScopeOf(key)] })),
  ...REGISTRY_KEYS.map((key) => {
    const scopes = [adminScopeOf(key), PERSONAL_READ_SCOPE];
    return { name: scopes.join(' '), token: () => testToken(scopes), scopes };
  }),
  { name: 'expired token', token: () => testToken(ALL_SCOPES, { expiresIn: '2 minutes ago' }), refusedBecause: /^The bearer token expired at \d{4}-\d\d-\d\dT/ },
  { name: 'bad signature', token: () => testToken(ALL_SCOPES, { secret: OTHER_SECRET }), refusedBecause: /^The bearer token's signature is invalid/ },
];

/** One column of the matrix: an operation, the scopes it needs (all of them), the field a refusal names, and the registry it writes to. */
interface Target {
  name: string;
  scopes: string[];
  field: string;
  writes?: DemoRegistryKey;
  operation: (n: number) => { query: string; variables?: Record<string, unknown> };
}

const TARGETS: Target[] = [
  ...REGISTRY_KEYS.map((key): Target => ({
    name: `${key} contact`,
    scopes: [PERSONAL_READ_SCOPE],
    field: `${capitalised(key)}Member.contact`,
    operation: () => ({ query: `query C { ${key}Members(first: 1) { nodes { ${key} { fullName contact { phone email address } } } } }` }),
  })),
  {
    name: 'Person.nationalCode',
    scopes: [PERSONAL_READ_SCOPE],
    field: 'Person.nationalCode',
    operation: () => ({ query: `query N { labsMembers(first: 1) { nodes { nationalCode fullName } } }` }),
  },
  {
    name: 'person (look-up by code)',
    scopes: [PERSONAL_READ_SCOPE],
    field: 'Query.person',
    operation: () => ({ query: `query P($code: String!) { person(nationalCode: $code) { fullName registries } }`, variables: { code: TAJIK } }),
  },
  ...REGISTRY_KEYS.flatMap((key): Target[] => [
    {
      name: `upsert${capitalised(key)}Member`,
      scopes: [adminScopeOf(key), PERSONAL_READ_SCOPE],
      field: `Mutation.upsert${capitalised(key)}Member`,
      writes: key,
      operation: (n) => ({
        query: `mutation U($input: Upsert${capitalised(key)}MemberInput!) { upsert${capitalised(key)}Member(input: $input) { fullName } }`,
        variables: { input: { nationalCode: withIranianCheckDigit(`0071${String(n).padStart(5, '0')}`), fullName: `عضو آزمایشی ${n}` } },
      }),
    },
    {
      name: `assign${capitalised(key)}Role`,
      scopes: [adminScopeOf(key), PERSONAL_READ_SCOPE],
      field: `Mutation.assign${capitalised(key)}Role`,
      writes: key,
      operation: (n) => ({
        query: `mutation A($input: AssignRoleInput!) { assign${capitalised(key)}Role(input: $input) { body position } }`,
        variables: { input: { nationalCode: MEMBER_OF[key], organisationId: ORGANISATION_OF[key], body: `کمیته آزمایشی ${n}`, bodyKind: 'COMMITTEE', position: 'MEMBER' } },
      }),
    },
  ]),
  {
    name: 'registerGuildUnit',
    scopes: [adminScopeOf('guilds'), PERSONAL_READ_SCOPE],
    field: 'Mutation.registerGuildUnit',
    writes: 'guilds',
    operation: (n) => ({
      query: 'mutation R($input: RegisterGuildUnitInput!) { registerGuildUnit(input: $input) { licenceNumber status } }',
      variables: {
        input: {
          licenceNumber: `71-009-${String(n).padStart(5, '0')}`,
          name: 'نانوایی آزمایشی',
          activity: 'نان سنگک',
          unionId: 'guilds:fars-union-003',
          ownerNationalCode: withIranianCheckDigit(`0072${String(n).padStart(5, '0')}`),
          ownerFullName: `مالک آزمایشی ${n}`,
          issuedOn: '1404-01-15',
          validUntil: '1409-01-14',
        },
      },
    }),
  },
];

type Outcome = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';

function expectedOutcome(caller: CallerKind, target: Target): Outcome {
  if (!caller.scopes) return 'UNAUTHENTICATED';
  if (target.scopes.every((scope) => caller.scopes!.includes(scope))) return 'allowed';
  return caller.name === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
}

const STATUS: Record<Outcome, number> = { allowed: 200, UNAUTHENTICATED: 401, FORBIDDEN: 403 };

describe('authorization through the gateway: callers × guarded fields and mutations', () => {
  let graph: TestGraph;
  const tokens = new Map<string, string | undefined>();
  const matrix = new Map<string, Map<string, Outcome>>();
  let n = 0;

  beforeAll(async () => {
    graph = await startTestGraph();
    for (const caller of CALLERS) tokens.set(caller.name, await caller.token());
  });
  afterAll(async () => {
    const width = Math.max(...TARGETS.map((t) => t.name.length));
    const short: Record<Outcome, string> = { allowed: 'ok', UNAUTHENTICATED: '401', FORBIDDEN: '403' };
    const lines = TARGETS.map(
      (t) => `${t.name.padEnd(width)}  ${CALLERS.map((c) => (matrix.get(c.name)?.get(t.name) ? short[matrix.get(c.name)!.get(t.name)!] : '?').padEnd(5)).join('')}`,
    );
    console.log(
      `[authorization] callers: ${CALLERS.map((c, i) => `${i + 1} ${c.name}`).join(', ')}\n${' '.repeat(width + 2)}${CALLERS.map((_, i) => String(i + 1).padEnd(5)).join('')}\n${lines.join('\n')}`,
    );
    await graph?.stop();
  });

  const writes = (key: DemoRegistryKey) => graph.stores[key].totalWrites;

  describe.each(CALLERS.map((caller) => [caller.name, caller] as const))('caller: %s', (_, caller) => {
    it.each(TARGETS.map((target) => [target.name, expectedOutcome(caller, target), target] as const))('%s → %s', async (_, outcome, target) => {
      n += 1;
      const { query, variables } = target.operation(n);
      const writesBefore = target.writes ? writes(target.writes) : 0;
      const answer = await postGraphQL<Record<string, unknown>>(
        graph.gatewayUrl,
        query,
        variables,
        tokens.get(caller.name) ? { authorization: `Bearer ${tokens.get(caller.name)}` } : {},
      );
      const got: Outcome = answer.errors ? (answer.errors[0]!.extensions!.code as Outcome) : 'allowed';
      if (!matrix.has(caller.name)) matrix.set(caller.name, new Map());
      matrix.get(caller.name)!.set(target.name, got);

      expect({ outcome: got, status: answer.status }).toEqual({ outcome, status: STATUS[outcome] });
      if (outcome === 'allowed') {
        expect(answer.errors).toBeUndefined();
        for (const value of Object.values(answer.data!)) expect(value).not.toBeNull();
        if (target.writes) expect(writes(target.writes)).toBeGreaterThan(writesBefore);
        return;
      }
      // Refused whole, before planning: no data, one error saying why, and nothing written.
      expect(answer.data).toBeUndefined();
      expect(answer.errors).toHaveLength(1);
      const message = answer.errors![0]!.message;
      if (caller.refusedBecause) {
        expect(message).toMatch(caller.refusedBecause);
      } else {
        expect(message).toContain(`${target.field} needs the ${target.scopes.length > 1 ? 'scopes' : 'scope'} ${target.scopes.join(' and ')}`);
        expect(answer.errors![0]!.extensions).toMatchObject({ fields: [{ field: target.field, requiredScopes: [target.scopes] }] });
      }
      if (target.writes) expect(writes(target.writes)).toBe(writesBefore);
    });
  });

  it('answers a personal:read caller the synthetic demo contact, the same in every registry the person is in', async () => {
    const reader = await testToken([PERSONAL_READ_SCOPE]);
    const { data, errors } = await graph.query<{ person: { labs: { contact: unknown }; auditors: { contact: unknown } } }>(
      `{ person(nationalCode: "${TAJIK}") { labs { contact { phone email address } } auditors { contact { phone email address } } } }`,
      undefined,
      reader,
    );
    expect(errors).toBeUndefined();
    expect(data!.person.labs.contact).toEqual({
      phone: expect.stringMatching(/^\+98 21 5555 \d{4}$/),
      email: expect.stringMatching(/^member-[0-9a-z]+@registries\.example$/),
      address: expect.stringContaining('نشانی ساختگی'),
    });
    expect(data!.person.auditors.contact).toEqual(data!.person.labs.contact);
  });

  it('names every refused field in one error, and checks fields reached through fragments and the members lists', async () => {
    const labsAdmin = await testToken([adminScopeOf('labs')]);
    const { status, errors } = await graph.query(
      `query Q { labsMembers(first: 2) { nodes { ...P } } }
       fragment P on Person { nationalCode labs { ...C } }
       fragment C on LabsMember { nationalCode contact { phone } }`,
      undefined,
      labsAdmin,
    );
    expect(status).toBe(403);
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((errors![0]!.extensions!.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['LabsMember.contact', 'LabsMember.nationalCode', 'Person.nationalCode']);
    expect(errors![0]!.message).toMatch(/the token grants labs:admin/);
  });

  it("refuses an admin without personal:read a change naming a person by code alike, whether the code is a member's or nobody's", async () => {
    const engineeringAdmin = await testToken([adminScopeOf('engineering')]);
    const nobody = withIranianCheckDigit('007399999');
    const renew = (code: string) =>
      graph.query(
        'mutation R($input: RenewEngineeringLicenceInput!) { renewEngineeringLicence(input: $input) { validUntil { iso } } }',
        { input: { nationalCode: code, validUntil: '2040-01-01' } },
        engineeringAdmin,
      );
    const course = (code: string) =>
      graph.query(
        'mutation C($input: RecordTrainingCourseInput!) { recordTrainingCourse(input: $input) { completedOn { iso } } }',
        { input: { nationalCode: code, courseId: 'engineering:course-fidic-contracts', completedOn: '2025-01-01' } },
        engineeringAdmin,
      );
    const before = writes('engineering');
    for (const change of [renew, course]) {
      const [member, stranger] = [await change(SEIFZADEH), await change(nobody)];
      expect(member).toEqual(stranger);
      expect(member).toMatchObject({ status: 403, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
      expect(member.errors![0]!.message).toMatch(/needs the scopes engineering:admin and personal:read/);
    }
    expect(writes('engineering')).toBe(before);
  });

  it('still answers what needs no scope to anyone, and joins registries on the national code without showing it', async () => {
    const { data, errors } = await graph.query<{ labsMembers: { nodes: { fullName: string; registries: string[] }[] } }>(
      `{ labsMembers(search: "سعید تاجیک") { nodes { fullName registries labs { roles { body } } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.labsMembers.nodes).toEqual([expect.objectContaining({ fullName: 'سعید تاجیک', registries: ['LABS', 'AUDITORS'] })]);
  });

  describe('bearer tokens the gateway refuses, each with 401 UNAUTHENTICATED saying why (never 500)', () => {
    it.each([
      [
        'a wrong issuer',
        () => testToken([PERSONAL_READ_SCOPE], { issuer: 'someone-else' }),
        /issuer is "someone-else"; this gateway accepts only "registries-dev" \(AUTH_ISSUER\)/,
        'issuer',
      ],
      [
        'a wrong audience',
        () => testToken([PERSONAL_READ_SCOPE], { audience: 'another-api' }),
        /audience is "another-api"; this gateway accepts only "registries-graph" \(AUTH_AUDIENCE\)/,
        'audience',
      ],
      ['an expired token', () => testToken([PERSONAL_READ_SCOPE], { expiresIn: '1 hour ago' }), /expired at/, 'expired'],
      ['a forged signature', () => testToken([PERSONAL_READ_SCOPE], { secret: OTHER_SECRET }), /signature is invalid: it was not signed by AUTH_SECRET/, 'signature'],
      [
        'an unsigned token (alg none)',
        async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"scope":"personal:read"}').toString('base64url')}.`,
        /signed with none, which this gateway does not accept/,
        'algorithm',
      ],
    ])('%s', async (_, token, message, reason) => {
      const answer = await graph.query('{ __typename }', undefined, await token());
      expect(answer.status).toBe(401);
      expect(answer.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED', reason } }]);
    });

    it('treats no Authorization header, or one holding no JWT, as anonymous', async () => {
      for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'Bearer not-a-jwt', 'Bearer a.b', 'Token abc.def.ghi']) {
        const answer = await postGraphQL<{ labsMembers: unknown }>(
          graph.gatewayUrl,
          '{ labsMembers(first: 1) { nodes { nationalCode } } }',
          undefined,
          authorization ? { authorization } : {},
        );
        expect({ authorization, status: answer.status, code: answer.errors?.[0]?.extensions?.code }).toEqual({ authorization, status: 401, code: 'UNAUTHENTICATED' });
        expect(answer.errors![0]!.message).toMatch(/^Not authenticated: Person.nationalCode needs the scope personal:read/);
      }
    });

    it('accepts scopes from `scp` (an array) as well as `scope`', async () => {
      const token = await new SignJWT({ scp: [PERSONAL_READ_SCOPE] })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('registries-dev')
        .setAudience('registries-graph')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(process.env.AUTH_SECRET));
      const { data, errors } = await graph.query<{ person: { nationalCode: string } }>(`{ person(nationalCode: "${TAJIK}") { nationalCode } }`, undefined, token);
      expect(errors).toBeUndefined();
      expect(data!.person.nationalCode).toBe(TAJIK);
    });
  });
});

describe('the subgraphs answer only the gateway', () => {
  let graph: TestGraph;
  const ask = (key: DemoRegistryKey, query: string, caller?: Caller) => askSubgraph(graph.subgraphUrls[key], key, query, undefined, caller);

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(async () => {
    await graph?.stop();
  });

  it.each(REGISTRY_KEYS)('%s: refuses a request without the caller header with 401, answers its schema to anyone, and keeps /health and /ready open', async (key) => {
    const answer = await postGraphQL(graph.subgraphUrls[key], '{ __typename }');
    expect(answer.status).toBe(401);
    expect(answer.errors).toEqual([
      {
        message: expect.stringMatching(/^This subgraph answers only the gateway: the request has no x-registry-caller header/),
        extensions: { code: 'UNAUTHENTICATED', subgraph: key },
      },
    ]);
    const schema = await postGraphQL<{ _service: { sdl: string } }>(graph.subgraphUrls[key], '{ _service { sdl } }');
    expect(schema.status).toBe(200);
    expect(schema.data?._service.sdl).toContain(`${key}Members`);
    expect((await fetch(graph.subgraphUrls[key].replace('/graphql', '/health'))).status).toBe(200);
    expect((await fetch(graph.subgraphUrls[key].replace('/graphql', '/ready'))).status).toBe(200);
  });

  it('enforces its own @requiresScopes fields on the caller the gateway signed, whoever asks', async () => {
    const contact = `{ _entities(representations: [{ __typename: "Person", nationalCode: "${TAJIK}" }]) { ... on Person { labs { fullName contact { phone } } } } }`;
    const anonymous = await ask('labs', contact, ANONYMOUS);
    expect(anonymous.status).toBe(200);
    expect(anonymous.data).toEqual({ _entities: [{ labs: { fullName: 'سعید تاجیک', contact: null } }] });
    expect(anonymous.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Not authenticated: LabsMember.contact needs the scope personal:read/),
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);

    const noScope = await ask('labs', contact, { authenticated: true, subject: 'someone', scopes: ['labs:admin'] });
    expect(noScope.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(noScope.errors?.[0]?.message).toMatch(/LabsMember.contact needs the scope personal:read; the token grants labs:admin/);

    const reader = await ask('labs', contact, { authenticated: true, subject: 'reader', scopes: [PERSONAL_READ_SCOPE] });
    expect(reader.errors).toBeUndefined();
    expect(reader.data).toEqual({ _entities: [{ labs: { fullName: 'سعید تاجیک', contact: { phone: expect.stringMatching(/^\+98/) } } }] });

    const before = graph.stores.labs.totalWrites;
    const upsert = 'mutation { upsertLabsMember(input: { nationalCode: "0019876505", fullName: "مریم نوری" }) { fullName } }';
    const refused = await ask('labs', upsert, { authenticated: true, subject: 'auditor', scopes: ['auditors:admin'] });
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Mutation.upsertLabsMember needs the scopes labs:admin and personal:read/),
      extensions: { code: 'FORBIDDEN' },
    });
    expect(graph.stores.labs.totalWrites).toBe(before);
    const written = await ask('labs', upsert, { authenticated: true, subject: 'admin', scopes: ['labs:admin', PERSONAL_READ_SCOPE] });
    expect(written.errors).toBeUndefined();
    expect(graph.stores.labs.totalWrites).toBeGreaterThan(before);
  });
});

describe('the gateway signs the caller for each subgraph request', () => {
  let graph: TestGraph;
  let proxy: DelayingProxy;
  let gateway: RunningGateway;
  const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

  beforeAll(async () => {
    graph = await startTestGraph();
    proxy = await delayingProxy(() => graph.subgraphUrls.labs);
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      startupTimeoutMs: 10_000,
      subgraphs: ALL_SUBGRAPHS.map((d) => ({ name: d.key, url: d.key === 'labs' ? proxy.url : graph.subgraphUrls[d.key] })),
    });
  });
  afterAll(async () => {
    await gateway?.stop(0);
    await proxy?.close();
    await graph?.stop();
  });

  it("on its schema requests (anonymous), and on every request of a client's query: each for that subgraph, that body, once, for 10 seconds", async () => {
    const schemaHeaders = proxy.callerHeaders.filter(Boolean).map((h) => decodeJwt(h!));
    expect(schemaHeaders.length).toBeGreaterThan(0);
    expect(schemaHeaders[0]).toMatchObject({ aud: 'labs', iss: 'registries-gateway', authenticated: false, scope: '', body_sha256: sha256(proxy.bodies[0]!) });

    // labs is asked several times for this query, one stage after another: its catalog, its projects' records, their lead organisations.
    const query = '{ jointProjects(registry: LABS, first: 3) { nodes { title lead { name } } } }';
    const token = await testToken([PERSONAL_READ_SCOPE], { subject: 'analyst' });
    const seen = proxy.callerHeaders.length;
    const answer = await postGraphQL(gateway.url, query, undefined, { authorization: `Bearer ${token}` });
    expect(answer.errors).toBeUndefined();
    // The gateway's own membership checks (gateway/membership: a registry's count, at most once a second) serve every request: anonymous.
    const isMembershipCheck = isCodeListRead;
    const window = proxy.bodies.slice(seen).map((body, i) => ({ body, header: proxy.callerHeaders[seen + i] }));
    for (const check of window.filter((call) => isMembershipCheck(call.body))) expect(decodeJwt(check.header!)).toMatchObject({ authenticated: false, scope: '' });
    const headers = window.filter((call) => !isMembershipCheck(call.body)).map((call) => call.header);
    const bodies = window.filter((call) => !isMembershipCheck(call.body)).map((call) => call.body);
    expect(headers.length).toBeGreaterThanOrEqual(2);
    const claims = headers.map((h) => decodeJwt(h!));
    for (const [i, claim] of claims.entries()) {
      expect(claim).toMatchObject({ aud: 'labs', iss: 'registries-gateway', sub: 'analyst', authenticated: true, scope: PERSONAL_READ_SCOPE, body_sha256: sha256(bodies[i]!) });
      expect(claim.exp! - claim.iat!).toBe(10);
      expect(decodeProtectedHeader(headers[i]!)).toEqual({ alg: 'EdDSA', typ: 'registry-caller+jwt', kid: TEST_SIGNING_KEYS.signing.kid });
    }
    expect(new Set(claims.map((c) => c.jti)).size).toBe(claims.length);
  });

  it("signs for Apollo Gateway's executor too, and for the directory's own calls (sharedMembers)", async () => {
    const apollo = await gatewayOver(graph, {}, { executor: 'apollo' });
    try {
      const token = await testToken([PERSONAL_READ_SCOPE]);
      const person = await postGraphQL<{ person: { labs: { contact: { phone: string } | null } | null } }>(
        apollo.url,
        `{ person(nationalCode: "${TAJIK}") { labs { contact { phone } } } }`,
        undefined,
        { authorization: `Bearer ${token}` },
      );
      expect(person.errors).toBeUndefined();
      expect(person.data?.person.labs?.contact?.phone).toMatch(/^\+98/);
      const shared = await postGraphQL<{ sharedMembers: { nodes: { fullName: string }[] } }>(
        apollo.url,
        '{ sharedMembers(registries: [LABS, AUDITORS], first: 5) { nodes { fullName } } }',
      );
      expect(shared.errors).toBeUndefined();
      expect(shared.data?.sharedMembers.nodes.length).toBeGreaterThan(0);
    } finally {
      await apollo.stop(0);
    }
  });

  it('with a key the subgraphs do not know, composes (schemas are public) but every query is refused, saying why', async () => {
    const stranger = await gatewayOver(graph, { callerSigning: { trust: 'signed', key: generateSigningKeyPem(), lifetimeSeconds: 10 } });
    try {
      const answer = await postGraphQL(stranger.url, '{ labsMembers(first: 1) { totalCount } }');
      expect(answer.errors?.[0]).toMatchObject({
        message: expect.stringMatching(
          /^The labs subgraph refused the gateway's caller assertion \(This subgraph answers only the gateway: the x-registry-caller header is signed with key "[\w-]+", which is not in the gateway's key set \(GATEWAY_JWKS\).*give it the gateway's public key set/,
        ),
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'labs' },
      });
    } finally {
      await stranger.stop(0);
    }
  });
});

describe('a subgraph run alone', () => {
  let subgraph: RunningRegistrySubgraph | undefined;
  const saved = { ...process.env };
  const lines: string[] = [];

  beforeEach(() => {
    lines.length = 0;
    process.env.LOG_LEVEL = 'info';
    useLogDestination({ write: (line: string) => void lines.push(line) });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    await subgraph?.stop();
    subgraph = undefined;
    for (const name of ['SUBGRAPH_TRUST', 'SUBGRAPH_SIGNING_SECRET', 'GATEWAY_JWKS', 'LOG_LEVEL']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    jest.restoreAllMocks();
    useLogDestination(undefined);
  });

  const start = async (store = new MemoryStore()) => {
    subgraph = await runSubgraph(labsSubgraph, { port: 0, host: '127.0.0.1', databaseName: 'labs', seedDemoData: true }, store);
    await subgraph.prepared;
    return subgraph;
  };

  it('with SUBGRAPH_TRUST=unsigned answers without the header, every caller anonymous, says so at start, and refuses writes', async () => {
    process.env.SUBGRAPH_TRUST = 'unsigned';
    const store = new MemoryStore();
    const running = await start(store);
    expect(lines.join('\n')).toMatch(
      /"level":"warn".*"service":"labs".*"msg":"SUBGRAPH_TRUST=unsigned: development mode, .*every one as an anonymous caller \(GATEWAY_JWKS set but ignored\)/,
    );

    const list = await postGraphQL<{ labsMembers: { totalCount: number } }>(running.url, '{ labsMembers { totalCount } }');
    expect(list.errors).toBeUndefined();
    expect(list.data!.labsMembers.totalCount).toBeGreaterThan(0);
    // Even an assertion the gateway signed for a labs administrator counts for nothing here.
    const upsert = await askSubgraph(running.url, 'labs', 'mutation { upsertLabsMember(input: { nationalCode: "0019876505", fullName: "مریم نوری" }) { fullName } }', undefined, {
      authenticated: true,
      subject: 'admin',
      scopes: ALL_SCOPES,
    });
    expect(upsert.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Not authenticated: Mutation.upsertLabsMember needs the scopes labs:admin and personal:read/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(await store.collection('people').count({ _id: '0019876505' })).toBe(0);
    const contact = await postGraphQL<{ labsMembers: { nodes: { labs: { contact: unknown } }[] } }>(
      running.url,
      '{ labsMembers(first: 1) { nodes { labs { contact { phone } } } } }',
    );
    expect(contact.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("with neither the gateway's key set nor SUBGRAPH_TRUST=unsigned refuses GraphQL requests, telling the operator what to set, and is not ready", async () => {
    delete process.env.GATEWAY_JWKS;
    delete process.env.SUBGRAPH_TRUST;
    process.env.SUBGRAPH_SIGNING_SECRET = 'the-old-shared-secret-which-is-no-longer-read';
    const running = await start();
    expect(lines.join('\n')).toMatch(/"level":"error".*"service":"labs".*"msg":"refusing every GraphQL request but the schema query until configured/);
    const answer = await askSubgraph(running.url, 'labs', '{ labsMembers { totalCount } }');
    expect(answer.status).toBe(503);
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'SUBGRAPH_NOT_CONFIGURED', subgraph: 'labs' } });
    expect(answer.errors?.[0]?.message).toMatch(
      /Set GATEWAY_JWKS_URL to the gateway's key set \(https:\/\/<gateway>\/\.well-known\/registries-gateway-jwks\.json\), or GATEWAY_JWKS_FILE .*or SUBGRAPH_TRUST=unsigned .*SUBGRAPH_SIGNING_SECRET is set but no longer read/,
    );
    expect((await fetch(running.url.replace('/graphql', '/health'))).status).toBe(200);
    const ready = await fetch(running.url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/GATEWAY_JWKS_URL/);
  });

  it('refuses to start on a key set holding a private key: a subgraph holds only public keys', async () => {
    const pem = generateSigningKeyPem();
    process.env.GATEWAY_JWKS = JSON.stringify({ keys: [{ ...createPrivateKey(pem).export({ format: 'jwk' }), kid: 'leaked' }] });
    await expect(start()).rejects.toThrow(/GATEWAY_JWKS: key "leaked" is a private key; a subgraph holds only the gateway's public keys/);
  });
});
