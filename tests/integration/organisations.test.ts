import { testToken } from '../support/auth';
import { perAssociationDatabases } from '../support/databases';
import { startTestGraph, TestGraph } from '../support/graph';
import { storesUnderTest } from '../support/stores';

/**
 * Organisations are managed, not only listed (issue #15, item 4): every registry creates, renames,
 * moves and closes its organisations through the gateway, with their history, provenance, events
 * and search entries following, refusals that write nothing, and lists filtered by kind, parent,
 * province and status whose cursors page through the filtered list.
 */

const FARS_CHAMBER = 'guilds:fars-chamber';
const MARKETS_GROUP = 'guilds:metropolitan-markets-group';
const CASABLANCA = 'guilds:casablanca-settat-chamber';

/** Each registry's organisation that may hold another, and the kind it may hold. */
const NESTING = [
  { key: 'labs', parent: 'labs:association', kind: 'LABORATORY' },
  { key: 'auditors', parent: 'auditors:society', kind: 'INSPECTION_BODY' },
  { key: 'engineering', parent: 'engineering:central-council', kind: 'PROVINCIAL_ORGANISATION' },
  { key: 'guilds', parent: FARS_CHAMBER, kind: 'GUILD_UNION' },
] as const;

const prefixOf = (key: string) => key[0]!.toUpperCase() + key.slice(1);
const FIELDS = 'id name kind province status closedOn { iso jalali } closingReason parent { id } history { change before after note } provenance { kind enteredAt enteredBy }';
const create = (key: string) => `mutation C($input: Create${prefixOf(key)}OrganisationInput!) { create${prefixOf(key)}Organisation(input: $input) { ${FIELDS} } }`;
const rename = (key: string) => `mutation R($input: RenameOrganisationInput!) { rename${prefixOf(key)}Organisation(input: $input) { ${FIELDS} } }`;
const move = (key: string) => `mutation M($input: MoveOrganisationInput!) { move${prefixOf(key)}Organisation(input: $input) { ${FIELDS} } }`;
const close = (key: string) => `mutation X($input: CloseOrganisationInput!) { close${prefixOf(key)}Organisation(input: $input) { ${FIELDS} } }`;
const list = (
  key: string,
) => `query L($first: Int, $after: String, $kind: ${prefixOf(key)}OrganisationKind, $parent: ID, $province: String, $status: OrganisationStatus, $search: String) {
  ${key}Organisations(first: $first, after: $after, kind: $kind, parent: $parent, province: $province, status: $status, search: $search) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id ${key} { kind status parent { id } } }
  }
}`;

interface Organisation {
  id: string;
  name: string;
  kind: string;
  province: string | null;
  status: string;
  closedOn: { iso: string; jalali: string } | null;
  closingReason: string | null;
  parent: { id: string } | null;
  history: { change: string; before: string | null; after: string | null; note: string | null }[];
  provenance: { kind: string; enteredAt: string | null; enteredBy: string | null };
}
type Listed = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; [key: string]: unknown }[] };
type Problems = { field: string; problem: string }[];
type Answer = { data?: Record<string, unknown> | null; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] };

for (const candidate of storesUnderTest()) {
  const suite = candidate.open ? describe : describe.skip;
  suite(`organisations created, renamed, moved, closed and filtered, on ${candidate.name}${candidate.skipReason ? ` (skipped: ${candidate.skipReason})` : ''}`, () => {
    let graph: TestGraph;
    const databases = perAssociationDatabases(candidate);
    const admins: Record<string, string> = {};

    const run = async <T>(key: string, query: string, input: Record<string, unknown>): Promise<T> => {
      const { data, errors } = await graph.query<Record<string, T>>(query, { input }, admins[key]);
      expect(errors).toBeUndefined();
      return Object.values(data!)[0]!;
    };
    const problemsOf = (answer: Answer): Problems => {
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      return answer.errors![0]!.extensions!.problems as Problems;
    };
    const listed = async (key: string, variables: Record<string, unknown>): Promise<Listed> => {
      const { data, errors } = await graph.query<Record<string, Listed>>(list(key), variables);
      expect(errors).toBeUndefined();
      return data![`${key}Organisations`]!;
    };
    /** Every node of a filtered list, a page of `first` at a time through its cursors. */
    const allPages = async (key: string, variables: Record<string, unknown>, first: number) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const answer: Listed = await listed(key, { ...variables, first, after });
        ids.push(...answer.nodes.map((node) => node.id));
        if (!answer.pageInfo.hasNextPage) return { ids, totalCount: answer.totalCount };
        after = answer.pageInfo.endCursor;
      }
      throw new Error('more than 50 pages');
    };
    /** What a refused change must leave as it was: the registry's organisations and its outbox. */
    const written = async (key: string) => {
      const store = graph.stores[key as keyof typeof graph.stores];
      return { organisations: await store.collection('organisations').find({}, { sort: { _id: 1 } }), events: await store.collection('_outbox_sequences').count({}) };
    };
    const eventsOf = async (key: string, id: string) => {
      const [counter] = await graph.stores[key as keyof typeof graph.stores].collection<{ _id: string; sequence: number }>('_outbox_sequences').find({ _id: `ORGANISATION|${id}` });
      return counter?.sequence ?? 0;
    };

    beforeAll(async () => {
      graph = await startTestGraph(databases.open);
      for (const { key } of NESTING) admins[key] = await testToken([`${key}:admin`, 'personal:read'], { subject: `${key}-registrar` });
    });
    afterAll(async () => {
      await graph?.stop();
      await databases.dropAll();
    });

    it.each(NESTING)('$key: creates an organisation under its parent, finds it by kind, parent and province, renames, moves and closes it', async ({ key, parent, kind }) => {
      const id = `${key}:managed-1`;
      const before = await listed(key, { kind, parent, first: 100 });
      const created = await run<Organisation>(key, create(key), { id, name: 'سازمان آزمایشی يكم', kind, parentId: parent, city: 'یزد', province: 'یزد' });
      expect(created).toMatchObject({ id, name: 'سازمان آزمایشی يكم', kind, province: 'یزد', status: 'OPEN', closedOn: null, parent: { id: parent } });
      expect(created.history).toEqual([{ change: 'CREATED', before: null, after: 'سازمان آزمایشی يكم', note: null }]);
      expect(created.provenance).toMatchObject({ kind: 'ENTERED', enteredBy: `${key}-registrar` });

      const after = await listed(key, { kind, parent, first: 100 });
      expect(after.totalCount).toBe(before.totalCount + 1);
      expect(after.nodes.map((node) => node.id)).toContain(id);
      expect((await listed(key, { province: 'یزد' })).nodes.map((node) => node.id)).toEqual([id]);

      const renamed = await run<Organisation>(key, rename(key), { id, name: 'سازمان آزمایشی دوم' });
      expect(renamed.history.at(-1)).toEqual({ change: 'RENAMED', before: 'سازمان آزمایشی يكم', after: 'سازمان آزمایشی دوم', note: null });
      // The search index follows the rename: the new name is found, the old one no more.
      const found = await graph.query<{ search: { nodes: { title: string }[] } }>(`{ search(text: "سازمان آزمایشی دوم", first: 5) { nodes { title } } }`);
      expect(found.data!.search.nodes.map((node) => node.title)).toContain('سازمان آزمایشی دوم');
      const old = await graph.query<{ search: { nodes: { title: string }[] } }>(`{ search(text: "سازمان آزمایشی يكم", first: 20) { nodes { title } } }`);
      expect(old.data!.search.nodes.map((node) => node.title)).not.toContain('سازمان آزمایشی يكم');

      if (key !== 'guilds') {
        // Outside the guilds registry, the lower kind may stand at the top too.
        const moved = await run<Organisation>(key, move(key), { id, parentId: null });
        expect(moved.parent).toBeNull();
        expect(moved.history.at(-1)).toMatchObject({ change: 'MOVED', before: parent, after: null });
        expect((await listed(key, { parent, first: 100 })).nodes.map((node) => node.id)).not.toContain(id);
      }

      const closed = await run<Organisation>(key, close(key), { id, closedOn: '1405-01-15', reason: 'ادغام در سازمان دیگر' });
      expect(closed).toMatchObject({ status: 'CLOSED', closedOn: { iso: '2026-04-04', jalali: '1405-01-15' }, closingReason: 'ادغام در سازمان دیگر' });
      expect(closed.history.at(-1)).toMatchObject({ change: 'CLOSED', note: 'ادغام در سازمان دیگر' });
      // Closed, it stays readable: in the list without a status filter, in CLOSED, not in OPEN.
      expect((await listed(key, { province: 'یزد' })).nodes.map((node) => node.id)).toEqual([id]);
      expect((await listed(key, { province: 'یزد', status: 'CLOSED' })).nodes.map((node) => node.id)).toEqual([id]);
      expect((await listed(key, { province: 'یزد', status: 'OPEN' })).totalCount).toBe(0);
      // One event per change, in the same write as the change.
      expect(await eventsOf(key, id)).toBe(key === 'guilds' ? 3 : 4);
    });

    it('keeps the lists as they were for callers that give no filter: every organisation, none left out', async () => {
      for (const { key } of NESTING) {
        const everything = await allPages(key, {}, 100);
        const stored = await graph.stores[key].collection('organisations').count({});
        expect(everything.totalCount).toBe(stored);
        expect(new Set(everything.ids).size).toBe(stored);
      }
    });

    it("pages a filtered list through its cursors: the Fars chamber's open unions, three at a time, are the unions its count says", async () => {
      const filter = { kind: 'GUILD_UNION', parent: FARS_CHAMBER, status: 'OPEN' };
      const { ids, totalCount } = await allPages('guilds', filter, 3);
      expect(totalCount).toBeGreaterThan(3);
      expect(ids).toHaveLength(totalCount);
      expect(new Set(ids).size).toBe(totalCount);
      expect([...ids].sort()).toEqual(ids);
      const unions = (await graph.stores.guilds.collection<{ _id: string; kind: string; parentId?: string; status?: string }>('organisations').find({})).filter(
        (o) => o.kind === 'GUILD_UNION' && o.parentId === FARS_CHAMBER && o.status !== 'CLOSED',
      );
      expect(ids).toEqual(unions.map((o) => o._id).sort());
      // A cursor of the filtered list is refused by the unfiltered one.
      const first = await listed('guilds', { ...filter, first: 3 });
      const other = await graph.query(list('guilds'), { first: 3, after: first.pageInfo.endCursor });
      expect(other.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses, naming each field and writing nothing: unknown parent, wrong kind, missing chamber, a name taken in any spelling, a bad id, a hidden character', async () => {
      const union = (await listed('guilds', { kind: 'GUILD_UNION', parent: FARS_CHAMBER, first: 1 })).nodes[0]!;
      const [stored] = await graph.stores.guilds.collection<{ _id: string; name: string }>('organisations').find({ _id: union.id });
      const sameNameOtherSpelling = stored!.name.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
      // The same name in Arabic presentation forms (U+FB50-U+FEFF): it looks the same on screen.
      const sameNamePresentationForms = stored!.name.replace(/ا/g, '\ufe8d').replace(/ی/g, '\ufbfc').replace(/ه/g, '\ufee9').replace(/ن/g, '\ufee5');
      const before = await written('guilds');
      const attempts: [Record<string, unknown>, string, RegExp][] = [
        [{ id: 'guilds:new-union-a', name: 'اتحادیه صنف تازه', kind: 'GUILD_UNION', parentId: 'guilds:no-such-chamber' }, 'parentId', /no organisation "guilds:no-such-chamber"/],
        [
          { id: 'guilds:new-union-b', name: 'اتحادیه صنف تازه', kind: 'GUILD_UNION', parentId: MARKETS_GROUP },
          'parentId',
          /GUILD_UNION can belong to a CHAMBER_OF_GUILDS, not to a SPECIALISED_GROUP/,
        ],
        [{ id: 'guilds:new-union-c', name: 'اتحادیه صنف تازه', kind: 'GUILD_UNION', parentId: 'labs:association' }, 'parentId', /same registry/],
        [{ id: 'guilds:new-union-d', name: 'اتحادیه صنف تازه', kind: 'GUILD_UNION' }, 'parentId', /must belong to a CHAMBER_OF_GUILDS/],
        [{ id: 'guilds:new-chamber', name: 'اتاق تازه', kind: 'CHAMBER_OF_GUILDS', parentId: CASABLANCA }, 'parentId', /stands at the top/],
        [
          { id: 'guilds:new-union-e', name: sameNameOtherSpelling, kind: 'GUILD_UNION', parentId: FARS_CHAMBER },
          'name',
          new RegExp(`"${union.id}" under "${FARS_CHAMBER}" is already named`),
        ],
        [
          { id: 'guilds:new-union-g', name: sameNamePresentationForms, kind: 'GUILD_UNION', parentId: FARS_CHAMBER },
          'name',
          new RegExp(`"${union.id}" under "${FARS_CHAMBER}" is already named`),
        ],
        [
          { id: 'guilds:new-chamber-b', name: 'غرفة التجارة والصناعة والخدمات لجهة الدار البيضاء سطات', kind: 'CHAMBER_OF_COMMERCE' },
          'name',
          new RegExp(`"${CASABLANCA}" at the top is already named`),
        ],
        [{ id: union.id, name: 'اتحادیه صنف تازه', kind: 'GUILD_UNION', parentId: FARS_CHAMBER }, 'id', /already taken/],
        [{ id: 'labs:new-union', name: 'اتحادیه صنف تازه', kind: 'GUILD_UNION', parentId: FARS_CHAMBER }, 'id', /not a new id of the guilds registry/],
        [{ id: 'guilds:new-union-f', name: 'اتحادیه\u202e صنف', kind: 'GUILD_UNION', parentId: FARS_CHAMBER }, 'name', /U\+202E/],
      ];
      for (const [input, field, problem] of attempts) {
        const problems = problemsOf(await graph.query(create('guilds'), { input }, admins.guilds));
        expect({ input, problems }).toEqual({ input, problems: expect.arrayContaining([expect.objectContaining({ field, problem: expect.stringMatching(problem) })]) });
      }
      // Every problem of one input at once.
      const all = problemsOf(await graph.query(create('guilds'), { input: { id: 'x', name: '', kind: 'GUILD_UNION', parentId: 'guilds:nowhere' } }, admins.guilds));
      expect(all.map((p) => p.field).sort()).toEqual(['id', 'name', 'parentId']);
      const unknown = problemsOf(await graph.query(rename('guilds'), { input: { id: 'guilds:nowhere', name: 'نام تازه' } }, admins.guilds));
      expect(unknown).toEqual([expect.objectContaining({ field: 'id', problem: expect.stringMatching(/no organisation "guilds:nowhere" in the guilds registry/) })]);
      expect(await written('guilds')).toEqual(before);
    });

    it('moves a union to another chamber of guilds, refuses a move under a closed parent, into its own, or to the top where a chamber is required', async () => {
      const second = await run<Organisation>('guilds', create('guilds'), { id: 'guilds:yazd-chamber', name: 'اتاق اصناف یزد', kind: 'CHAMBER_OF_GUILDS', province: 'یزد' });
      const union = await run<Organisation>('guilds', create('guilds'), {
        id: 'guilds:yazd-union-1',
        name: 'اتحادیه صنف نانوایان یزد',
        kind: 'GUILD_UNION',
        parentId: FARS_CHAMBER,
      });
      const moved = await run<Organisation>('guilds', move('guilds'), { id: union.id, parentId: second.id });
      expect(moved).toMatchObject({ parent: { id: second.id }, history: [{ change: 'CREATED' }, { change: 'MOVED', before: FARS_CHAMBER, after: second.id }] });
      expect((await listed('guilds', { parent: second.id })).nodes.map((node) => node.id)).toEqual([union.id]);

      const before = await written('guilds');
      const toTop = problemsOf(await graph.query(move('guilds'), { input: { id: union.id, parentId: null } }, admins.guilds));
      expect(toTop).toEqual([expect.objectContaining({ field: 'parentId', problem: expect.stringMatching(/must belong to a CHAMBER_OF_GUILDS/) })]);
      const intoItself = problemsOf(await graph.query(move('guilds'), { input: { id: second.id, parentId: second.id } }, admins.guilds));
      expect(intoItself.map((p) => p.field)).toContain('parentId');

      // The chamber cannot close while the union is open under it: the message names the union.
      const refusedClose = problemsOf(await graph.query(close('guilds'), { input: { id: second.id, closedOn: '2026-03-01', reason: 'ادغام' } }, admins.guilds));
      expect(refusedClose).toEqual([expect.objectContaining({ field: 'id', problem: expect.stringContaining(`"${union.id}"`) })]);
      expect(await written('guilds')).toEqual(before);

      await run('guilds', move('guilds'), { id: union.id, parentId: FARS_CHAMBER });
      await run('guilds', close('guilds'), { id: second.id, closedOn: '2026-03-01', reason: 'ادغام در اتاق استان' });
      const underClosed = problemsOf(await graph.query(move('guilds'), { input: { id: union.id, parentId: second.id } }, admins.guilds));
      expect(underClosed).toEqual([expect.objectContaining({ field: 'parentId', problem: expect.stringMatching(/was closed/) })]);
      const createUnderClosed = problemsOf(
        await graph.query(create('guilds'), { input: { id: 'guilds:yazd-union-2', name: 'اتحادیه صنف قنادان یزد', kind: 'GUILD_UNION', parentId: second.id } }, admins.guilds),
      );
      expect(createUnderClosed).toEqual([expect.objectContaining({ field: 'parentId', problem: expect.stringMatching(/was closed/) })]);
      const renameClosed = problemsOf(await graph.query(rename('guilds'), { input: { id: second.id, name: 'اتاق دیگر' } }, admins.guilds));
      expect(renameClosed).toEqual([expect.objectContaining({ field: 'id', problem: expect.stringMatching(/was closed/) })]);
      const closeAgain = problemsOf(await graph.query(close('guilds'), { input: { id: second.id, closedOn: '2026-03-02', reason: 'دوباره' } }, admins.guilds));
      expect(closeAgain).toEqual([expect.objectContaining({ field: 'id', problem: expect.stringMatching(/closed already, on 2026-03-01/) })]);
    });

    it("needs the registry's admin scope: anonymous callers and another registry's administrators are refused", async () => {
      const input = { id: 'guilds:not-written', name: 'اتاق نانوشته', kind: 'CHAMBER_OF_GUILDS' };
      const anonymous = await graph.query(create('guilds'), { input });
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const otherAdmin = await graph.query(create('guilds'), { input }, admins.labs);
      expect(otherAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await graph.stores.guilds.collection('organisations').count({ _id: 'guilds:not-written' })).toBe(0);
    });
  });
}
