import { RunningRegistrySubgraph, runSubgraph } from '../../shared/server/run';
import { useLogDestination } from '../../shared/server/log';
import { MemoryStore } from '../../shared/store/memory-store';
import { guildsSubgraph } from '../../subgraphs/guilds';

/**
 * A subgraph's `/ready` is open to anyone who reaches it, so it says what is wrong in words of its
 * own. Its store's words stay in its log: a unique index built over stored data that breaks it
 * (an upgrade over records an older release wrote) fails with the clashing value, and for the
 * guilds' voters that value is an election and a voter's national code.
 */

const VOTER = '0061234508';
const ELECTION = 'guilds:election-fars-union-009-2026-12-01';

describe("a subgraph's /ready when its store cannot be prepared", () => {
  let subgraph: RunningRegistrySubgraph | undefined;
  const lines: string[] = [];

  const trust = process.env.SUBGRAPH_TRUST;

  beforeAll(() => {
    // Trust is not what this asks about: /ready answers whoever asks, configured or not.
    process.env.SUBGRAPH_TRUST = 'unsigned';
    useLogDestination({ write: (line: string) => void lines.push(line) });
  });
  afterAll(async () => {
    await subgraph?.stop();
    useLogDestination(undefined);
    if (trust === undefined) delete process.env.SUBGRAPH_TRUST;
    else process.env.SUBGRAPH_TRUST = trust;
  });

  it('names no stored value, and its log says why', async () => {
    const store = new MemoryStore();
    // Two records of one voter in one election: the unique voter index cannot be built over them.
    const voters = store.collection<{ _id: string; electionId: string; nationalCode: string; votedAt: Date }>('election_voters');
    await voters.insertOne({ _id: `${ELECTION}|${VOTER}`, electionId: ELECTION, nationalCode: VOTER, votedAt: new Date('2026-12-01T08:00:00Z') });
    await voters.insertOne({ _id: `${ELECTION}|${VOTER}|imported`, electionId: ELECTION, nationalCode: VOTER, votedAt: new Date('2026-12-01T08:00:00Z') });

    subgraph = await runSubgraph(guildsSubgraph, { port: 0, host: '127.0.0.1', databaseName: 'registry_guilds_ready', seedDemoData: false }, store);
    const ready = await fetch(subgraph.url.replace('/graphql', '/ready'));
    const text = await ready.text();

    expect(ready.status).toBe(503);
    expect(text).not.toContain(VOTER);
    expect(text).not.toContain('1234508');
    expect((JSON.parse(text) as { reason: string }).reason).toMatch(/log/);
    // The operator still learns what failed, from the log.
    expect(lines.join('\n')).toContain('election_voters');
  });
});
