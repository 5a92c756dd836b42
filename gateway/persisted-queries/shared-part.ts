import { GraphQLSchema, parse } from 'graphql';
import { writesText } from '../cache/typed-text';
import { ANONYMOUS_IDENTITY } from '../transport/in-flight-shares';

/**
 * Whether an automatic persisted query's text may be kept in `caller`'s part of the APQ cache. A
 * text that writes free text into itself (a `String` argument other than the chosen ones given a
 * string in the document rather than a variable, or a variable's string default: what a person typed,
 * typed-text.ts) is kept in no caller's part. In the anonymous part, shared by everyone without a
 * token, its hash told the next anonymous caller that someone had searched for those very words
 * within the last 24 hours (audit, 2026-12-07). In a signed-in caller's own part, the text lay as
 * written for 24 hours, in the Redis the replicas share, for whoever reads it: a staff member's
 * `person(nationalCode: "…")` put that national code there in the clear, beside a key that hides
 * even the caller (the response cache keeps no answer of such a caller for the same reason), and
 * kept it there after the person's data was erased (audit, 2026-12-07). Such a text is simply run
 * each time it is sent (the client, told PERSISTED_QUERY_NOT_FOUND, sends the text); passed as a
 * variable, the same value is never kept. A text that cannot be read against the schema served
 * (none yet, or it does not parse) is not kept in the shared part.
 */
export function keptInCallersPart(schema: () => GraphQLSchema | undefined): (caller: string, text: string) => boolean {
  return (caller, text) => {
    const served = schema();
    if (!served) return caller !== ANONYMOUS_IDENTITY;
    try {
      return !writesText(served, parse(text));
    } catch {
      return caller !== ANONYMOUS_IDENTITY;
    }
  };
}
