import { Agent } from 'undici';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, mintToken } from '../../gateway/auth/tokens';
import { PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { DemoRegistryKey } from '../../shared/demo/scale';
import { HttpCall, Operation, send } from './closed-loop';
import { BENCH_AUTH_SECRET, BENCH_SIGNER } from './fleet';
import { RecordedCall } from './recorder';

/** Building the operations the load generator sends, and checking their answers before any load. */

/** A bearer token for the benchmark's gateway: `personal:read`, good for two hours. */
export function benchToken(): Promise<string> {
  return mintToken({ subject: 'product-bench', scopes: [PERSONAL_READ_SCOPE], expiresIn: '2h', secret: BENCH_AUTH_SECRET, issuer: DEFAULT_ISSUER, audience: DEFAULT_AUDIENCE });
}

export const requestBody = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, ...(variables ? { variables } : {}) });

/** One POST to the gateway, with the bearer token. */
export function gatewayOperation(url: string, body: string, token: string): Operation {
  return [[{ url, body, headers: { authorization: `Bearer ${token}` } }]];
}

/**
 * The recorded subgraph requests as a direct operation: the same bodies to the same subgraphs, in
 * the same stages, each with a caller assertion signed as the gateway signs it (for the caller the
 * gateway passed on), afresh for every send: a subgraph accepts each assertion once.
 */
export async function directOperation(stages: RecordedCall[][], subgraphUrls: Record<DemoRegistryKey, string>): Promise<Operation> {
  return stages.map((stage) =>
    stage.map((call) => ({ url: subgraphUrls[call.subgraph], body: call.body, headers: {}, sign: (body: string) => BENCH_SIGNER.headers(call.caller, call.subgraph, body) })),
  );
}

export interface CheckedOperation {
  operation: Operation;
  /** Whether every answer was the same byte for byte on two runs (then the load compares each answer to it). */
  exact: boolean;
  /** The answers of the first run, parsed, stage by stage. */
  answers: unknown[][];
  bytes: number;
}

/**
 * Runs the operation twice, one call after another: every answer must be 200 and without
 * `errors`. When the two runs agree byte for byte, the load checks every answer against them;
 * otherwise only for 200 and no errors.
 */
export async function checkOperation(operation: Operation): Promise<CheckedOperation> {
  const agent = new Agent({ connections: 4 });
  try {
    const runs: string[][][] = [];
    for (let run = 0; run < 2; run += 1) {
      const texts: string[][] = [];
      for (const stage of operation) {
        const answers = await Promise.all(stage.map((call) => send(agent, call)));
        for (const [i, answer] of answers.entries()) {
          if (answer.status !== 200) throw new Error(`HTTP ${answer.status} from ${stage[i]!.url}: ${answer.text.slice(0, 300)}`);
          const parsed = JSON.parse(answer.text) as { errors?: unknown; data?: unknown };
          if (parsed.errors !== undefined || parsed.data === undefined || parsed.data === null) {
            throw new Error(`${stage[i]!.url} answered with errors or no data: ${answer.text.slice(0, 300)}`);
          }
        }
        texts.push(answers.map((a) => a.text));
      }
      runs.push(texts);
    }
    const exact = JSON.stringify(runs[0]) === JSON.stringify(runs[1]);
    const checked: Operation = operation.map((stage, s) => stage.map((call, c): HttpCall => (exact ? { ...call, expected: runs[0]![s]![c]! } : call)));
    return {
      operation: checked,
      exact,
      answers: runs[0]!.map((stage) => stage.map((text) => JSON.parse(text) as unknown)),
      bytes: runs[0]!.flat().reduce((sum, text) => sum + Buffer.byteLength(text), 0),
    };
  } finally {
    await agent.close();
  }
}
