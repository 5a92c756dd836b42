import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTypenameToDocument } from '@apollo/client/utilities';
import { parse } from 'graphql';
import { RunningGateway } from '../../gateway/gateway';
import { buildManifest, persistedQuerySettingsFromEnvironment, PersistedQueryManifest, sha256Hex } from '../../gateway/persisted-queries';
import { PersistedQuerySettings } from '../../gateway/persisted-queries/settings';
import { useLogDestination } from '../../shared/server/log';
import { SEED_PEOPLE } from '../../shared/demo/people';
import { documentedExampleSection, readmeExampleBlocks } from '../../scripts/persisted-queries/documents';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { testToken } from '../support/auth';
import { gatewayOver, startTestGraph, TestGraph } from '../support/graph';

const ROOT = join(__dirname, '..', '..');

/** The operations this suite registers: a query with a variable, and one without. */
const REGISTERED = {
  members: `query RegisteredMembers($first: Int!, $after: String) {
  labsMembers(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { fullName } }
}`,
  projects: 'query RegisteredProjects { jointProjects(first: 2) { totalCount nodes { id } } }',
};

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function send(url: string, payload: Record<string, unknown>, token?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });
const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

describe('persisted queries and the safelist', () => {
  let graph: TestGraph;
  let dir: string;
  let manifestFile: string;
  let manifest: PersistedQueryManifest;
  const gateways: RunningGateway[] = [];
  const storeCalls = () => Object.values(graph.stores).reduce((sum, store) => sum + store.total, 0);

  /** A gateway over the test graph's subgraphs, with these persisted-query settings. */
  const gatewayWith = async (persistedQueries: PersistedQuerySettings): Promise<RunningGateway> => {
    const gateway = await gatewayOver(graph, { persistedQueries });
    gateways.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    dir = mkdtempSync(join(tmpdir(), 'registries-pq-'));
    manifest = buildManifest([parse(REGISTERED.members), parse(REGISTERED.projects)]);
    manifestFile = join(dir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify(manifest));
  });
  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await graph?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('automatic persisted queries (APQ), on by default', () => {
    // The words searched for travel as a variable, as clients send them: the text registered holds none.
    const query = 'query Apq($search: String) { labsMembers(search: $search) { nodes { fullName } } }';
    const variables = { search: SEED_PEOPLE.saeedTajik.fullName };
    const hash = sha256Hex(query);

    it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, stores the text sent with its hash, then serves the hash alone', async () => {
      const unknown = await send(graph.gatewayUrl, { variables, extensions: persisted(hash) });
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect(unknown.body.data).toBeUndefined();

      const registered = await send(graph.gatewayUrl, { query, variables, extensions: persisted(hash) });
      expect(registered.status).toBe(200);
      expect(registered.body).toEqual({ data: { labsMembers: { nodes: [{ fullName: 'سعید تاجیک' }] } } });

      const byHash = await send(graph.gatewayUrl, { variables, extensions: persisted(hash) });
      expect(byHash.status).toBe(200);
      expect(byHash.body).toEqual({ data: { labsMembers: { nodes: [{ fullName: 'سعید تاجیک' }] } } });
    });

    it("refuses a hash that is not the text's with 400 BAD_REQUEST, storing nothing", async () => {
      const other = 'query ApqOther { __typename }';
      const wrong = await send(graph.gatewayUrl, { query: other, extensions: persisted(sha256Hex('something else')) });
      expect(wrong.status).toBe(400);
      expect(codes(wrong)).toEqual(['BAD_REQUEST']);
      const still = await send(graph.gatewayUrl, { extensions: persisted(sha256Hex('something else')) });
      expect(codes(still)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it("answers a hash that is not the text's, or a version other than 1, with 400 BAD_REQUEST and what is wrong (by POST and by GET)", async () => {
      const query = 'query ApqChecked { __typename }';
      const mismatch = { errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }] };
      const version = { errors: [{ message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } }] };
      const wrongHash = await send(graph.gatewayUrl, { query, extensions: persisted(sha256Hex(`${query} `)) });
      expect(wrongHash).toEqual({ status: 400, body: mismatch });
      const secondVersion = await send(graph.gatewayUrl, { query, extensions: { persistedQuery: { version: 2, sha256Hash: sha256Hex(query) } } });
      expect(secondVersion).toEqual({ status: 400, body: version });
      const noVersion = await send(graph.gatewayUrl, { extensions: { persistedQuery: { sha256Hash: sha256Hex(query) } } });
      expect(noVersion).toEqual({ status: 400, body: version });
      const byGet = async (extensions: unknown) => {
        const url = `${graph.gatewayUrl}?query=${encodeURIComponent(query)}&extensions=${encodeURIComponent(JSON.stringify(extensions))}`;
        const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
        return { status: response.status, body: (await response.json()) as Answer['body'] };
      };
      expect(await byGet(persisted(sha256Hex('another text')))).toEqual({ status: 400, body: mismatch });
      expect(await byGet({ persistedQuery: { version: 3, sha256Hash: sha256Hex(query) } })).toEqual({ status: 400, body: version });
      expect(await byGet(persisted(sha256Hex(query)))).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    });
  });

  it('keeps a text registered by hash to the caller who sent it: another caller, or an anonymous one, learns nothing from sending that hash', async () => {
    // A text an outsider could guess, its national code passed as a variable (written into the text, it is kept in no part: below).
    const query = 'query WhoWasLookedUp($code: String!) { person(nationalCode: $code) { fullName } }';
    const hash = sha256Hex(query);
    const staff = await testToken([PERSONAL_READ_SCOPE], { subject: 'staff-member' });
    const registered = await send(graph.gatewayUrl, { query, variables: { code: SEED_PEOPLE.saeedTajik.nationalCode }, extensions: persisted(hash) }, staff);
    expect(registered.status).toBe(200);
    expect(codes(await send(graph.gatewayUrl, { variables: { code: SEED_PEOPLE.saeedTajik.nationalCode }, extensions: persisted(hash) }, staff))).toEqual([]);

    expect(codes(await send(graph.gatewayUrl, { extensions: persisted(hash) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const colleague = await testToken([PERSONAL_READ_SCOPE], { subject: 'another-staff-member' });
    expect(codes(await send(graph.gatewayUrl, { extensions: persisted(hash) }, colleague))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    // Anonymous callers share one part: what one registers, the next finds.
    const open = 'query OpenToAll { __typename }';
    await send(graph.gatewayUrl, { query: open, extensions: persisted(sha256Hex(open)) });
    expect(await send(graph.gatewayUrl, { extensions: persisted(sha256Hex(open)) })).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  });

  it("keeps no text holding typed words in the anonymous callers' shared part: its hash does not tell the next one that someone searched for a name", async () => {
    // Anonymous callers share one part, so a search's words registered there would be found by anyone who guessed them (a member's public name).
    for (const query of [
      `query WhoWasSearched { labsMembers(first: 5, search: "${SEED_PEOPLE.saeedTajik.fullName}") { nodes { fullName } } }`,
      `query WhatWasSearched { search(text: "${SEED_PEOPLE.saeedTajik.fullName}", first: 5) { totalCount } }`,
      `query SearchedByDefault($text: String! = "${SEED_PEOPLE.saeedTajik.fullName}") { search(text: $text, first: 5) { totalCount } }`,
    ]) {
      const hash = sha256Hex(query);
      const searched = await send(graph.gatewayUrl, { query, extensions: persisted(hash) });
      expect(searched.status).toBe(200);
      expect(searched.body.errors).toBeUndefined();
      expect(codes(await send(graph.gatewayUrl, { extensions: persisted(hash) }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    }
    // The shared part still keeps a text without typed words.
    const chosen = 'query Provinces { labsOrganisations(first: 5, province: "تهران") { totalCount } }';
    await send(graph.gatewayUrl, { query: chosen, extensions: persisted(sha256Hex(chosen)) });
    expect(codes(await send(graph.gatewayUrl, { extensions: persisted(sha256Hex(chosen)) }))).toEqual([]);
  });

  it("keeps no text holding typed words in a signed-in caller's own part either: a national code written into a look-up does not lie in the cache as written", async () => {
    // Kept, the text lay 24 hours in the replicas' Redis as written, the national code in the clear (audit, 2026-12-07).
    const staff = await testToken([PERSONAL_READ_SCOPE], { subject: 'staff-member' });
    const portal = await testToken([], { subject: 'portal-user' });
    const registrar = await testToken(['labs:admin', PERSONAL_READ_SCOPE], { subject: 'registrar' });
    for (const [query, token] of [
      [`query WhoWasLookedUp { person(nationalCode: "${SEED_PEOPLE.saeedTajik.nationalCode}") { fullName } }`, staff],
      // An ID given a national code (until 2026-12-07 an ID was never taken as typed text).
      [`query Revisions { labsRecordRevisions(recordId: "${SEED_PEOPLE.saeedTajik.nationalCode}", last: 1) { recordId } }`, registrar],
      [`query MySearch { labsMembers(first: 5, search: "${SEED_PEOPLE.saeedTajik.fullName}") { nodes { fullName } } }`, portal],
    ] as const) {
      const hash = sha256Hex(query);
      const ran = await send(graph.gatewayUrl, { query, extensions: persisted(hash) }, token);
      expect(ran.status).toBe(200);
      expect(ran.body.errors).toBeUndefined();
      expect(codes(await send(graph.gatewayUrl, { extensions: persisted(hash) }, token))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    }
  });

  describe('SAFELIST=enforce, with a manifest', () => {
    let gateway: RunningGateway;

    beforeAll(async () => {
      gateway = await gatewayWith(persistedQuerySettingsFromEnvironment({ SAFELIST: 'enforce', PERSISTED_QUERIES_MANIFEST: manifestFile }));
    });

    const idOf = (name: string) => manifest.operations.find((o) => o.name === name)!.id;

    it('serves a registered operation by its id alone, with variables, its cursors opaque', async () => {
      type Members = { labsMembers: { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { fullName: string }[] } };
      const first = await send(gateway.url, { extensions: persisted(idOf('RegisteredMembers')), variables: { first: 1 } });
      expect(first.status).toBe(200);
      const page = (first.body.data as Members).labsMembers;
      expect(page.nodes).toEqual([{ fullName: expect.any(String) }]);
      // The cursor holds no national code, however it is read.
      for (const encoding of ['base64url', 'base64'] as const) expect(Buffer.from(page.pageInfo.endCursor, encoding).toString('latin1')).not.toMatch(/\d{10}/);
      const second = await send(gateway.url, { extensions: persisted(idOf('RegisteredMembers')), variables: { first: 1, after: page.pageInfo.endCursor } });
      expect(second.body.errors).toBeUndefined();
      expect((second.body.data as Members).labsMembers.nodes).not.toEqual(page.nodes);
    });

    it('serves a registered operation by its full text, also spaced and commented otherwise', async () => {
      const asRegistered = await send(gateway.url, { query: REGISTERED.projects });
      expect(asRegistered.body.errors).toBeUndefined();
      expect(asRegistered.body.data).toMatchObject({ jointProjects: { nodes: [expect.any(Object), expect.any(Object)] } });
      const respaced = await send(gateway.url, { query: `# the projects\n${REGISTERED.projects.replace(/ /g, '\n  ')}` });
      expect(respaced.body).toEqual(asRegistered.body);
      const withId = await send(gateway.url, { query: REGISTERED.projects, extensions: persisted(idOf('RegisteredProjects')) });
      expect(withId.body).toEqual(asRegistered.body);
      // The id is the registered text's, not this spacing's: the registered operation runs all the same.
      const respacedWithId = await send(gateway.url, { query: `${REGISTERED.projects}\n`, extensions: persisted(idOf('RegisteredProjects')) });
      expect(respacedWithId.body).toEqual(asRegistered.body);
    });

    it('refuses any other operation with 400 QUERY_NOT_IN_SAFELIST before reading it: nothing runs', async () => {
      const calls = storeCalls();
      const other = await send(gateway.url, { query: `query Unregistered { person(nationalCode: "${SEED_PEOPLE.saeedTajik.nationalCode}") { fullName } }` });
      expect(other.status).toBe(400);
      expect(other.body.data).toBeUndefined();
      expect(other.body.errors).toEqual([
        {
          message: 'This gateway serves only registered operations, and operation Unregistered is not one of them: register it in the persisted query manifest.',
          extensions: { code: 'QUERY_NOT_IN_SAFELIST', messageId: 'QUERY_NOT_IN_SAFELIST', params: { what: 'operation Unregistered' } },
        },
      ]);
      // A registered operation with one more field is another operation.
      const changed = await send(gateway.url, { query: REGISTERED.projects.replace('id', 'id title'), operationName: 'RegisteredProjects' });
      expect(codes(changed)).toEqual(['QUERY_NOT_IN_SAFELIST']);
      // Even a document that does not parse is refused as unregistered, not parsed.
      const broken = await send(gateway.url, { query: '{ person(' });
      expect(codes(broken)).toEqual(['QUERY_NOT_IN_SAFELIST']);
      const introspection = await send(gateway.url, { query: '{ __schema { types { name } } }' });
      expect(codes(introspection)).toEqual(['QUERY_NOT_IN_SAFELIST']);
      expect(storeCalls()).toBe(calls);
    });

    it('refuses an unknown id with PERSISTED_QUERY_NOT_IN_LIST, and does not let APQ register an unregistered text', async () => {
      const text = 'query Sneaky { jointProjects { totalCount } }';
      const unknown = await send(gateway.url, { extensions: persisted(sha256Hex(text)) });
      expect(unknown.status).toBe(400);
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
      const register = await send(gateway.url, { query: text, extensions: persisted(sha256Hex(text)) });
      expect(codes(register)).toEqual(['QUERY_NOT_IN_SAFELIST']);
      const again = await send(gateway.url, { extensions: persisted(sha256Hex(text)) });
      expect(codes(again)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
      // The safelist answers first: an unknown id of another version is still an unknown id.
      const otherVersion = await send(gateway.url, { extensions: { persistedQuery: { version: 2, sha256Hash: sha256Hex(text) } } });
      expect(codes(otherVersion)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
      // A registered text sent with an id that is not its own goes on to APQ, which finds the id is not the text's.
      const registeredText = await send(gateway.url, { query: REGISTERED.projects, extensions: persisted(sha256Hex(text)) });
      expect(registeredText).toEqual({ status: 400, body: { errors: [{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }] } });
    });

    it('with PERSISTED_QUERIES_REQUIRE_ID=true, serves registered operations by id only', async () => {
      const strict = await gatewayWith(
        persistedQuerySettingsFromEnvironment({ SAFELIST: 'enforce', PERSISTED_QUERIES_MANIFEST: manifestFile, PERSISTED_QUERIES_REQUIRE_ID: 'true' }),
      );
      const byText = await send(strict.url, { query: REGISTERED.projects });
      expect(byText.status).toBe(400);
      expect(codes(byText)).toEqual(['PERSISTED_QUERY_ID_REQUIRED']);
      const byId = await send(strict.url, { extensions: persisted(idOf('RegisteredProjects')) });
      expect(byId.body.errors).toBeUndefined();
    });
  });

  it('SAFELIST=log serves an unregistered operation, logs it and counts it', async () => {
    const lines: string[] = [];
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'info';
    useLogDestination({ write: (line: string) => void lines.push(line) });
    let gateway: RunningGateway;
    try {
      gateway = await gatewayWith(persistedQuerySettingsFromEnvironment({ SAFELIST: 'log', PERSISTED_QUERIES_MANIFEST: manifestFile }));
    } finally {
      useLogDestination(undefined);
      process.env.LOG_LEVEL = level;
    }
    const answer = await send(gateway.url, { query: 'query Audited { __typename }' });
    expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(
      expect.objectContaining({ level: 'info', msg: expect.stringMatching(/^persisted queries: 2 registered operations from .*manifest\.json; SAFELIST=log$/) }),
    );
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'served an operation outside the safelist', operationName: 'Audited' }));
    const metrics = await (await fetch(gateway.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toMatch(/^graphql_unregistered_operations_total\{operation="Audited"\} 1$/m);
  });

  it('with APQ=false, answers any hash outside the manifest with PERSISTED_QUERY_NOT_SUPPORTED, whatever its version', async () => {
    const gateway = await gatewayWith(persistedQuerySettingsFromEnvironment({ APQ: 'false' }));
    const query = 'query NoApq { __typename }';
    for (const version of [1, 2]) {
      const answer = await send(gateway.url, { query, extensions: { persistedQuery: { version, sha256Hash: sha256Hex('not the text') } } });
      expect(codes(answer)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
    }
  });

  it('refuses to start on a safelist without a manifest, or on a manifest that is not one', async () => {
    expect(() => persistedQuerySettingsFromEnvironment({ SAFELIST: 'enforce' })).toThrow(/SAFELIST=enforce needs PERSISTED_QUERIES_MANIFEST/);
    expect(() => persistedQuerySettingsFromEnvironment({ SAFELIST: 'sometimes' })).toThrow(/SAFELIST must be one of off, log, enforce/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'x', name: 'Broken', type: 'query', body: '{ person(' }] }));
    await expect(gatewayWith({ manifestFile: bad, safelist: 'enforce', requireId: false, apq: true })).rejects.toThrow(
      /bad\.json, operation 1 \(Broken\): the body does not parse/,
    );
  });

  it("makes the manifest of the README's examples with the script, ids as Apollo Client computes them", async () => {
    const out = join(dir, 'readme-manifest.json');
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', 'scripts/persisted-query-manifest.ts', '--apollo-client', '--out', out],
        { cwd: ROOT, timeout: 60_000 },
        (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
      ),
    );
    const written = JSON.parse(readFileSync(out, 'utf8')) as PersistedQueryManifest;
    const blocks = readmeExampleBlocks(documentedExampleSection(ROOT));
    expect(written.operations.map((o) => o.name)).toEqual(blocks.map((b) => /^(?:query|mutation) (\w+)/m.exec(b)![1]));
    for (const operation of written.operations) {
      expect(operation.id).toBe(sha256Hex(operation.body));
      expect(operation.body).toContain('__typename');
    }
    expect(written).toEqual(
      buildManifest(
        blocks.map((b) => parse(b)),
        addTypenameToDocument,
      ),
    );
  });
});
