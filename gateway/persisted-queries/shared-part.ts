import { GraphQLSchema, parse } from 'graphql';
import { writesText } from '../cache/typed-text';
import { ANONYMOUS_IDENTITY } from '../transport/in-flight-shares';

/**
 * Whether an automatic persisted query's text may be kept in `caller`'s part of the APQ cache. Every
 * anonymous caller shares one part, so a text that writes free text into itself (a `search` or
 * `text` argument given a string in the document rather than a variable: what a person typed,
 * typed-text.ts) is not kept there: kept, its hash told the next anonymous
 * caller that someone had searched for those very words within the last 24 hours, as a response
 * cache hit did before typed-text.ts (audit, 2026-12-07). Such a text is simply run each time it is
 * sent (the client, told PERSISTED_QUERY_NOT_FOUND, sends the text). A text that cannot be read
 * against the schema served (none yet, or it does not parse) is not kept in the shared part either.
 */
export function keptInCallersPart(schema: () => GraphQLSchema | undefined): (caller: string, text: string) => boolean {
  return (caller, text) => {
    if (caller !== ANONYMOUS_IDENTITY) return true;
    const served = schema();
    if (!served) return false;
    try {
      return !writesText(served, parse(text));
    } catch {
      return false;
    }
  };
}
