import { createHmac } from 'node:crypto';
import { keyFromCursorSecret } from '../graphql/cursor-keys';
import { SearchKind } from './documents';

/**
 * The last part of a hit's `sortKey` (`<rank>|<registry>|<kind>|<position>`), which orders hits of
 * one rank, registry and kind. The directory hands the last hit's `sortKey` of a page to every
 * registry as the next page's `afterKey`, so the position must not be a person's national code:
 * an anonymous caller paging a search for a common name made the gateway send each other registry
 * the codes of people it does not hold, one a page, beside the names the search shows (privacy
 * audit, 2026-12-07). A person's position is a keyed digest of their code (HMAC-SHA256 under a key
 * this registry derives from `CURSOR_SECRET`, so another registry cannot test guessed codes
 * against it); an organisation's, project's, meeting's or resolution's is its global id, public.
 */
export function searchPosition(registry: string, kind: SearchKind, ref: string, env: NodeJS.ProcessEnv = process.env): string {
  if (kind !== 'PERSON') return ref;
  const key = keyFromCursorSecret('association-registries-graph search positions v1', `people of ${registry}`, env);
  // 128 bits, base64url (no `|`): unique among a registry's people, and ordered as text like the rest of the key.
  return createHmac('sha256', key).update(ref).digest('base64url').slice(0, 22);
}
