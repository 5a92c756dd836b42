import { flag as flagVariable, readConfiguration, wholeNumber } from '../config';
import { z } from 'zod';

/** A limit from the environment: a whole number from 1 up (`1_000` allowed), or `fallback` when unset or empty. */
export function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return readConfiguration(z.object({ [name]: wholeNumber({ min: 1, description: name }, fallback) }), env)[name]!;
}

/** A switch from the environment: true/1/yes/on or false/0/no/off (shared/config's one reading), or `fallback` when unset or empty. */
export function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  return readConfiguration(z.object({ [name]: flagVariable(fallback, name) }), env)[name]!;
}
