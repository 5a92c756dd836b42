import { RunningGateway, startGateway } from '../../gateway/gateway';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { testToken, useTestSecrets } from '../support/auth';
import { postGraphQL } from '../support/graph';
import { SubgraphFleet } from '../support/subgraph-fleet';

/**
 * Public fields from every registry of a person in engineering and guilds (the gateway asks a
 * registry only about its own members, so the killed one must hold them); the labs view is null.
 */
const BUILDER = '3110294702';
const QUERY = `{ person(nationalCode: "${BUILDER}") { labs { fullName } guilds { fullName } engineering { fullName } } }`;
type Answer = { status: number; phase: 'before' | 'down' | 'after'; errorCodes: string[]; guilds: boolean; engineeringNamed: boolean };

const REQUESTS_PER_PHASE = 150;
const CONCURRENCY = 10;

describe('a subgraph killed during a bounded load', () => {
  const fleet = new SubgraphFleet();
  let gateway: RunningGateway;
  /** Looking a person up by national code needs personal:read. */
  let reader: Record<string, string>;

  /** Sends `count` requests, `CONCURRENCY` at a time, and classifies every answer; `onAnswer` sees each count. */
  async function load(phase: Answer['phase'], count: number, onAnswer: (answered: number) => void = () => undefined): Promise<Answer[]> {
    const answers: Answer[] = [];
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next += 1;
        const { status, data, errors } = await postGraphQL<{ person: { guilds: unknown } | null }>(gateway.url, QUERY, undefined, reader);
        answers.push({
          status,
          phase,
          errorCodes: (errors ?? []).map((e) => String(e.extensions?.code)),
          guilds: Boolean(data?.person?.guilds),
          engineeringNamed: (errors ?? []).some((e) => e.extensions?.subgraph === 'engineering' && /engineering/.test(e.message)),
        });
        onAnswer(answers.length);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return answers;
  }

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    useTestSecrets();
    reader = { authorization: `Bearer ${await testToken([PERSONAL_READ_SCOPE])}` };
    await fleet.startAll();
    gateway = await startGateway({
      port: 0,
      host: '127.0.0.1',
      startupTimeoutMs: 10_000,
      subgraphTimeoutMs: 2_000,
      subgraphs: fleet.endpoints(),
    });
  });
  afterAll(async () => {
    await gateway?.stop(0);
    await fleet.stopAll();
  });

  it('keeps answering with partial data and an error naming it, and recovers after the restart', async () => {
    // Killed while the first phase is in flight, once 20 of its answers are in.
    let killed: Promise<void> | undefined;
    const answersBefore = await load('before', REQUESTS_PER_PHASE, (answered) => {
      if (answered === 20) killed = fleet.stop('engineering');
    });
    await killed;
    const down = await load('down', REQUESTS_PER_PHASE);
    await fleet.start('engineering');
    const after = await load('after', REQUESTS_PER_PHASE);
    const all = [...answersBefore, ...down, ...after];

    const byCode = new Map<string, number>();
    for (const answer of all) for (const code of answer.errorCodes) byCode.set(code, (byCode.get(code) ?? 0) + 1);
    console.log(
      `[fault] ${all.length} requests (${CONCURRENCY} at a time), engineering subgraph killed during the first ${REQUESTS_PER_PHASE} and restarted before the last ${REQUESTS_PER_PHASE}; ` +
        `HTTP statuses: ${[...new Set(all.map((a) => a.status))].join(', ')}; errors by code: ${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}; ` +
        `answers without the guilds data: ${all.filter((a) => !a.guilds).length}`,
    );

    // No gateway failure: every request answered 200, every answer kept the other subgraphs' data.
    expect(all).toHaveLength(3 * REQUESTS_PER_PHASE);
    expect(all.every((a) => a.status === 200 && a.guilds)).toBe(true);
    // While engineering is down: every answer has one error, naming it, and no other kind of error.
    expect(down.every((a) => a.errorCodes.length === 1 && a.errorCodes[0] === 'SUBGRAPH_UNAVAILABLE' && a.engineeringNamed)).toBe(true);
    // The first phase saw the kill: some answers before it, partial ones after it.
    expect(answersBefore.some((a) => a.errorCodes.length === 0)).toBe(true);
    expect(answersBefore.some((a) => a.engineeringNamed)).toBe(true);
    // After the restart, without restarting the gateway: clean answers again.
    expect(after.every((a) => a.errorCodes.length === 0)).toBe(true);
  });
});
