import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { testToken } from '../support/auth';
import { GraphQLResponse, startTestGraph, TestGraph } from '../support/graph';
import { perAssociationDatabases } from '../support/databases';
import { OutageStore } from '../support/outage-store';
import { guildsDemoData } from '../../subgraphs/guilds/demo-data';
import { ELECTION_COLLECTIONS } from '../../subgraphs/guilds/elections/documents';
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
/** A published demo election and one of its candidates: its voting ended long ago. */
const demoElections = guildsDemoData().extra!;
const PAST_ELECTION = (demoElections.find((c) => c.collection === ELECTION_COLLECTIONS.elections)!.documents as unknown as { _id: string; result?: object }[]).find(
  (e) => e.result,
)!._id;
const PAST_CANDIDATE = (demoElections.find((c) => c.collection === ELECTION_COLLECTIONS.candidates)!.documents as unknown as { electionId: string; nationalCode: string }[]).find(
  (c) => c.electionId === PAST_ELECTION,
)!.nationalCode;
const CAST = `mutation { castGuildElectionBallot(input: { electionId: "${PAST_ELECTION}", choices: ["${PAST_CANDIDATE}"] }) { votedAt } }`;
const CLOSE = `mutation { closeGuildElection(input: { electionId: "${PAST_ELECTION}" }) { id } }`;
const WITHDRAW = `mutation { withdrawGuildElectionCandidate(input: { electionId: "${PAST_ELECTION}", nationalCode: "${PAST_CANDIDATE}", reason: "انصراف کتبی داوطلب" }) { status } }`;
/** A name holding RIGHT-TO-LEFT OVERRIDE (U+202E) as its 5th character. */
const BIDI_NAME = `mutation { upsertLabsMember(input: { nationalCode: "0061234508", fullName: "سعید\u202Eتاجیک" }) { fullName } }`;
const FORGED_CURSOR = `{ labsMembers(first: 2, after: "bm90LWEtY3Vyc29yLWF0LWFsbC1qdXN0LWZvcmdlZA") { nodes { fullName } } }`;
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
    it('words refused text (a bidirectional control) in each language, with BAD_USER_INPUT and the code point isolated in Persian and Arabic', async () => {
      const labsAdmin = await testToken(['labs:admin', PERSONAL_READ_SCOPE]);
      const answers = Object.fromEntries(
        await Promise.all(['en', 'fr', 'fa', 'ar'].map(async (language) => [language, first(await askAs(graph.gatewayUrl, BIDI_NAME, language, labsAdmin))] as const)),
      );
      for (const answer of Object.values(answers)) {
        expect(answer.code).toBe('BAD_USER_INPUT');
        expect(answer.problems).toEqual([expect.objectContaining({ field: 'fullName', messageId: 'TEXT_BIDI_CONTROL', params: { codePoint: 'U+202E', position: 5 } })]);
      }
      expect(answers.en!.message).toBe(
        'Invalid input. fullName: must not contain U+202E (character 5): it is a bidirectional control, which reorders the text around it. Type the text again without it',
      );
      expect(answers.fr!.message).toBe(
        "Saisie invalide. fullName : ne doit pas contenir U+202E (caractère 5) : c'est un contrôle bidirectionnel, qui réordonne le texte autour de lui. Saisissez à nouveau le texte sans lui",
      );
      expect(answers.fa!.message).toContain(`نباید ${FSI}U+202E${PDI} (نویسهٔ ${FSI}5${PDI}) را داشته باشد: این یک نویسهٔ کنترل جهت است`);
      expect(answers.ar!.message).toContain(`يجب ألا يحتوي على ${FSI}U+202E${PDI} (المحرف رقم ${FSI}5${PDI}): إنه محرف تحكم في الاتجاه`);
    });

    it('words a refused cursor (`after` not made by this list) in each language, with BAD_USER_INPUT', async () => {
      const messages = Object.fromEntries(
        await Promise.all(['en', 'fr', 'fa', 'ar'].map(async (language) => [language, first(await ask(graph.gatewayUrl, FORGED_CURSOR, language))] as const)),
      );
      for (const answer of Object.values(messages)) {
        expect(answer.code).toBe('BAD_USER_INPUT');
        expect(answer.problems).toEqual([expect.objectContaining({ field: 'after', messageId: 'CURSOR_NOT_OURS' })]);
      }
      expect(messages.en!.message).toMatch(/^Invalid input\. after: is not a cursor this list returned/);
      expect(messages.fr!.message).toMatch(/^Saisie invalide\. after : n'est pas un curseur renvoyé par cette liste/);
      expect(messages.fa!.message).toContain(`${FSI}after${PDI}: مکان‌نمایی نیست که این فهرست برگردانده باشد`);
      expect(messages.ar!.message).toContain(`${FSI}after${PDI}: ليس مؤشرًا أعادته هذه القائمة`);
    });

    it('words election refusals (voting ended, closing a closed election, a final candidate list) in each language, their codes unchanged', async () => {
      const voter = await testToken([], { subject: PAST_CANDIDATE });
      const admin = await testToken(['guilds:admin', PERSONAL_READ_SCOPE]);
      const inEach = async (query: string, token: string) =>
        Object.fromEntries(await Promise.all(['en', 'fr', 'fa', 'ar'].map(async (language) => [language, first(await askAs(graph.gatewayUrl, query, language, token))] as const)));
      const cast = await inEach(CAST, voter);
      for (const answer of Object.values(cast)) expect(answer.code).toBe('ELECTION_CLOSED');
      expect(cast.en!.message).toMatch(new RegExp(`^voting in ${PAST_ELECTION} ended at .*; no more ballots are accepted$`));
      expect(cast.fr!.message).toMatch(new RegExp(`^le vote dans ${PAST_ELECTION} s'est terminé le .* ; aucun bulletin n'est plus accepté$`));
      expect(cast.fa!.message).toMatch(new RegExp(`^رأی‌گیری در ${FSI}${PAST_ELECTION}${PDI} در ${FSI}.*${PDI} پایان یافت؛ دیگر رأیی پذیرفته نمی‌شود$`));
      expect(cast.ar!.message).toMatch(new RegExp(`^انتهى التصويت في ${FSI}${PAST_ELECTION}${PDI} في ${FSI}.*${PDI}؛ لم تعد تُقبل أي أوراق اقتراع$`));
      const close = await inEach(CLOSE, admin);
      for (const answer of Object.values(close)) expect(answer.code).toBe('ELECTION_CLOSED');
      expect(close.fr!.message).toMatch(/^le vote dans .* s'est déjà terminé le /);
      expect(close.fa!.message).toMatch(/^رأی‌گیری در .* پیش‌تر در .* پایان یافته است$/);
      expect(close.ar!.message).toMatch(/^انتهى التصويت في .* من قبل في /);
      const withdraw = await inEach(WITHDRAW, admin);
      for (const answer of Object.values(withdraw)) {
        expect(answer.code).toBe('BAD_USER_INPUT');
        expect(answer.problems).toEqual([expect.objectContaining({ field: 'electionId', messageId: 'CANDIDATES_FINAL' })]);
      }
      expect(withdraw.en!.message).toMatch(/its candidates are final$/);
      expect(withdraw.fr!.message).toMatch(/ses candidats sont définitifs$/);
      expect(withdraw.fa!.message).toMatch(/نامزدهای آن قطعی‌اند$/);
      expect(withdraw.ar!.message).toMatch(/ومرشحوها نهائيون$/);
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
