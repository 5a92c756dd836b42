import { parseArgs } from 'node:util';
import { DEFAULT_SUPERGRAPH_CONFIG, readSupergraphConfigEntries } from '../gateway/config';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, describeDuration, durationSeconds, mintToken, tokenSettingsFromEnvironment } from '../gateway/auth/tokens';

/**
 * `npm run token -- --subject analyst --scopes "personal:read labs:admin" --expires 1h`: prints a
 * development bearer token, signed with AUTH_SECRET or, when neither it nor AUTH_JWKS_URL is set,
 * with the development secret, for the issuer and audience the gateway checks (AUTH_ISSUER,
 * AUTH_AUDIENCE, same defaults). Only the token goes to standard output, so
 * `curl -H "Authorization: Bearer $(npm run -s token -- --scopes personal:read)" ...` works.
 */
/** The registries' admin scopes, from the supergraph config (what the gateway composes). */
function adminScopes(): string {
  try {
    const registries = readSupergraphConfigEntries(DEFAULT_SUPERGRAPH_CONFIG).filter((entry) => entry.registry !== false);
    return registries.map((entry) => `${entry.name}:admin`).join(', ');
  } catch {
    return 'one per registry of gateway/supergraph.yaml';
  }
}

const usage = () => `usage: npm run token -- [--subject <sub>] [--scopes "<scope> <scope>..."] [--expires <1h|30m|7d...>]

  --subject <sub>   the token's subject (default: developer)
  --scopes "..."    scopes, separated by spaces (default: none):
                      personal:read     national codes and contacts
                      <registry>:admin  writes to that registry (${adminScopes()})
                      analytics:query   the analysts' larger request limits
                    and grants bound to one record (docs/security.md), the record's id whole:
                      <registry>:elections:<union id>   that union's elections (its election officer)
                      <registry>:programme:<chamber id> that chamber's programme (its officers)
                      <registry>:committee:<id>         a committee's seats and resolutions, or a series' minutes
                      <registry>:resolutions:<org id>   the resolutions that organisation is responsible for
  --expires <time>  how long the token is good for, such as 90s, 30m, 1h or 7d (default: 1h).
                    The gateway accepts at most AUTH_MAX_TOKEN_LIFETIME (24h by default).`;

function main(): void {
  const { values } = parseArgs({
    options: {
      subject: { type: 'string', default: 'developer' },
      scopes: { type: 'string', default: '' },
      expires: { type: 'string', default: '1h' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage());
    return;
  }
  const settings = tokenSettingsFromEnvironment();
  if (!settings.secret) {
    throw new Error('AUTH_JWKS_URL is set and AUTH_SECRET is not: the gateway accepts only tokens from that identity provider; ask it for one');
  }
  const lifetime = durationSeconds(values.expires);
  if (lifetime === undefined) throw new Error(`--expires must be a duration such as 90s, 30m, 1h or 7d; got "${values.expires}"`);
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  if (lifetime > maxLifetime) {
    throw new Error(
      `--expires ${values.expires} is longer than the gateway accepts (AUTH_MAX_TOKEN_LIFETIME: ${describeDuration(maxLifetime)}); ask for less, or raise AUTH_MAX_TOKEN_LIFETIME for the gateway and this command alike`,
    );
  }
  if (settings.development) console.error('(a development token, signed with the development secret: set AUTH_SECRET for anything else)');
  mintToken({
    subject: values.subject,
    scopes: values.scopes.split(/\s+/).filter(Boolean),
    expiresIn: `${lifetime}s`,
    secret: settings.secret,
    issuer: settings.issuer,
    audience: settings.audience,
  }).then(
    (token) => console.log(token),
    (error: unknown) => fail(error),
  );
}

function fail(error: unknown): void {
  console.error(`token: ${error instanceof Error ? error.message : String(error)}\n\n${usage()}`);
  process.exit(1);
}

try {
  main();
} catch (error) {
  fail(error);
}
