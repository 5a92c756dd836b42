import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { GraphQLError } from 'graphql';
import { Composition, CompositionError } from '../compose';
import { RegistrySettingsByName, SubgraphEndpoint } from '../config';

/** What a composition thread is given. */
export interface CompositionRequest {
  subgraphs: SubgraphEndpoint[];
  sdls: [string, string][];
  registries: RegistrySettingsByName;
}

/** What a composition thread answers: the composition, the composer's refusal, or another failure. */
export type CompositionReply = { composition: Composition } | { refused: { message: string; extensions: Record<string, unknown> }[] } | { failed: string };

/** How a composition thread is bounded. */
export interface CompositionThreadLimits {
  /** A composition still running after this long is stopped and counted as refused. */
  timeoutMs: number;
  /** The thread's heap: a schema that needs more is refused rather than growing the gateway. */
  maxHeapMb: number;
}

/** The code of a composition stopped before it ended (its time, its heap, its thread failed). */
export const COMPOSITION_STOPPED = 'COMPOSITION_STOPPED';

export const COMPOSITION_THREAD_LIMITS: CompositionThreadLimits = { timeoutMs: 60_000, maxHeapMb: 1024 };

const ENTRY = join(__dirname, `thread-entry${extname(__filename)}`);

/** Run from TypeScript sources outside tsx (jest), a thread loads them through tsx; tsx and compiled code pass their own way on. */
const threadExecArgv = (): string[] | undefined =>
  ENTRY.endsWith('.ts') && !process.execArgv.some((argument) => argument.includes('tsx')) ? [...process.execArgv, '--import', 'tsx'] : undefined;

/**
 * composeSupergraph in a thread of its own. A running gateway composes again whenever a registry's
 * schema changes, and composition is synchronous: on the event loop it held every request for as
 * long as it took, about a second for the four registries and 7 to 11 s for a schema a registry
 * padded with made-up types (audit, 2026-12-07). In a thread the gateway keeps answering; a
 * composition past `timeoutMs` or `maxHeapMb` is stopped and refused (CompositionError).
 */
export function composeOffThread(
  subgraphs: SubgraphEndpoint[],
  sdls: ReadonlyMap<string, string>,
  registries: RegistrySettingsByName = {},
  limits: CompositionThreadLimits = COMPOSITION_THREAD_LIMITS,
): Promise<Composition> {
  const request: CompositionRequest = { subgraphs, sdls: [...sdls], registries };
  const execArgv = threadExecArgv();
  const thread = new Worker(ENTRY, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb }, ...(execArgv ? { execArgv } : {}) });
  thread.unref();
  return new Promise<Composition>((resolve, reject) => {
    const refuse = (reason: string) => reject(new CompositionError([new GraphQLError(reason, { extensions: { code: COMPOSITION_STOPPED } })]));
    const timer = setTimeout(() => {
      refuse(`composition took longer than ${limits.timeoutMs} ms and was stopped`);
      void thread.terminate();
    }, limits.timeoutMs);
    timer.unref();
    thread.once('message', (reply: CompositionReply) => {
      clearTimeout(timer);
      if ('composition' in reply) resolve(reply.composition);
      else if ('refused' in reply) reject(new CompositionError(reply.refused.map((e) => new GraphQLError(e.message, { extensions: e.extensions }))));
      else reject(new Error(reply.failed));
    });
    thread.once('error', (error) => {
      clearTimeout(timer);
      refuse(`composition stopped: ${error.message}`);
    });
    thread.once('exit', (code) => {
      clearTimeout(timer);
      // After its answer this changes nothing; without one (however it ended) the composition is refused rather than awaited for ever.
      refuse(`composition stopped: its thread ended without an answer (exit code ${code})`);
    });
  });
}
