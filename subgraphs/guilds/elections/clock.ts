/** Where the elections feature reads the current time: injected, so tests can place it before, in or after a window. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
