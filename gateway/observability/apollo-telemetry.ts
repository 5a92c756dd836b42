/**
 * Apollo Gateway (2.10 and later) reports usage metrics to Apollo every hour, and probes the AWS,
 * Azure, Google Cloud and Alibaba metadata addresses once, from its constructor, unless
 * `APOLLO_TELEMETRY_DISABLED` is set in the environment when it is made: the only switch it reads.
 * The associations' gateway sends nothing to third parties unless its operator allows it.
 */
export function madeWithApolloTelemetry<T>(allowed: boolean, make: () => T): T {
  if (allowed) return make();
  const before = process.env.APOLLO_TELEMETRY_DISABLED;
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  try {
    return make();
  } finally {
    if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
    else process.env.APOLLO_TELEMETRY_DISABLED = before;
  }
}
