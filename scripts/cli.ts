/** A mistake in how a command was called: reported with the command's usage. */
export class UsageError extends Error {}

/** The exit code of a usage mistake or of any failure to run. */
export const USAGE_EXIT = 2;

/**
 * Runs a command's `main` and exits with its code once what it wrote to standard output has gone
 * out (a pipe is written asynchronously). A thrown error is reported on standard error as
 * `<name>: <message>`, followed by the usage when it is a UsageError, and exits with USAGE_EXIT.
 */
export function runCommand(name: string, usage: string, main: () => number | Promise<number>): void {
  const exitWith = (code: number) => process.stdout.write('', () => process.exit(code));
  Promise.resolve()
    .then(main)
    .then(exitWith, (error: unknown) => {
      console.error(`${name}: ${error instanceof Error ? error.message : String(error)}${error instanceof UsageError ? `\n\n${usage}` : ''}`);
      exitWith(USAGE_EXIT);
    });
}
