import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { adminScopeOf, PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { testToken } from '../support/auth';
import { askSubgraph, GraphQLResponse, startTestGraph, TestGraph } from '../support/graph';
import { OpenElection, openDemoElection } from '../support/open-election';

/**
 * The example member portal (examples/member-portal, issue #18 item 4) in headless Chromium: built
 * with Vite, served from loopback with its /graphql passed to a test gateway that serves only the
 * operations of the example's persisted-query manifest (SAFELIST=enforce). A member signs in with a
 * development token, sees "me", votes once in an open election, and a second tab of theirs, opened
 * before the vote, is refused with ALREADY_VOTED.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EXAMPLE = join(__dirname, '..', '..', 'examples', 'member-portal');
const VITE = join(EXAMPLE, 'node_modules', 'vite', 'bin', 'vite.js');
const WAIT_MS = 30_000;
const UNION = 'guilds:fars-union-007';

function missingTool(): string | undefined {
  if (!existsSync(VITE)) return `the example's packages are not installed (npm ci --prefix examples/member-portal)`;
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch {
    return `${CHROMIUM} is not installed (apt-get install chromium, or set CHROMIUM_PATH)`;
  }
}

const missing = missingTool();
if (missing) process.stderr.write(`\nMember portal browser suite skipped: ${missing}\n`);

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serves the built app from `root` on a free loopback port, and passes POST /graphql to `gatewayUrl`. */
function serveApp(root: string, gatewayUrl: string): Promise<Server> {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/graphql') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = { 'content-type': request.headers['content-type'] ?? 'application/json' };
      if (request.headers.authorization) headers.authorization = request.headers.authorization;
      const answer = await fetch(gatewayUrl, { method: request.method ?? 'GET', headers, body: request.method === 'POST' ? Buffer.concat(chunks) : null });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      response.end(Buffer.from(await answer.arrayBuffer()));
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  };
  // A request that fails (the gateway unreachable) is dropped, and said on stderr.
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      process.stderr.write(`member portal server: ${request.url}: ${String(error)}\n`);
      response.destroy();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

(missing ? describe.skip : describe)(`the example member portal in Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const env = { SAFELIST: process.env.SAFELIST, PERSISTED_QUERIES_MANIFEST: process.env.PERSISTED_QUERIES_MANIFEST };
  const built = mkdtempSync(join(tmpdir(), 'member-portal-'));
  let graph: TestGraph;
  let server: Server;
  let browser: Browser;
  let appUrl: string;
  let election: OpenElection;
  const offLoopback: string[] = [];
  const pageErrors: string[] = [];
  const graphqlBodies: string[] = [];

  const asGuildsAdmin = <T>(query: string, variables: Record<string, unknown>): Promise<GraphQLResponse<T>> =>
    askSubgraph<T>(graph.subgraphUrls.guilds, 'guilds', query, variables, { authenticated: true, subject: 'tester', scopes: [adminScopeOf('guilds'), PERSONAL_READ_SCOPE] });

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [VITE, 'build', '--outDir', built, '--emptyOutDir', '--logLevel', 'warn'], { cwd: EXAMPLE, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`vite build failed: ${build.stderr}`);
    process.env.SAFELIST = 'enforce';
    process.env.PERSISTED_QUERIES_MANIFEST = join(EXAMPLE, 'persisted-queries.json');
    graph = await startTestGraph();
    election = await openDemoElection(asGuildsAdmin, UNION);
    server = await serveApp(built, graph.gatewayUrl);
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await graph?.stop();
    rmSync(built, { recursive: true, force: true });
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** A new tab (its own sessionStorage), signed in with `token` through the sign-in form. */
  async function signedInTab(token: string): Promise<Page> {
    const context = await browser.newContext();
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname !== '127.0.0.1') {
        offLoopback.push(url.toString());
        await route.abort();
        return;
      }
      if (url.pathname === '/graphql') graphqlBodies.push(route.request().postData() ?? '');
      await route.continue();
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(appUrl);
    await page.locator('textarea[name="token"]').fill(token);
    await page.locator('button[type="submit"]').click();
    return page;
  }

  it('signs in, shows me, votes once, and is refused a second time', async () => {
    // A member's token holds no scope: `me` and the ballot (candidates named by ballotChoice) need none.
    const token = await testToken([], { subject: election.voterNationalCode });
    const first = await signedInTab(token);
    await first.getByTestId('me-code').waitFor({ timeout: WAIT_MS });
    expect(await first.getByTestId('me-code').textContent()).toBe(election.voterNationalCode);
    expect((await first.getByTestId('me-name').textContent())?.trim()).not.toBe('');
    const section = (page: Page) => page.locator(`[data-election-id="${election.electionId}"]`);
    await section(first).waitFor({ timeout: WAIT_MS });

    const second = await signedInTab(token); // opened before the vote: it still offers the ballot
    await section(second).locator('input[name="choice"]').first().waitFor({ timeout: WAIT_MS });

    await section(first).locator('input[name="choice"]').first().check();
    await section(first).locator('button[type="submit"]').click();
    await first
      .getByTestId('vote-accepted')
      .waitFor({ timeout: WAIT_MS })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\npage: ${await first.locator('main').textContent()}\nrequests: ${graphqlBodies.slice(-3).join('\n')}`);
      });
    await expect(section(first).locator('input[name="choice"]').count()).resolves.toBe(0);

    await section(second).locator(`input[name="choice"]`).nth(1).check();
    await section(second).locator('button[type="submit"]').click();
    await second.getByTestId('vote-refused').waitFor({ timeout: WAIT_MS });
    expect(await second.getByTestId('vote-refused').textContent()).toContain('ALREADY_VOTED');

    await second.reload();
    await section(second).getByTestId('has-voted').waitFor({ timeout: WAIT_MS });

    const tally = await asGuildsAdmin<{ guildElection: { ballotsCast: number } }>(`query B($id: ID!) { guildElection(id: $id) { ballotsCast } }`, { id: election.electionId });
    expect(tally.data?.guildElection.ballotsCast).toBe(1);
    // Every operation went by its manifest id under SAFELIST=enforce, and nothing left loopback.
    expect(graphqlBodies.length).toBeGreaterThan(0);
    expect(graphqlBodies.every((body) => body.includes('"persistedQuery"'))).toBe(true);
    expect(offLoopback).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shows the coded refusal of a token the gateway does not accept', async () => {
    const page = await signedInTab('not-a-token');
    await page.getByRole('alert').waitFor({ timeout: WAIT_MS });
    expect(await page.getByRole('alert').textContent()).toMatch(/UNAUTHENTICATED|ERROR/);
  }, 60_000);
});
