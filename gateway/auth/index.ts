import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { CallerSigner, callerSignerFromEnvironment, SIGNING_SECRET_VARIABLE, TRUST_VARIABLE } from '../../shared/auth/subgraph-trust';
import { Log } from '../../shared/server/log';
import { GatewayContext } from './operation-check';

export { authorizationPlugin, guardedFields, refusedSelections, supergraphRequirements } from './operation-check';
export type { GatewayContext, GuardedFields } from './operation-check';
export { createAuthenticator, DEFAULT_AUDIENCE, DEFAULT_ISSUER, DEVELOPMENT_SECRET, mintToken, tokenSettingsFromEnvironment } from './tokens';
export type { TokenRequest, TokenSettings } from './tokens';

/**
 * Apollo Server options with the authorization plugin added after the plugins already there (the
 * request limits' own), everything else kept as given: the limits still refuse a request first.
 */
export function withAuthorization<O extends Pick<ApolloServerOptions<BaseContext>, 'plugins'>>(
  options: O,
  plugin: ApolloServerPlugin<GatewayContext>,
): O & { plugins: ApolloServerPlugin<GatewayContext>[] } {
  return { ...options, plugins: [...((options.plugins ?? []) as ApolloServerPlugin<GatewayContext>[]), plugin] };
}

/**
 * The signer of the caller header the gateway sends every registry subgraph, from
 * `SUBGRAPH_SIGNING_SECRET` (or the secret given); without one the gateway says, once, that the
 * subgraphs will answer it only in development mode.
 */
export function callerSignerFor(secret: string | undefined, log: Log): CallerSigner | undefined {
  const signer = secret ? new CallerSigner(secret) : callerSignerFromEnvironment();
  if (!signer) {
    log.warn(
      `${SIGNING_SECRET_VARIABLE} is not set: the gateway cannot sign the caller header, so the subgraphs will refuse it ` +
        `unless they run with ${TRUST_VARIABLE}=unsigned (development, every request anonymous). Give the gateway and every subgraph the same ${SIGNING_SECRET_VARIABLE}.`,
    );
  }
  return signer;
}
