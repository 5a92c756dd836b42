import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GatewayContext } from './operation-check';

export { authorizationPlugin, guardedFields, refusedSelections, supergraphRequirements } from './operation-check';
export type { GatewayContext, GuardedFields } from './operation-check';
export { privateAnswersPlugin } from './private-answers';
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
