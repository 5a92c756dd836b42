/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (the functions given to page.evaluate and waitForFunction run in the browser)
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { PLAYGROUND_EXAMPLES } from '../../gateway/playground';
import { testToken } from '../support/auth';
import { startTestGraph, TestGraph } from '../support/graph';

/**
 * The playground in a real browser (issue #7, item 1): headless Chromium opens it from the gateway,
 * with every request that would leave loopback blocked and recorded; GraphiQL starts with the docs
 * explorer and the saved operations, runs the shared-member example and shows its Persian result,
 * right-to-left strings isolated; the page is saved to .cache/playground.png, or to the README's
 * docs/playground.png with UPDATE_SCREENSHOT=1.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = join(__dirname, '..', '..', process.env.UPDATE_SCREENSHOT === '1' ? 'docs' : '.cache', 'playground.png');
const WAIT_MS = 30_000;

function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch {
    return `${CHROMIUM} is not installed (apt-get install chromium, as scripts/ci/install-system-packages.sh does; or set CHROMIUM_PATH)`;
  }
}

const missing = chromiumMissing();
if (missing) process.stderr.write(`\nPlayground browser suite skipped: ${missing}\n`);

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

(missing ? describe.skip : describe)(`the playground in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let graph: TestGraph;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const offLoopback: string[] = [];
  const pageErrors: string[] = [];
  const graphqlPosts: string[] = [];
  const authorizations: string[] = [];

  beforeAll(async () => {
    graph = await startTestGraph();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    // Every request the page makes passes here: one for any other host is refused and remembered.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      const local = url.protocol === 'data:' || url.protocol === 'blob:' || LOOPBACK_HOSTS.has(url.hostname);
      if (local) {
        if (url.pathname === '/graphql' && route.request().method() === 'POST') {
          graphqlPosts.push(route.request().postData() ?? '');
          authorizations.push(route.request().headers().authorization ?? '');
        }
        await route.continue();
      } else {
        offLoopback.push(url.toString());
        await route.abort();
      }
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await graph?.stop();
  });

  it('opens from the gateway with GraphiQL, the docs explorer and the saved operations', async () => {
    const response = await page.goto(`${new URL(graph.gatewayUrl).origin}/playground`);
    expect(response?.status()).toBe(200);
    await page.waitForSelector('.graphiql-container', { timeout: WAIT_MS });
    // The docs explorer is open and has read the schema through the gateway (introspection).
    const explorer = page.locator('.graphiql-doc-explorer');
    await explorer.waitFor({ timeout: WAIT_MS });
    await page.waitForFunction(() => /Query/.test(document.querySelector('.graphiql-doc-explorer')?.textContent ?? ''), undefined, { timeout: WAIT_MS });
    const tabs = await page.locator('.graphiql-tab-button').allInnerTexts();
    expect(tabs.map((t) => t.trim())).toEqual(PLAYGROUND_EXAMPLES.map((example) => example.name));
  });

  it('runs the shared-member example and shows its Persian result, each string in its own direction', async () => {
    await page
      .locator('.graphiql-tab-button')
      .filter({ hasText: /^SharedMember$/ })
      .click();
    // The token its comment asks for, typed into the Headers tab as an analyst would.
    const token = await testToken(['personal:read']);
    await page
      .locator('.graphiql-editor-tools button')
      .filter({ hasText: /^Headers$/ })
      .click();
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
    await headers.evaluate(
      (element, text) => (element as HTMLElement & { CodeMirror: { setValue(value: string): void } }).CodeMirror.setValue(text),
      JSON.stringify({ Authorization: `Bearer ${token}` }),
    );
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    await page.waitForFunction(() => /سعید تاجیک/.test(document.querySelector('.result-window')?.textContent ?? ''), undefined, { timeout: WAIT_MS });
    const text = await result.innerText();
    expect(text).toContain('"fullName": "سعید تاجیک"');
    expect(text).toContain('"LABS"');
    expect(text).toContain('"AUDITORS"');
    expect(text).not.toMatch(/"errors"/);
    const post = graphqlPosts.findIndex((body) => body.includes('query SharedMember'));
    expect(post).toBeGreaterThanOrEqual(0);
    expect(authorizations[post]).toBe(`Bearer ${token}`);
    // The token stays in the page: neither the tabs nor GraphiQL's history keep it in localStorage
    // (GraphiQL 3 wrote each run's headers into its history whatever shouldPersistHeaders said).
    const stored = await page.evaluate((secret) => Object.keys(localStorage).filter((key) => (localStorage.getItem(key) ?? '').includes(secret)), token);
    expect(stored).toEqual([]);
    // Right-to-left strings are isolated and take their own direction, in the result and the editor.
    const bidi = await page.evaluate(() => {
      const persian = [...document.querySelectorAll('.result-window .cm-string')].find((node) => /[\u0600-\u06FF]/.test(node.textContent ?? ''));
      const comment = document.querySelector('.graphiql-query-editor .cm-comment');
      return {
        result: persian ? getComputedStyle(persian).unicodeBidi : 'no Persian string in the result',
        editor: comment ? getComputedStyle(comment).unicodeBidi : 'no comment in the editor',
      };
    });
    expect(bidi).toEqual({ result: 'plaintext', editor: 'plaintext' });
    // The screenshot shows the Variables tab, not the token.
    await page
      .locator('.graphiql-editor-tools button')
      .filter({ hasText: /^Variables$/ })
      .click();
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('takes the headers out of a history an earlier playground stored with them', async () => {
    const key = 'registries-playground-000000000000:graphiql:queries';
    const entry = { query: '{ __typename }', variables: '', headers: '{"Authorization":"Bearer an-earlier-token"}', operationName: '' };
    await page.evaluate(({ name, text }) => localStorage.setItem(name, text), { name: key, text: JSON.stringify({ queries: [entry] }) });
    await page.reload();
    await page.waitForSelector('.graphiql-container', { timeout: WAIT_MS });
    const kept = await page.evaluate((name) => JSON.parse(localStorage.getItem(name) ?? 'null') as unknown, key);
    expect(kept).toEqual({ queries: [{ query: '{ __typename }', variables: '', operationName: '' }] });
  });

  it('made no request that left loopback, and the page reported no error', () => {
    expect(offLoopback).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
