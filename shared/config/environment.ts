/**
 * The `NODE_ENV` values of development: unset, `development`, `test`. Anything else (`production`,
 * `staging`) is a deployment, where the development shortcuts (the published token secret,
 * subgraphs answering unsigned requests) are refused at start.
 */
const DEVELOPMENT_ENVIRONMENTS: ReadonlySet<string> = new Set(['', 'development', 'test']);

export const isDevelopment = (nodeEnv: string | undefined): boolean => DEVELOPMENT_ENVIRONMENTS.has(nodeEnv ?? '');
