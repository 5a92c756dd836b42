import { composeServices } from '@apollo/composition';
import { operationFromDocument } from '@apollo/federation-internals';
import { ApolloGateway } from '@apollo/gateway';
import { prettyFormatQueryPlan } from '@apollo/query-planner';
import { parse } from 'graphql';
import { planningStateOf } from '../../gateway/execution/planning-state';

// Stock Apollo Gateway, made here: its reports to Apollo and cloud metadata probes off (tests reach loopback only).
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';

function supergraph(extraField: string): string {
  const result = composeServices([
    {
      name: 'labs',
      url: 'http://127.0.0.1:1/graphql',
      typeDefs: parse(`${FEDERATION} type Query { member: Person } type Person @key(fields: "id") { id: ID! ${extraField}: String }`),
    },
    { name: 'guilds', url: 'http://127.0.0.1:2/graphql', typeDefs: parse(`${FEDERATION} type Person @key(fields: "id") { id: ID! guilds: String }`) },
  ]);
  if (result.errors) throw result.errors[0]!;
  return result.supergraphSdl;
}

/**
 * The executor plans with Apollo Gateway's own query planner for the supergraph Apollo Gateway
 * serves (one query graph per supergraph, not two), and builds its own only for another one.
 */
describe('the planning state of a supergraph', () => {
  const served = supergraph('labs');
  let gateway: ApolloGateway;
  const seen: ReturnType<typeof planningStateOf>[] = [];

  beforeAll(async () => {
    gateway = new ApolloGateway({ supergraphSdl: served });
    gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
      seen.push(planningStateOf(gateway, coreSupergraphSdl));
    });
    await gateway.load();
  });

  afterAll(() => gateway.stop());

  it('is Apollo Gateway’s own planner, API schema and supergraph schema, read while it tells its listeners', () => {
    const held = gateway as unknown as { queryPlanner: unknown; apiSchema: unknown; supergraphSchema: unknown };
    expect(seen).toHaveLength(1);
    expect(seen[0]!.planner).toBe(held.queryPlanner);
    expect(seen[0]!.apiSchema).toBe(held.apiSchema);
    expect(seen[0]!.supergraphSchema).toBe(held.supergraphSchema);
  });

  it('is built here, and plans against that supergraph, for one the gateway does not serve', () => {
    const other = planningStateOf(gateway, supergraph('labsName'));
    expect(other.planner).not.toBe(seen[0]!.planner);
    const plan = other.planner.buildQueryPlan(operationFromDocument(other.apiSchema, parse('{ member { labsName guilds } }')));
    expect(prettyFormatQueryPlan(plan)).toMatch(/Fetch\(service: "labs"\)[\s\S]*labsName[\s\S]*Fetch\(service: "guilds"\)/);
  });
});
