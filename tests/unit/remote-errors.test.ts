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

describe("a remote subgraph's error worded from its message id", () => {
  it('names in its message parameters the registry that sent it, not another', () => {
    const answer = {
      data: null,
      errors: [
        { message: 'The labs subgraph could not be reached', extensions: { code: 'SUBGRAPH_UNAVAILABLE', messageId: 'SUBGRAPH_UNREACHABLE', params: { subgraph: 'labs' } } },
        { message: "The labs registry's database...", extensions: { code: 'DATABASE_UNAVAILABLE', messageId: 'DATABASE_UNREACHABLE', params: { registry: 'labs' } } },
        { message: 'own', extensions: { code: 'DATABASE_UNAVAILABLE', messageId: 'DATABASE_UNREACHABLE', params: { registry: 'guilds' } } },
      ],
    };
    expect(remoteAnswerErrors(answer, 'guilds').errors).toEqual([
      { message: 'The labs subgraph could not be reached', extensions: { code: 'SUBGRAPH_UNAVAILABLE', messageId: 'SUBGRAPH_UNREACHABLE', params: { subgraph: 'guilds' } } },
      { message: "The labs registry's database...", extensions: { code: 'DATABASE_UNAVAILABLE', messageId: 'DATABASE_UNREACHABLE', params: { registry: 'guilds' } } },
      { message: 'own', extensions: { code: 'DATABASE_UNAVAILABLE', messageId: 'DATABASE_UNREACHABLE', params: { registry: 'guilds' } } },
    ]);
  });
});
