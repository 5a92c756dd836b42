import { availableParallelism } from 'node:os';

/** The most gateway processes one machine may run behind one port. */
export const MAX_GATEWAY_PROCESSES = 64;

/**
 * `GATEWAY_PROCESSES`: how many gateway processes share the gateway's port. Unset or `1`: one
 * process (the default: a container orchestrator usually scales by replicas instead). A whole number
 * up to 64, or `auto` for one per core the process may use.
 */
export function gatewayProcessCount(env: NodeJS.ProcessEnv = process.env, cores: () => number = availableParallelism): number {
  const raw = env.GATEWAY_PROCESSES?.trim();
  if (raw === undefined || raw === '') return 1;
  if (raw.toLowerCase() === 'auto') return Math.min(Math.max(1, cores()), MAX_GATEWAY_PROCESSES);
  const count = Number(raw);
  if (!/^\d+$/.test(raw) || count < 1 || count > MAX_GATEWAY_PROCESSES) {
    throw new Error(`GATEWAY_PROCESSES must be a whole number from 1 to ${MAX_GATEWAY_PROCESSES}, or auto (one per core); got "${raw}"`);
  }
  return count;
}
