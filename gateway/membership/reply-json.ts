import type { SubgraphReply } from '../transport';

/** A JSON object as the screens read and remake registries' answers and representations. */
export type Json = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A registry's reply as a GraphQL answer whose `data` is an object, for a screen to remake: undefined
 * when the reply is not a success, not JSON, or holds no data (the screen then passes it on as it is).
 */
export function answerWithData(reply: SubgraphReply): { answer: Json; data: Json } | undefined {
  if (reply.status < 200 || reply.status > 299) return undefined;
  let answer: unknown;
  try {
    answer = reply.body();
  } catch {
    return undefined;
  }
  return isJsonObject(answer) && isJsonObject(answer['data']) ? { answer, data: answer['data'] } : undefined;
}
