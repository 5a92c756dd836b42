import { RunningGateway, startGateway } from '../../gateway/gateway';
import { GatewaySigningKeys, generateGatewayKeyPem, keyMaterialSource } from '../../gateway/trust';
import { CALLER_HEADER } from '../../shared/auth/caller-assertion';
import { agreementKeysOf, generateAgreementKeyPem, pairKid, SUBGRAPH_JWKS_PATH } from '../../shared/auth/pairwise-mac';
import { runSubgraph } from '../../shared/server/run';
import { RunningSubgraph } from '../../shared/server/subgraph';
import { ALL_SCOPES, TEST_JWKS, testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { delayingProxy, DelayingProxy } from '../support/delaying-proxy';
import { ALL_SUBGRAPHS, postBody, postGraphQL } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * Pairwise MAC keys through the real servers: a gateway holding an X25519 key sends HS256
 * assertions to the subgraphs that publish one (labs, engineering) and Ed25519 ones to those that
 * publish none (auditors, guilds: SUBGRAPH_X25519_KEY=none); every subgraph answers, records who
 * entered what, and refuses a captured HS256 assertion replayed or sent to another subgraph.
 */

const MAC_CAPABLE = ['labs', 'engineering'];
const headerOf = (assertion: string) => JSON.parse(Buffer.from(assertion.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
const sent = (proxy: DelayingProxy) => proxy.callerHeaders.filter((header): header is string => header !== undefined);
const ORGANISATION = (prefix: string) =>
  `mutation C($input: Create${prefix}OrganisationInput!) { create${prefix}Organisation(input: $input) { id provenance { kind enteredBy } } }`;

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`HS256 to the subgraphs with an X25519 key, Ed25519 to the others, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    const databases = perAssociationDatabases(candidate);
    const gatewayMaterial = generateGatewayKeyPem();
    const gatewayKeys = new GatewaySigningKeys(keyMaterialSource(gatewayMaterial, 'the test gateway keys'));
    const subgraphPems: Record<string, string> = Object.fromEntries(MAC_CAPABLE.map((key) => [key, generateAgreementKeyPem()]));
    const subgraphs: RunningSubgraph[] = [];
    const proxies: Record<string, DelayingProxy> = {};
    const urls: Record<string, string> = {};
    let gateway: RunningGateway;

    beforeAll(async () => {
      process.env.LOG_LEVEL ??= 'silent';
      process.env.GATEWAY_JWKS = JSON.stringify(gatewayKeys.jwks());
      try {
        for (const definition of ALL_SUBGRAPHS) {
          process.env.SUBGRAPH_X25519_KEY = subgraphPems[definition.key] ?? 'none';
          const store = await databases.open(definition.key);
          const subgraph = await runSubgraph(definition, { port: 0, host: '127.0.0.1', databaseName: `registry_${definition.key}`, seedDemoData: true }, store);
          subgraphs.push(subgraph);
          urls[definition.key] = subgraph.url;
        }
      } finally {
        delete process.env.SUBGRAPH_X25519_KEY;
        process.env.GATEWAY_JWKS = TEST_JWKS;
      }
      for (const key of ['labs', 'auditors']) proxies[key] = await delayingProxy(() => urls[key]!);
      gateway = await startGateway({
        port: 0,
        host: '127.0.0.1',
        startupTimeoutMs: 10_000,
        subgraphs: ALL_SUBGRAPHS.map((d) => ({ name: d.key, url: proxies[d.key]?.url ?? urls[d.key]! })),
        callerSigning: { trust: 'signed', key: gatewayMaterial, lifetimeSeconds: 10 },
      });
    });
    afterAll(async () => {
      await gateway?.stop(0);
      for (const proxy of Object.values(proxies)) await proxy.close();
      await Promise.all(subgraphs.map((s) => s.stop()));
      await databases.dropAll();
    });

    it('a subgraph publishes its X25519 public key beside its GraphQL endpoint, one with none publishes nothing', async () => {
      const labs = await fetch(new URL(SUBGRAPH_JWKS_PATH, urls.labs));
      expect(labs.status).toBe(200);
      expect(await labs.json()).toEqual({ keys: [{ kty: 'OKP', crv: 'X25519', x: expect.any(String), use: 'enc', kid: agreementKeysOf(subgraphPems.labs!, 'labs')[0]!.kid }] });
      expect((await fetch(new URL(SUBGRAPH_JWKS_PATH, urls.auditors))).status).toBe(404);
    });

    it('labs gets HS256 assertions under the pair of keys, auditors Ed25519 ones, and both answer', async () => {
      const token = await testToken(ALL_SCOPES, { subject: 'reader' });
      const [labsBefore, auditorsBefore] = [sent(proxies.labs!).length, sent(proxies.auditors!).length];
      const answer = await postGraphQL<{ labsMembers: { nodes: unknown[] }; auditorsMembers: { nodes: unknown[] } }>(
        gateway.url,
        '{ labsMembers(first: 2) { nodes { nationalCode } } auditorsMembers(first: 2) { nodes { nationalCode } } }',
        undefined,
        { authorization: `Bearer ${token}` },
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.labsMembers.nodes).toHaveLength(2);
      expect(answer.data?.auditorsMembers.nodes).toHaveLength(2);
      const toLabs = sent(proxies.labs!).slice(labsBefore);
      const toAuditors = sent(proxies.auditors!).slice(auditorsBefore);
      expect(toLabs.length).toBeGreaterThan(0);
      expect(toAuditors.length).toBeGreaterThan(0);
      const pair = pairKid(gatewayKeys.agreement!.kid, agreementKeysOf(subgraphPems.labs!, 'labs')[0]!.kid);
      for (const assertion of toLabs) expect(headerOf(assertion)).toEqual({ alg: 'HS256', typ: 'registry-caller+jwt', kid: pair });
      for (const assertion of toAuditors) expect(headerOf(assertion)).toEqual({ alg: 'EdDSA', typ: 'registry-caller+jwt', kid: gatewayKeys.signing.kid });
    });

    it('records who entered an organisation on either kind of subgraph: the caller the assertion names', async () => {
      for (const [key, prefix, kind, parent] of [
        ['labs', 'Labs', 'LABORATORY', 'labs:association'],
        ['auditors', 'Auditors', 'INSPECTION_BODY', 'auditors:society'],
      ] as const) {
        const token = await testToken([`${key}:admin`, 'personal:read'], { subject: `${key}-registrar` });
        const created = await postGraphQL<Record<string, { id: string; provenance: { kind: string; enteredBy: string } }>>(
          gateway.url,
          ORGANISATION(prefix),
          { input: { id: `${key}:mac-test`, name: 'سازمان آزمایشی', kind, parentId: parent, city: 'یزد', province: 'یزد' } },
          { authorization: `Bearer ${token}` },
        );
        expect(created.errors).toBeUndefined();
        expect(created.data?.[`create${prefix}Organisation`]).toEqual({ id: `${key}:mac-test`, provenance: { kind: 'ENTERED', enteredBy: `${key}-registrar` } });
      }
    });

    it('refuses a captured HS256 assertion replayed to labs or sent to engineering, which derives another key', async () => {
      const answer = await postGraphQL(gateway.url, '{ labsMembers(first: 1) { nodes { nationalCode } } }', undefined, {
        authorization: `Bearer ${await testToken(ALL_SCOPES, { subject: 'admin' })}`,
      });
      expect(answer.errors).toBeUndefined();
      const assertion = sent(proxies.labs!).at(-1)!;
      const body = proxies.labs!.bodies.at(-1)!;
      expect(headerOf(assertion).alg).toBe('HS256');
      const replay = await postBody(urls.labs!, body, { [CALLER_HEADER]: assertion });
      expect(replay.status).toBe(401);
      expect(replay.errors?.[0]?.message).toMatch(/has been used before/);
      const elsewhere = await postBody(urls.engineering!, body, { [CALLER_HEADER]: assertion });
      expect(elsewhere.status).toBe(401);
      expect(elsewhere.errors?.[0]?.message).toMatch(/names X25519 key ".+", which is not this subgraph's/);
    });
  });
}
