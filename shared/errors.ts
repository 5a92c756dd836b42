import { GraphQLError } from 'graphql';

/** One thing wrong with a caller's input: which field, and what a person should change. */
export interface InputProblem {
  field: string;
  problem: string;
}

/**
 * The error every subgraph raises for input it refuses. It carries every problem found, so a
 * caller fixes them all at once, and it is raised before anything is written.
 */
export function badUserInput(problems: InputProblem[]): GraphQLError {
  const message = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
  return new GraphQLError(`Invalid input. ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', problems },
  });
}

/** A change refused because another request changed the record after this one read it; nothing was written. */
export function writeConflict(what: string): GraphQLError {
  return new GraphQLError(
    `${what} was changed by another request while this change was being made, so nothing was written; read it again and retry.`,
    { extensions: { code: 'WRITE_CONFLICT' } },
  );
}

export function badUserInputField(field: string, problem: string): GraphQLError {
  return badUserInput([{ field, problem }]);
}

/** Collects problems while a whole input is checked, then throws them together. */
export class InputChecker {
  private readonly problems: InputProblem[] = [];

  add(field: string, problem: string): void {
    this.problems.push({ field, problem });
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  throwIfAny(): void {
    if (!this.ok) throw badUserInput(this.problems);
  }
}
