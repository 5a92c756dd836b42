import { remoteAnswerErrors } from '../../gateway/execution/remote-errors';

describe("a remote subgraph's errors", () => {
  it("do not set the client answer's HTTP status (extensions.http), whatever else they say", () => {
    const answer = {
      data: { guildsMembers: { totalCount: 106 } },
      errors: [
        { message: 'Your session ended', extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } },
        { message: 'as another', extensions: { code: 'X', subgraph: 'labs', http: { status: 204 } } },
        { message: 'plain', extensions: { code: 'Y' } },
      ],
    };
    expect(remoteAnswerErrors(answer, 'guilds')).toEqual({
      data: { guildsMembers: { totalCount: 106 } },
      errors: [
        { message: 'Your session ended', extensions: { code: 'UNAUTHENTICATED' } },
        { message: 'as another', extensions: { code: 'X', subgraph: 'guilds' } },
        { message: 'plain', extensions: { code: 'Y' } },
      ],
    });
  });

  it('are the answer itself when none needs changing', () => {
    const answer = { data: null, errors: [{ message: 'plain', extensions: { code: 'Y', subgraph: 'guilds' } }] };
    expect(remoteAnswerErrors(answer, 'guilds')).toBe(answer);
  });
});
