import { ANONYMOUS, Caller } from '../../shared/auth/caller';
import { callerIdentity } from '../../gateway/transport';

describe('callerIdentity: who a subgraph call is made for', () => {
  it('is the subject and the sorted scopes, the same for the same caller however often it is asked; anonymous for every unauthenticated one', () => {
    const frozen: Caller = Object.freeze({ authenticated: true, subject: 'analyst', scopes: Object.freeze(['personal:read', 'labs:admin']) as string[] });
    expect(callerIdentity(frozen)).toBe('["analyst",["labs:admin","personal:read"]]');
    expect(callerIdentity(frozen)).toBe(callerIdentity({ authenticated: true, subject: 'analyst', scopes: ['labs:admin', 'personal:read'] }));
    expect([callerIdentity(ANONYMOUS), callerIdentity(undefined), callerIdentity({ authenticated: false, subject: 'x', scopes: ['labs:admin'] })]).toEqual([
      'anonymous',
      'anonymous',
      'anonymous',
    ]);
  });

  it('follows a caller that can still change: its identity is not kept', () => {
    const caller: Caller = { authenticated: true, subject: 'analyst', scopes: ['labs:admin'] };
    expect(callerIdentity(caller)).toBe('["analyst",["labs:admin"]]');
    caller.scopes.push('personal:read');
    expect(callerIdentity(caller)).toBe('["analyst",["labs:admin","personal:read"]]');
  });
});
