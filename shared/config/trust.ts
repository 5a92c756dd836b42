import { z } from 'zod';
import { ConfigurationSection } from './read';
import { choice, text, url, wholeNumber } from './variables';

/** `SUBGRAPH_TRUST`, read by the gateway and the subgraphs alike. */
export const trustMode = (description: string) =>
  choice(['signed', 'unsigned'], 'signed', description, '"signed" (the default) or "unsigned" (development: every request anonymous)');

/** How a subgraph checks the caller assertions the gateway signs (shared/auth/subgraph-trust.ts). */
export const subgraphTrustVariables = z.object({
  SUBGRAPH_TRUST: trustMode('`signed`: GraphQL requests must carry a caller assertion the gateway signed. `unsigned`: development, every request answered as anonymous.'),
  GATEWAY_JWKS_URL: url(['http:', 'https:'], {
    description:
      "The gateway's public key set, fetched and cached (`https://<gateway>/.well-known/jwks.json`). Set one of `GATEWAY_JWKS_URL`, `GATEWAY_JWKS_FILE`, `GATEWAY_JWKS`.",
    accepts: 'an http(s) URL, e.g. https://gateway.example/.well-known/jwks.json',
  }),
  GATEWAY_JWKS_FILE: text({ description: "A file holding the gateway's public key set (read again when it changes).", accepts: 'a file path' }, undefined),
  GATEWAY_JWKS: text({ description: "The gateway's public key set itself, as JSON.", accepts: 'a JSON Web Key Set' }, undefined),
  GATEWAY_JWKS_CACHE_SECONDS: wholeNumber(
    {
      min: 1,
      unit: 'seconds',
      description:
        'How long a key set fetched from `GATEWAY_JWKS_URL` is used before it is fetched again; while the gateway cannot be reached, it serves for at most twice this long.',
      accepts: 'a whole number of seconds, 1 or more',
    },
    300,
  ),
  CALLER_ASSERTION_MAX_SECONDS: wholeNumber(
    { min: 1, unit: 'seconds', description: 'The longest lifetime (`exp - iat`) of a caller assertion a subgraph accepts.', accepts: 'a whole number of seconds, 1 or more' },
    30,
  ),
  SUBGRAPH_X25519_KEY_FILE: text(
    {
      description:
        "A file of the subgraph's X25519 private key (PEM or JWK / JWK Set; the first private key is published first, every one accepted), from which it and the gateway derive the key of their HS256 assertions. Replicas share it.",
      accepts: 'a file path',
    },
    undefined,
  ),
  SUBGRAPH_X25519_KEY: text(
    {
      description:
        'The X25519 key material itself, or `none`: no key, the gateway keeps signing with Ed25519. Neither it nor `SUBGRAPH_X25519_KEY_FILE`: a key pair made for this run (replicas would disagree).',
      accepts: 'a PEM key, a JWK / JWK Set, or none',
    },
    undefined,
  ),
  SUBGRAPH_SIGNING_SECRET: text({ description: 'Retired (the old shared HS256 secret): no longer read; a service that finds it says so.' }, undefined),
});

export const SUBGRAPH_TRUST_SECTION: ConfigurationSection = { title: 'Subgraph trust (caller assertions)', readBy: 'every subgraph', variables: subgraphTrustVariables };
