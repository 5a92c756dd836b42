/** A mistake in how a command was called: reported with the command's usage. */
export class UsageError extends Error {}

/** The exit code of a usage mistake or of any failure to run. */
export const USAGE_EXIT = 2;

/** How long a finished command waits at most for what keeps its process alive (an HTTP client's idle sockets). */
const EXIT_GRACE_MS = 500;

/**
 * Runs a command's `main` and exits with its code once what it wrote to standard output has gone
 * out (a pipe is written asynchronously) and the files being written have landed (tsx writes each
 * module it compiled to its cache in the background: cut off, they are left empty and compiled
 * again by every later run); at the latest EXIT_GRACE_MS after. A thrown error is reported on
 * standard error as `<name>: <message>`, followed by the usage when it is a UsageError, and exits
 * with USAGE_EXIT.
 */
export function runCommand(name: string, usage: string, main: () => number | Promise<number>): void {
  const exitWith = (code: number) =>
    process.stdout.write('', () => {
      process.exitCode = code;
      setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
    });
  Promise.resolve()
    .then(main)
    .then(exitWith, (error: unknown) => {
      console.error(`${name}: ${error instanceof Error ? error.message : String(error)}${error instanceof UsageError ? `\n\n${usage}` : ''}`);
      exitWith(USAGE_EXIT);
    });
}
