import { randomBytes } from 'node:crypto';
import { CURSOR_SECRET_VARIABLE } from '../../shared/graphql/cursor-keys';
import { Log } from '../../shared/server/log';
import { generateGatewayKeyPem } from '../trust/signing-keys';

const SIGNING_KEY_VARIABLES = ['GATEWAY_SIGNING_KEY_FILE', 'GATEWAY_SIGNING_KEY'];

/**
 * Gives the processes of one run the same secrets where the operator gave none: a gateway alone makes
 * its own signing key and cursor secret for the run, but processes that each made their own would
 * publish different keys at one address and refuse each other's cursors. Set in the supervisor's
 * environment, which every process it starts inherits.
 */
export function shareRunSecrets(env: NodeJS.ProcessEnv, log: Log): void {
  if (SIGNING_KEY_VARIABLES.every((name) => !env[name])) {
    env.GATEWAY_SIGNING_KEY = generateGatewayKeyPem();
    log.warn('no signing key is configured: the gateway processes share a key pair made for this run (Ed25519, with an X25519 one for HS256 assertions)');
  }
  if (!env[CURSOR_SECRET_VARIABLE]) {
    env[CURSOR_SECRET_VARIABLE] = randomBytes(32).toString('base64url');
    log.warn(`${CURSOR_SECRET_VARIABLE} is not set: the gateway processes share a cursor secret made for this run`);
  }
}
