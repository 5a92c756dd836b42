import { DemoRegistryKey } from '../../shared/demo/scale';
import { stopProcess } from '../lib/processes';
import { LoadOptions, LoadSummary, runLoad } from './closed-loop';
import { REGISTRY_KEYS, startFleet, startGatewayProcess } from './fleet';
import { benchToken, checkOperation, directOperation, gatewayOperation, requestBody } from './operations';
import { JOINT_PROJECTS, MEMBERS_PAGE, SHARED_MEMBERS } from './queries';
import { Quiet, waitForQuiet } from './quiet';
import { RecordedCall, stagesOf, startRecordingProxies } from './recorder';

/**
 * Item 4: the product's own queries through the gateway and straight to the subgraphs. The four
 * subgraphs (processes, embedded store, demo data) and the gateway (a process) run as `npm start`
 * runs them. What the gateway sends the subgraphs for each query is recorded once by loopback
 * proxies in front of them (a second gateway process, used for that only), and the "direct"
 * client then sends exactly those requests, in the same stages, with the caller header the
 * gateway would sign: the work the subgraphs do is the same, the gateway's is what is left out.
 */

export interface Scenario {
  id: string;
  title: string;
  body: string;
  /** Why the answer counts as non-empty, or a complaint. */
  verify(data: Record<string, unknown>): string | undefined;
}

type Nodes = { nodes: { registries?: string[] }[] };

export const SCENARIOS: Scenario[] = [
  {
    id: 'shared-members',
    title: 'shared members (labs and auditors, page of 20)',
    body: requestBody(SHARED_MEMBERS),
    verify: (data) => ((data.sharedMembers as Nodes).nodes.length === 20 ? undefined : 'sharedMembers did not return 20 people'),
  },
  {
    id: 'members-page-100',
    title: 'page of 100 members, fields from all four registries',
    body: requestBody(MEMBERS_PAGE, { first: 100 }),
    verify: (data) => {
      const nodes = (data.guildsMembers as Nodes).nodes;
      if (nodes.length !== 100) return `guildsMembers returned ${nodes.length} people, not 100`;
      return nodes.some((p) => (p.registries ?? []).length > 1) ? undefined : 'no member of several registries on the page';
    },
  },
  {
    id: 'joint-projects',
    title: 'joint projects (four catalogs, lead and cooperating)',
    body: requestBody(JOINT_PROJECTS),
    verify: (data) => ((data.jointProjects as Nodes).nodes.length > 0 ? undefined : 'jointProjects is empty'),
  },
];

export interface OverheadRow {
  id: string;
  title: string;
  subgraphRequests: number;
  stages: number;
  callsBySubgraph: Partial<Record<DemoRegistryKey, number>>;
  /** Which helper or entity fields the gateway asked each subgraph for, as recorded. */
  recordedFields: string[];
  gatewayAnswerBytes: number;
  exactAnswers: { gateway: boolean; direct: boolean };
  gateway: LoadSummary & { quiet: Quiet };
  direct: LoadSummary & { quiet: Quiet };
  ratios: { p50: number; p95: number; p99: number; mean: number; throughput: number };
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** The root fields of a recorded subgraph request (`_entities`, `guildsMembers`, `_membersAmong`...). */
function rootFields(call: RecordedCall): string {
  const query = (JSON.parse(call.body) as { query: string }).query;
  const selection = query.slice(query.indexOf('{') + 1);
  return `${call.subgraph}.${/[_A-Za-z][_0-9A-Za-z]*/.exec(selection)?.[0] ?? '?'}`;
}

export async function measureOverhead(options: { basePort: number; workDir: string; load: LoadOptions; log: (line: string) => void }): Promise<OverheadRow[]> {
  const { log } = options;
  const fleet = await startFleet({
    subgraphs: REGISTRY_KEYS.map((key) => ({ key })),
    basePort: options.basePort,
    databasePrefix: 'overhead',
    workDir: options.workDir,
    readyTimeoutMs: 60_000,
  });
  const rows: OverheadRow[] = [];
  try {
    const token = await benchToken();
    // Record what the gateway sends for each query: a second gateway over recording proxies.
    const proxies = await startRecordingProxies(fleet.subgraphUrls);
    const recordings = new Map<string, RecordedCall[]>();
    try {
      const capture = await startGatewayProcess({ port: options.basePort + 5, subgraphUrls: proxies.urls, workDir: options.workDir, name: 'capture-gateway' });
      try {
        for (const scenario of SCENARIOS) {
          const operation = gatewayOperation(capture.url, scenario.body, token);
          // The first request warms what the gateway remembers (plans; the directory's member counts, kept a minute); record the second.
          await checkOperation(operation);
          proxies.clear();
          const checked = await checkOperation([[operation[0]![0]!]]);
          const calls = proxies.calls();
          // checkOperation ran it twice: keep the calls of the first run (they start before the second run's first call).
          recordings.set(scenario.id, calls.slice(0, calls.length / 2));
          const problem = scenario.verify((checked.answers[0]![0] as { data: Record<string, unknown> }).data);
          if (problem) throw new Error(`${scenario.id}: ${problem}`);
        }
      } finally {
        await stopProcess(capture.process);
      }
    } finally {
      await proxies.close();
    }

    for (const scenario of SCENARIOS) {
      const calls = recordings.get(scenario.id)!;
      const stages = stagesOf(calls);
      const gateway = await checkOperation(gatewayOperation(fleet.gatewayUrl, scenario.body, token));
      const direct = await checkOperation(await directOperation(stages, fleet.subgraphUrls));
      const callsBySubgraph: Partial<Record<DemoRegistryKey, number>> = {};
      for (const call of calls) callsBySubgraph[call.subgraph] = (callsBySubgraph[call.subgraph] ?? 0) + 1;
      log(`${scenario.id}: ${calls.length} subgraph requests in ${stages.length} stages (${stages.map((s) => s.map(rootFields).join(' + ')).join(' -> ')})`);

      const quietGateway = await waitForQuiet(log);
      const throughGateway = await runLoad(gateway.operation, options.load);
      log(
        `${scenario.id} via gateway: ${throughGateway.operationsPerSecond} req/s, p50 ${throughGateway.latencyMs.p50} ms, p99 ${throughGateway.latencyMs.p99} ms, failures ${throughGateway.failures}`,
      );
      const quietDirect = await waitForQuiet(log);
      const straight = await runLoad(direct.operation, options.load);
      log(`${scenario.id} direct: ${straight.operationsPerSecond} ops/s, p50 ${straight.latencyMs.p50} ms, p99 ${straight.latencyMs.p99} ms, failures ${straight.failures}`);
      rows.push({
        id: scenario.id,
        title: scenario.title,
        subgraphRequests: calls.length,
        stages: stages.length,
        callsBySubgraph,
        recordedFields: stages.map((s) => s.map(rootFields).join(' + ')),
        gatewayAnswerBytes: gateway.bytes,
        exactAnswers: { gateway: gateway.exact, direct: direct.exact },
        gateway: { ...throughGateway, quiet: quietGateway },
        direct: { ...straight, quiet: quietDirect },
        ratios: {
          p50: ratio(throughGateway.latencyMs.p50, straight.latencyMs.p50),
          p95: ratio(throughGateway.latencyMs.p95, straight.latencyMs.p95),
          p99: ratio(throughGateway.latencyMs.p99, straight.latencyMs.p99),
          mean: ratio(throughGateway.latencyMs.mean, straight.latencyMs.mean),
          throughput: ratio(throughGateway.operationsPerSecond, straight.operationsPerSecond),
        },
      });
    }
  } finally {
    await fleet.stop();
  }
  return rows;
}
