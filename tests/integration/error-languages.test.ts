import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { testToken } from '../support/auth';
import { GraphQLResponse, startTestGraph, TestGraph } from '../support/graph';
import { perAssociationDatabases } from '../support/databases';
import { OutageStore } from '../support/outage-store';
import { storesUnderTest } from '../support/stores';

/**
 * Errors through the gateway in the language of the request's Accept-Language (fa, ar, fr, en; q-values
 * honoured; English otherwise), the code unchanged: the gateway's own refusals, a registry's input
 * error and a registry's database outage (an error raised in the subgraph, worded by the gateway).
 */

const FSI = '\u2068';
const PDI = '\u2069';
const BAD_CODE = '0061234509'; // its check digit is wrong (0061234508 is valid)
const PERSON = `{ person(nationalCode: "${BAD_CODE}") { nationalCode } }`;
const MEMBERS = `{ labsMembers(search: "تاجیک") { nodes { fullName } } }`;
const NATIONAL_CODE = `{ labsMembers(search: "تاجیک") { nodes { nationalCode } } }`;
const nested = (levels: number) => `{${'a{'.repeat(levels)}b${'}'.repeat(levels)}}`;

/** A token with the personal-data scope, for the questions whose refusal is not about authorization. */
let personalToken: string;
const ask = (url: string, query: string, acceptLanguage?: string) => askAs(url, query, acceptLanguage, personalToken);
const askAnonymously = (url: string, query: string, acceptLanguage?: string) => askAs(url, query, acceptLanguage);

async function askAs(url: string, query: string, acceptLanguage: string | undefined, token?: string): Promise<GraphQLResponse<unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage }),
    },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<unknown>, 'status'>) };
}

const first = (answer: GraphQLResponse<unknown>) => {
  const error = answer.errors?.[0];
  if (!error) throw new Error(`no error in ${JSON.stringify(answer)}`);
  return { message: error.message, code: error.extensions?.code, problems: error.extensions?.problems };
};

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`error messages in the caller's language, through the gateway (${candidate.name}${candidate.skipReason ? `: ${candidate.skipReason}` : ''})`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);
    const outages = {} as Record<DemoRegistryKey, OutageStore>;

    beforeAll(async () => {
      personalToken = await testToken([PERSONAL_READ_SCOPE]);
      graph = await startTestGraph(async (key) => (outages[key] = new OutageStore(await databases.open(key))));
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it('words a refused national code in each of the four languages, with the same code and the code value isolated in Persian and Arabic', async () => {
      const answers = Object.fromEntries(
        await Promise.all(['en', 'fr', 'fa', 'ar'].map(async (language) => [language, first(await ask(graph.gatewayUrl, PERSON, language))] as const)),
      );
      for (const answer of Object.values(answers)) expect(answer.code).toBe('BAD_USER_INPUT');
      expect(answers.en!.message).toBe(
        `Invalid input. nationalCode: the check digit (the last digit) of "${BAD_CODE}" does not match its first nine digits; check the code for a mistyped digit`,
      );
      expect(answers.fr!.message).toMatch(/^Saisie invalide\. nationalCode : le chiffre de contrôle/);
      expect(answers.fr!.message).toContain(`« ${BAD_CODE} »`);
      expect(answers.fa!.message).toMatch(/^ورودی نامعتبر است\./);
      expect(answers.fa!.message).toContain(`${FSI}${BAD_CODE}${PDI}`);
      expect(answers.fa!.message).toContain(`${FSI}nationalCode${PDI}`);
      expect(answers.ar!.message).toMatch(/^مدخلات غير صالحة\./);
      expect(answers.ar!.message).toContain(`${FSI}${BAD_CODE}${PDI}`);
      // The problems a client lists field by field are worded too; the field names are not.
      expect(answers.fa!.problems).toEqual([
        expect.objectContaining({ field: 'nationalCode', problem: expect.stringContaining('رقم کنترل'), messageId: 'NATIONAL_CODE_CHECK_DIGIT' }),
      ]);
    });

    it('honours q-values and region subtags, and answers English for a language it does not have', async () => {
      expect(first(await ask(graph.gatewayUrl, PERSON, 'de-DE, fr;q=0.4, ar;q=0.9, en;q=0.5')).message).toMatch(/^مدخلات غير صالحة/);
      expect(first(await ask(graph.gatewayUrl, PERSON, 'fa-IR;q=0.8, fr-CA')).message).toMatch(/^Saisie invalide/);
      expect(first(await ask(graph.gatewayUrl, PERSON, 'fr;q=0, en')).message).toMatch(/^Invalid input/);
      for (const unknown of ['de', 'tr;q=1, zh', 'x-klingon', '']) {
        const answer = first(await ask(graph.gatewayUrl, PERSON, unknown));
        expect({ unknown, code: answer.code, message: answer.message.slice(0, 14) }).toEqual({ unknown, code: 'BAD_USER_INPUT', message: 'Invalid input.' });
      }
      expect(first(await ask(graph.gatewayUrl, PERSON)).message).toMatch(/^Invalid input\./);
    });

    it("words the gateway's refusals (authentication, depth, body size) in the caller's language with their codes", async () => {
      const anonymous = await askAnonymously(graph.gatewayUrl, NATIONAL_CODE, 'fr');
      expect(anonymous.status).toBe(401);
      expect(first(anonymous)).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/^Non authentifié : Person\.nationalCode exige/) });
      expect(first(await askAnonymously(graph.gatewayUrl, NATIONAL_CODE, 'fa'))).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: expect.stringContaining(`${FSI}Person.nationalCode${PDI}`),
      });
      const deep = await ask(graph.gatewayUrl, nested(40), 'ar');
      expect(deep.status).toBe(400);
      expect(first(deep)).toMatchObject({ code: 'QUERY_TOO_DEEP', message: expect.stringMatching(/^العملية .* تتداخل حقولها/) });
      expect(first(await ask(graph.gatewayUrl, nested(40), 'en'))).toMatchObject({ code: 'QUERY_TOO_DEEP', message: expect.stringMatching(/^The operation nests fields/) });
      const big = await ask(graph.gatewayUrl, `{ ${'__typename '.repeat(100_000)}}`, 'fr-FR');
      expect(big.status).toBe(413);
      expect(first(big)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/^Le corps de la requête (fait \d+ octets|dépasse 102400 octets)/) });
    });

    it("words a registry's database outage (raised in its subgraph) in the caller's language, with DATABASE_UNAVAILABLE", async () => {
      outages.labs.down = true;
      try {
        const codesAndMessages = async (language: string) =>
          ((await ask(graph.gatewayUrl, MEMBERS, language)).errors ?? []).map((e) => ({ code: e.extensions?.code, message: e.message }));
        const english = await codesAndMessages('en');
        expect(english).toEqual([{ code: 'DATABASE_UNAVAILABLE', message: "The labs registry's database cannot be reached at the moment; try again shortly." }]);
        expect(await codesAndMessages('fr;q=0.9, fa')).toEqual([
          { code: 'DATABASE_UNAVAILABLE', message: `پایگاه دادهٔ دفتر ${FSI}labs${PDI} فعلاً در دسترس نیست؛ کمی بعد دوباره تلاش کنید.` },
        ]);
        expect(await codesAndMessages('fr')).toEqual([{ code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/^La base de données du registre labs est injoignable/) }]);
      } finally {
        outages.labs.down = false;
      }
      expect((await ask(graph.gatewayUrl, MEMBERS, 'fa')).errors).toBeUndefined();
    });
    it("runs docs/frontend.md's curl example and gets the answer it shows", async () => {
      const readme = readFileSync(join(__dirname, '../../docs/frontend.md'), 'utf8');
      const section = readme.slice(readme.indexOf("**Error messages in your users' language.**"));
      const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
      const acceptLanguage = /-H 'accept-language: ([^']+)'/.exec(block)![1]!;
      const body = /-d '([^']+)'/.exec(block)![1]!;
      const shown = /"message":"([^"…]+)…"/.exec(block)![1]!;
      const response = await fetch(graph.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': acceptLanguage, authorization: `Bearer ${personalToken}` },
        body,
      });
      const answer = (await response.json()) as GraphQLResponse<unknown>;
      expect(answer.errors?.[0]?.message.slice(0, shown.length)).toBe(shown);
      expect(answer.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        problems: [expect.objectContaining({ field: 'nationalCode', messageId: 'NATIONAL_CODE_CHECK_DIGIT' })],
      });
    });
  });
}
