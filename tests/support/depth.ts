/**
 * How far the repeated suites go: fault-injection runs, kills of the database, request floods.
 * `npm test` runs them at the default depth, enough for every path each one checks (each still
 * asserts that it cut writes of every kind, took the receiver down, and so on); `TEST_DEPTH=deep`
 * runs the counts they had before, for a release or after changing what they cover (docs/testing.md).
 */
export type TestDepth = 'default' | 'deep';

function depthFromEnvironment(value: string | undefined): TestDepth {
  if (value === undefined || value === '' || value === 'default') return 'default';
  if (value === 'deep') return 'deep';
  throw new Error(`TEST_DEPTH=${value} is neither "default" nor "deep"`);
}

export const TEST_DEPTH: TestDepth = depthFromEnvironment(process.env.TEST_DEPTH);

/** The count (or setting) for the depth of this run. */
export function byDepth<T>(counts: Record<TestDepth, T>): T {
  return counts[TEST_DEPTH];
}
