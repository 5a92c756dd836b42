/** The shortest HS256 secret accepted: 32 bytes, the size of the hash (RFC 7518, section 3.2). */
export const MIN_SECRET_BYTES = 32;

/** How an operator makes a good secret; quoted in every error about one. */
export const SECRET_HINT = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`;

/** A secret from the environment as an HS256 key; too short a secret stops the service at start, naming the variable (never the value). */
export function hmacKey(variable: string, value: string): Uint8Array {
  const key = new TextEncoder().encode(value);
  if (key.length < MIN_SECRET_BYTES) {
    throw new Error(`${variable} must be at least ${MIN_SECRET_BYTES} bytes long (HS256); it has ${key.length}. Make one with: ${SECRET_HINT}`);
  }
  return key;
}

/** An environment variable, with an empty value read as unset (compose files pass `${VAR:-}`). */
export function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}
