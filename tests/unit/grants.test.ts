import { GraphQLError } from 'graphql';
import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { recordGrant, requireGrant } from '../../shared/auth/grants';

const caller = (...scopes: string[]): Caller => ({ authenticated: true, subject: 'someone', scopes });
const closeFarsElection = {
  registry: 'guilds',
  action: 'closeGuildElection of guilds:election-x',
  records: [{ scope: recordGrant.elections('guilds', 'guilds:fars-union-003'), holder: "the union's election officer" }],
};

function refusal(run: () => void): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('requireGrant: the registry admin or a grant bound to the record', () => {
  it("passes the registry's admin and the record's own grant", () => {
    expect(() => requireGrant(caller('guilds:admin'), closeFarsElection)).not.toThrow();
    expect(() => requireGrant(caller('personal:read', 'guilds:elections:guilds:fars-union-003'), closeFarsElection)).not.toThrow();
  });

  it("refuses another registry's admin, the same grant for another record and a grant of another form, naming the grants that would allow it", () => {
    for (const scopes of [['labs:admin'], ['guilds:elections:guilds:fars-union-001'], ['guilds:programme:guilds:fars-union-003'], []]) {
      const error = refusal(() => requireGrant(caller(...scopes), closeFarsElection));
      expect(error.extensions.code).toBe('FORBIDDEN');
      expect(error.message).toBe(
        `Not allowed: closeGuildElection of guilds:election-x needs guilds:admin, or guilds:elections:guilds:fars-union-003 (the union's election officer); ${scopes.length ? `the token grants ${scopes.join(' ')}` : 'the token grants no scope'}.`,
      );
      expect(error.extensions.grants).toEqual(['guilds:admin', 'guilds:elections:guilds:fars-union-003']);
    }
  });

  it('refuses an anonymous caller as unauthenticated, and a record without grants to all but admin', () => {
    expect(refusal(() => requireGrant(ANONYMOUS, closeFarsElection)).extensions.code).toBe('UNAUTHENTICATED');
    expect(refusal(() => requireGrant({ authenticated: false, scopes: ['guilds:admin'] }, closeFarsElection)).extensions.code).toBe('UNAUTHENTICATED');
    const unknown = { ...closeFarsElection, records: [] };
    expect(refusal(() => requireGrant(caller('guilds:elections:guilds:fars-union-003'), unknown)).message).toMatch(/needs guilds:admin;/);
    expect(() => requireGrant(caller('guilds:admin'), unknown)).not.toThrow();
  });
});
