import { namesThisMachine } from '../server/loopback';
import { withoutCredentials } from './variables';

/**
 * The `NODE_ENV` values of development: unset, `development`, `test`. Anything else (`production`,
 * `staging`) is a deployment, where the development shortcuts (the published token secret,
 * subgraphs answering unsigned requests) are refused at start.
 */
const DEVELOPMENT_ENVIRONMENTS: ReadonlySet<string> = new Set(['', 'development', 'test']);

export const isDevelopment = (nodeEnv: string | undefined): boolean => DEVELOPMENT_ENVIRONMENTS.has(nodeEnv ?? '');

/**
 * Why a key set's URL may not be used outside development, or undefined when it may: over plain
 * `http` to another machine, anyone on the way could hand over keys of their own, and with them
 * sign what the service then trusts. `https`, this machine (`localhost`, `127.x.x.x`, `[::1]`) and a
 * bare service name on a private network (`http://gateway:4000`, as docker-compose.yml names its
 * services) are accepted. The refusal repeats the URL without its user and password
 * (`http://svc:<password>@idp.example/jwks.json`, a key set behind basic authentication), as a
 * refused URL variable is (variables.ts): it goes to the log.
 */
export function plainHttpKeySetProblem(variable: string, value: string | undefined, nodeEnv: string | undefined): string | undefined {
  if (value === undefined || isDevelopment(nodeEnv)) return undefined;
  const url = new URL(value);
  if (url.protocol !== 'http:') return undefined;
  if (namesThisMachine(url.hostname) || /^[a-z0-9-]+$/i.test(url.hostname)) return undefined;
  return (
    `NODE_ENV is "${nodeEnv}" and ${variable} is ${withoutCredentials(value)}, plain http to another machine: anyone on the way could hand over keys of their own. ` +
    'Use https (or a service name on a private network, such as http://gateway:4000).'
  );
}
