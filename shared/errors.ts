import { GraphQLError } from 'graphql';
import { message, Message, messageExtensions, MessageParams } from './messages/catalog';

/** One thing wrong with a caller's input: which field, and what a person should change. */
export interface InputProblem {
  field: string;
  problem: string;
  /** Where the problem is in the message catalogs (shared/messages): the gateway words it in the caller's language. */
  messageId?: string;
  params?: MessageParams;
}

/** A problem with `field`: plain English text, or a catalog message the gateway can localize. */
export const inputProblem = (field: string, problem: string | Message): InputProblem =>
  typeof problem === 'string' ? { field, problem } : { field, problem: problem.text, ...messageExtensions(problem) };

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
  const conflict = message('WRITE_CONFLICT', { what });
  return new GraphQLError(conflict.text, { extensions: { code: 'WRITE_CONFLICT', ...messageExtensions(conflict) } });
}

export function badUserInputField(field: string, problem: string | Message): GraphQLError {
  return badUserInput([inputProblem(field, problem)]);
}

/** Collects problems while a whole input is checked, then throws them together. */
export class InputChecker {
  private readonly problems: InputProblem[] = [];

  add(field: string, problem: string | Message): void {
    this.problems.push(inputProblem(field, problem));
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Adds every problem another checker collected. */
  addAll(other: InputChecker): void {
    this.problems.push(...other.problems);
  }

  throwIfAny(): void {
    if (!this.ok) throw badUserInput(this.problems);
  }
}
