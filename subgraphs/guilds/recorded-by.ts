/** Who recorded a change: the signed-in caller's subject (the mutation's directive has checked the caller). */
export const recorderOf = (caller: { subject?: string }): string => caller.subject ?? 'unknown';
