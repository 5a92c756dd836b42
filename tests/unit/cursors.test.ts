import { createCipheriv, randomBytes } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, graphql, parse } from 'graphql';
import { CursorCodec, listDigest } from '../../shared/graphql/cursor-codec';
import { announceCursorKey, CURSOR_SECRET_VARIABLE, cursorCodecFor, cursorSecret } from '../../shared/graphql/cursor-keys';
import { listOf, sealListCursors } from '../../shared/graphql/list-cursors';
import { nameSortKey } from '../../shared/text/collation';

const SECRET = 'a cursor secret of more than thirty-two bytes, for tests';
const env = { [CURSOR_SECRET_VARIABLE]: SECRET };
const LIST = '["Query.labsMembers",{"orderBy":"NATIONAL_CODE"},null]';

/** The error `run` throws; a GraphQLError, perhaps of a module loaded afresh (so not checked with instanceof). */
function refusal(run: () => unknown): Pick<GraphQLError, 'extensions'> {
  try {
    run();
  } catch (error) {
    if (error && typeof error === 'object' && 'extensions' in error) return error as Pick<GraphQLError, 'extensions'>;
    throw error;
  }
  throw new Error('expected the cursor to be refused');
}

/** A refusal as a client sees it: BAD_USER_INPUT naming `after`, saying what to do. */
const expectRefused = (run: () => unknown, because = /pass pageInfo\.endCursor unchanged/) => {
  const error = refusal(run);
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'after', problem: expect.stringMatching(because) }] });
};

describe('the cursor codec', () => {
  const codec = new CursorCodec(randomBytes(32));

  it('gives back the position it sealed, for any text', () => {
    for (const position of ['0061234508', 'آزمایشگاه\u200cها\u0000#0061234508', 'labs:lab-0001', 'x'.repeat(300), '']) {
      expect(codec.open(LIST, codec.seal(LIST, position))).toBe(position);
    }
  });

  it('hands out tokens that show nothing of the position, differ every time, and stay small', () => {
    const one = codec.seal(LIST, '0061234508');
    const two = codec.seal(LIST, '0061234508');
    expect(one).not.toBe(two);
    for (const cursor of [one, two]) {
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      for (const encoding of ['base64url', 'hex'] as const) expect(Buffer.from(cursor, encoding).toString('latin1')).not.toContain('0061234508');
      expect(cursor.length).toBeLessThanOrEqual(80);
    }
  });

  it('seals every national code to a cursor of one length, whatever the code (a Moroccan CNIE is shorter than an Iranian code)', () => {
    const lengths = new Set(['0061234508', 'BE123456', 'K12345', 'AB1234567', ''].map((code) => codec.seal(LIST, code).length));
    expect([...lengths]).toHaveLength(1);
  });

  it("seals a name order's position to one length whatever the code after the name, for every length of name", () => {
    for (let letters = 1; letters <= 40; letters += 1) {
      const key = nameSortKey('B'.repeat(letters), '');
      const positions = ['0061234508', 'BE123456', 'K12345', 'AB1234567', 'A1'].map((code) => key + code);
      const lengths = new Set(positions.map((position) => codec.seal(LIST, position).length));
      expect({ letters, lengths: [...lengths] }).toEqual({ letters, lengths: [[...lengths][0]] });
      for (const position of positions) expect(codec.open(LIST, codec.seal(LIST, position))).toBe(position);
    }
  });

  it('still opens the unpadded cursors it handed out before (version 1), so a page read across an upgrade goes on', () => {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const header = Buffer.concat([Buffer.of(1), nonce]);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(header);
    const sealed = Buffer.concat([cipher.update(Buffer.concat([listDigest(LIST), Buffer.from('0061234508', 'utf8')])), cipher.final()]);
    const before = Buffer.concat([header, sealed, cipher.getAuthTag()]).toString('base64url');
    expect(new CursorCodec(key).open(LIST, before)).toBe('0061234508');
  });

  it('refuses a cursor with any byte changed', () => {
    const bytes = Buffer.from(codec.seal(LIST, '0061234508'), 'base64url');
    for (let index = 0; index < bytes.length; index += 1) {
      const edited = Buffer.from(bytes);
      edited[index] = edited[index]! ^ 0x01;
      expectRefused(() => codec.open(LIST, edited.toString('base64url')));
    }
  });

  it('refuses a cursor cut short at any length, or with anything added', () => {
    const cursor = codec.seal(LIST, '0061234508');
    for (let length = 0; length < cursor.length; length += 1) expectRefused(() => codec.open(LIST, cursor.slice(0, length)));
    for (const longer of [`${cursor}A`, `${cursor}AAAA`, `${cursor}=`, `${cursor}.`, ` ${cursor}`, cursor.replace(/-/g, '+')]) {
      if (longer !== cursor) expectRefused(() => codec.open(LIST, longer));
    }
  });

  it('refuses a cursor sealed under another key', () => {
    const other = new CursorCodec(randomBytes(32));
    expectRefused(() => codec.open(LIST, other.seal(LIST, '0061234508')));
  });

  it('refuses a cursor of another list, saying so', () => {
    const byName = '["Query.labsMembers",{"orderBy":"NAME"},null]';
    expectRefused(() => codec.open(byName, codec.seal(LIST, '0061234508')), /cursor of another list.*arguments of the page it came from/);
  });

  it('refuses the cursors of the older format, forged ones and junk, never reading them as a key', () => {
    for (const cursor of [Buffer.from('k:0061234508').toString('base64url'), Buffer.from('k:name:x#0061234508').toString('base64url'), 'not-a-cursor', 'A'.repeat(5_000), '%%%%']) {
      expectRefused(() => codec.open(LIST, cursor));
    }
  });

  it('takes only a 32-byte key', () => {
    expect(() => new CursorCodec(randomBytes(16))).toThrow('32 bytes');
  });
});

describe('cursor keys', () => {
  it('derive one key per service from CURSOR_SECRET: each opens only its own cursors', () => {
    const labs = cursorCodecFor('labs', env);
    const cursor = labs.seal(LIST, '0061234508');
    expect(cursorCodecFor('labs', env).open(LIST, cursor)).toBe('0061234508');
    for (const service of ['auditors', 'gateway']) expectRefused(() => cursorCodecFor(service, env).open(LIST, cursor));
  });

  it('let replicas with the same secret open each other’s cursors, and no one with another', () => {
    const cursor = cursorCodecFor('labs', env).seal(LIST, '0061234508');
    // Another process: the module loaded afresh, with nothing cached and its own random fallback secret.
    let replica: typeof cursorCodecFor = cursorCodecFor;
    jest.isolateModules(() => {
      replica = jest.requireActual<{ cursorCodecFor: typeof cursorCodecFor }>('../../shared/graphql/cursor-keys').cursorCodecFor;
    });
    expect(replica).not.toBe(cursorCodecFor);
    expect(replica('labs', env).open(LIST, cursor)).toBe('0061234508');
    expectRefused(() => replica('labs', {}).open(LIST, cursorCodecFor('labs', {}).seal(LIST, '0061234508')));
    expectRefused(() => cursorCodecFor('labs', { [CURSOR_SECRET_VARIABLE]: `${SECRET}, rotated` }).open(LIST, cursor));
  });

  it('use a random secret for the process when CURSOR_SECRET is unset, the same for every service of it', () => {
    const unset = cursorSecret({});
    expect(unset).toMatchObject({ configured: false });
    expect(unset.secret).toHaveLength(32);
    expect(cursorSecret({}).secret.equals(unset.secret)).toBe(true);
    const cursor = cursorCodecFor('gateway', {}).seal(LIST, 'p');
    expect(cursorCodecFor('gateway', {}).open(LIST, cursor)).toBe('p');
    expectRefused(() => cursorCodecFor('gateway', env).open(LIST, cursor));
  });

  it('refuse a CURSOR_SECRET shorter than 32 bytes, naming the variable', () => {
    expect(() => cursorSecret({ [CURSOR_SECRET_VARIABLE]: 'short' })).toThrow(/CURSOR_SECRET must be 32 bytes or more.*it has 5/);
    expect(() => announceCursorKey('labs', { warn: () => undefined }, { [CURSOR_SECRET_VARIABLE]: 'short' })).toThrow(/CURSOR_SECRET/);
  });

  it('say at start, once, when CURSOR_SECRET is unset: cursors do not survive a restart and replicas must share it', () => {
    const lines: string[] = [];
    announceCursorKey('labs', { warn: (line) => lines.push(line) }, {});
    expect(lines).toEqual([expect.stringMatching(/CURSOR_SECRET is not set.*stop working when it restarts.*the same for every replica of labs/)]);
    announceCursorKey('labs', { warn: (line) => lines.push(line) }, env);
    expect(lines).toHaveLength(1);
  });
});

describe('sealing a schema’s lists', () => {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@inaccessible"])
    type Query {
      people(first: Int, after: String, orderBy: String): PersonPage!
      unsealed(after: String): PersonPage!
      _codes(after: String): [String!]! @inaccessible
    }
    type PersonPage { pageInfo: PageInfo! nodes: [String!]! }
    type PageInfo { hasNextPage: Boolean! endCursor: String }
  `);
  const codes = ['0000000019', '0012345679', '0023456787', '9876543210'];
  const seen: (string | null)[] = [];
  const people = (_: unknown, args: { first?: number; after?: string | null }) => {
    seen.push(args.after ?? null);
    const rest = codes.filter((code) => !args.after || code > args.after);
    const nodes = rest.slice(0, args.first ?? 2);
    return { nodes, pageInfo: { hasNextPage: rest.length > nodes.length, endCursor: nodes[nodes.length - 1] ?? null } };
  };
  const schema = sealListCursors(
    buildSubgraphSchema({
      typeDefs,
      resolvers: {
        Query: {
          people,
          _codes: (_: unknown, args: { after?: string | null }) => [args.after ?? 'none'],
        },
      },
    }),
    'test-service',
  );
  const run = (source: string, variableValues: Record<string, unknown> = {}) => graphql({ schema, source, variableValues });
  type PageResult = { people: { pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: string[] } };

  it('hands out sealed cursors and gives the resolver the position they hold', async () => {
    const page = '($after: String) { people(first: 2, after: $after, orderBy: "CODE") { pageInfo { hasNextPage endCursor } nodes } }';
    const first = await run(`query${page}`);
    const cursor = (first.data as PageResult).people.pageInfo.endCursor!;
    expect(cursor).not.toContain('0012345679');
    const second = await run(`query${page}`, { after: cursor });
    expect((second.data as PageResult).people.nodes).toEqual(['0023456787', '9876543210']);
    expect(seen.slice(-2)).toEqual([null, '0012345679']);
  });

  it('refuses a cursor of the same field with other arguments, and a forged one, before the resolver runs', async () => {
    const first = await run('{ people(first: 1, orderBy: "CODE") { pageInfo { endCursor } } }');
    const cursor = (first.data as PageResult).people.pageInfo.endCursor!;
    const calls = seen.length;
    for (const [orderBy, after] of [
      ['NAME', cursor],
      ['CODE', Buffer.from('k:0012345679').toString('base64url')],
    ] as const) {
      const answer = await run('query ($after: String, $orderBy: String) { people(after: $after, orderBy: $orderBy) { nodes } }', { after, orderBy });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'after' }] });
    }
    expect(seen).toHaveLength(calls);
  });

  it('names a list by field, arguments but first and after (nulls left out, order ignored) and the parent id below the root', () => {
    const query = schema.getQueryType()!;
    const info = { parentType: query, fieldName: 'people', schema };
    expect(listOf(info, { orderBy: 'NAME', first: 5, after: 'x', search: null })).toBe(listOf(info, { orderBy: 'NAME' }));
    expect(listOf(info, { a: 1, b: 2 })).toBe(listOf(info, { b: 2, a: 1 }));
    expect(listOf(info, { orderBy: 'NAME' })).not.toBe(listOf(info, { orderBy: 'CODE' }));
    const below = { parentType: schema.getType('PersonPage') as typeof query, fieldName: 'people', schema };
    expect(listOf(below, {}, { id: 'labs:association' })).not.toBe(listOf(below, {}, { id: 'labs:lab-0001' }));
  });

  it('leaves gateway-only (@inaccessible) fields alone: their `after` is a position sent on purpose', async () => {
    const answer = await run('{ _codes(after: "0012345679") }');
    expect(answer.data).toEqual({ _codes: ['0012345679'] });
  });
});

describe('a list that forgot to seal', () => {
  it('fails instead of handing out its position', async () => {
    const schema = sealListCursors(
      buildSubgraphSchema({
        typeDefs: parse(`
          type Query { page: Page! }
          type Page { pageInfo: PageInfo! }
          type PageInfo { hasNextPage: Boolean! endCursor: String }
        `),
        resolvers: { Query: { page: () => ({ pageInfo: { hasNextPage: true, endCursor: '0012345679' } }) } },
      }),
      'test-service',
    );
    const answer = await graphql({ schema, source: '{ page { pageInfo { endCursor } } }' });
    expect(JSON.stringify(answer)).not.toContain('0012345679');
    expect(answer.errors?.[0]?.message).toMatch(/was not sealed/);
  });
});
