import { startTestGraph, TestGraph } from '../support/graph';

describe('debug', () => {
  let graph: TestGraph;
  beforeAll(async () => { graph = await startTestGraph(); });
  afterAll(async () => { await graph.stop(); });
  it('asks', async () => {
    for (const sel of ['resolutions { id responsible { id } }', 'resolutions { id responsible { id name } }', 'resolutions { id cooperating { id } }', 'resolutions { id dueDate { jalali } status }', 'resolutions { id number }']) {
      const r = await graph.query(`{ meeting(id: "guilds:markets-group-meetings/0012") { number ${sel} } }`);
      console.log(sel, JSON.stringify(r.errors ?? 'ok').slice(0, 600));
    }
  });
});
