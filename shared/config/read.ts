import { z } from 'zod';

/** A group of variables read together, with the title docs/configuration.md gives them. */
export interface ConfigurationSection<S extends z.ZodRawShape = z.ZodRawShape> {
  title: string;
  /** Who reads them, in a sentence: the gateway, every subgraph, both. */
  readBy: string;
  variables: z.ZodObject<S>;
}

/** Every problem of a configuration at once: one line per variable refused. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} configuration problems:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** `METRICS must be true or false...; got "maybe"`: a zod issue as an operator reads it. */
const problemOf = (issue: z.core.$ZodIssue): string => `${issue.path.map(String).join('.') || 'the environment'} ${issue.message}`;

/**
 * Reads `variables` from the environment in one pass; when any is refused, throws one
 * ConfigurationError listing every refused variable (not only the first).
 */
export function readConfiguration<S extends z.ZodRawShape>(variables: z.ZodObject<S>, env: NodeJS.ProcessEnv = process.env): z.output<z.ZodObject<S>> {
  const result = variables.safeParse(env);
  if (!result.success) throw new ConfigurationError(result.error.issues.map(problemOf));
  return result.data;
}

/** Runs each reading in turn and throws one ConfigurationError with the problems of all that failed, each named once. */
export function readAll<T extends unknown[]>(...readings: { [K in keyof T]: () => T[K] }): T {
  const problems: string[] = [];
  const values = readings.map((read) => {
    try {
      return read();
    } catch (error) {
      if (error instanceof ConfigurationError) problems.push(...error.problems);
      else problems.push(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  });
  // A variable two readings share (the gateway's own and the common ones) is named once.
  if (problems.length > 0) throw new ConfigurationError([...new Set(problems)]);
  return values as T;
}
