/** The answer's body as text, refused (and the rest left unread) once it is longer than `maxBytes`. */
export async function readAtMost(response: Response, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
    length += read.value.length;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`its answer is longer than ${maxBytes} bytes`);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A key set's answer is a few keys: a few hundred bytes each. */
export const MAX_KEY_SET_BYTES = 64 * 1024;

/** The answer's body parsed as JSON, refused unread past `maxBytes` (a key set: MAX_KEY_SET_BYTES). */
export async function jsonAtMost(response: Response, maxBytes = MAX_KEY_SET_BYTES): Promise<unknown> {
  return JSON.parse(await readAtMost(response, maxBytes)) as unknown;
}
