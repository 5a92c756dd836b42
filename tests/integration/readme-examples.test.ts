import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestGraph, TestGraph } from '../support/graph';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const exampleSection = readme.slice(readme.indexOf('## Example queries'), readme.indexOf('## Architecture'));
const examples = [...exampleSection.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);
const nameOf = (operation: string) => /^(?:query|mutation) (\w+)/m.exec(operation)?.[1] ?? 'anonymous';

describe('the README', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(async () => {
    await graph.stop();
  });

  it('shows the two commands, and package.json has them', () => {
    const scripts = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBeDefined();
  });

  it('has at least three example operations', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples.map((operation) => [nameOf(operation), operation]))('example %s works as shown', async (_, operation) => {
    const { data, errors } = await graph.query<Record<string, unknown>>(operation);
    expect(errors).toBeUndefined();
    for (const value of Object.values(data!)) expect(value).not.toBeNull();
  });

  it('example SharedMember shows Saeed Tajik in two registries', async () => {
    const { data } = await graph.query<{ person: { registries: string[]; engineering: unknown } }>(examples[0]!);
    expect(data!.person.registries).toEqual(['LABS', 'AUDITORS']);
  });

  it('example CommitteesAndSearch finds Hajizadeh and the four committees', async () => {
    const search = examples.find((e) => nameOf(e) === 'CommitteesAndSearch')!;
    const { data } = await graph.query<{ jointProjects: { nodes: unknown[] }; engineeringMembers: { nodes: { fullName: string }[] } }>(search);
    expect(data!.jointProjects.nodes).toHaveLength(4);
    expect(data!.engineeringMembers.nodes.map((n) => n.fullName)).toEqual(['سركار خانم مهندس حاجی زاده']);
  });
});
