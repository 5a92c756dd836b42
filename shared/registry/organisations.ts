import { Caller } from '../auth/caller';
import { badUserInputField, InputChecker } from '../errors';
import { checkNewId } from '../governance/checks';
import { ResolverMap } from '../graphql/merge-resolvers';
import { enteredBy } from '../provenance/provenance';
import { ownsId, RegistryKey, typePrefixOf } from './keys';
import { nameSortKey } from '../text/collation';
import { calendarDateOf, instantOfIsoDate } from '../text/calendar';
import { searchKey } from '../text/normalize';
import { checkDate, checkOptionalText, checkText } from '../validation';
import { OrganisationChangeRecord, OrganisationDocument } from './documents';
import { isOpenOrganisation } from './open-organisation';
import { ORGANISATION_EVENTS, organisationEvent } from './organisation-events';
import { OrganisationKindRules, placementProblem } from './organisation-kinds';
import { RegistryContext } from './context';

export type OrganisationContext = RegistryContext & { caller?: Caller };

interface CreateOrganisationInput {
  id: string;
  name: string;
  kind: string;
  parentId?: string | null;
  city?: string | null;
  province?: string | null;
}

interface RenameOrganisationInput {
  id: string;
  name: string;
}

interface MoveOrganisationInput {
  id: string;
  parentId?: string | null;
}

interface CloseOrganisationInput {
  id: string;
  closedOn: string;
  reason: string;
}

const NAME = { min: 2, max: 200 };
/** How far up a chain of parents a move looks for the organisation itself; deeper chains are refused. */
const MAX_DEPTH = 20;
/** How many open organisations under one a refused close names. */
const NAMED_CHILDREN = 5;

/** A change to append to an organisation's history: now, by the caller's token subject. */
function change(ctx: OrganisationContext, record: Omit<OrganisationChangeRecord, 'at' | 'by'>): OrganisationChangeRecord {
  const by = ctx.caller?.subject;
  return { at: new Date(), ...(by ? { by } : {}), ...record };
}

/** An organisation of this registry that exists, for a change to it; BAD_USER_INPUT naming `field` when there is none. */
async function existingOrganisation(key: RegistryKey, ctx: OrganisationContext, field: string, id: string): Promise<OrganisationDocument> {
  const organisation = ownsId(key, id) && id.length <= 300 ? await ctx.loaders.organisation.load(id) : null;
  if (!organisation) throw badUserInputField(field, `no organisation "${id}" in the ${key} registry (ids start with "${key}:")`);
  return organisation;
}

/**
 * The parent an organisation of `kind` is to stand under (null: the top), checked: it exists in
 * this registry, is open, and is of a kind that may hold `kind`. Problems go to `checker`.
 */
async function checkParent(
  key: RegistryKey,
  rules: OrganisationKindRules | undefined,
  ctx: OrganisationContext,
  checker: InputChecker,
  kind: string,
  parentId: string | null | undefined,
): Promise<OrganisationDocument | null> {
  if (!parentId) {
    const problem = placementProblem(rules, kind, null);
    if (problem) checker.add('parentId', problem);
    return null;
  }
  const parent = ownsId(key, parentId) && parentId.length <= 300 ? await ctx.loaders.organisation.load(parentId) : null;
  if (!parent) {
    checker.add('parentId', `no organisation "${parentId}" in the ${key} registry (a parent is of the same registry; ids start with "${key}:")`);
    return null;
  }
  if (!isOpenOrganisation(parent)) checker.add('parentId', `"${parentId}" was closed; choose an open parent`);
  const problem = placementProblem(rules, kind, parent.kind);
  if (problem) checker.add('parentId', problem);
  return parent;
}

/** Refuses `name` when another open organisation under the same parent (or at the top) reads the same (any spelling: `searchKey`). */
async function checkNameFree(ctx: OrganisationContext, checker: InputChecker, field: string, name: string, parentId: string | null, self?: string): Promise<void> {
  const named = await ctx.repository.organisationsNamed(searchKey(name), parentId);
  const clash = named.find((other) => other._id !== self && isOpenOrganisation(other));
  if (clash) checker.add(field, `"${clash._id}" ${parentId ? `under "${parentId}"` : 'at the top'} is already named «${clash.name}»; choose another name`);
}

/** Whether `candidate` is `id` or stands (at any depth) under it. */
async function isWithin(ctx: OrganisationContext, candidate: OrganisationDocument, id: string): Promise<boolean> {
  let current: OrganisationDocument | null = candidate;
  for (let depth = 0; current && depth < MAX_DEPTH; depth += 1) {
    if (current._id === id) return true;
    current = current.parentId ? await ctx.loaders.organisation.load(current.parentId) : null;
  }
  return current !== null;
}

function refresh(ctx: OrganisationContext, ...organisations: (OrganisationDocument | null | undefined)[]): void {
  for (const organisation of organisations) if (organisation) ctx.loaders.organisation.clear(organisation._id);
}

export async function createOrganisation(key: RegistryKey, rules: OrganisationKindRules | undefined, input: CreateOrganisationInput, ctx: OrganisationContext) {
  const checker = new InputChecker();
  const id = checkNewId(checker, 'id', key, input.id);
  const name = checkText(checker, 'name', input.name, NAME);
  const city = checkOptionalText(checker, 'city', input.city, { max: 120 });
  const province = checkOptionalText(checker, 'province', input.province, { max: 120 });
  const parent = await checkParent(key, rules, ctx, checker, input.kind, input.parentId);
  if (id && (await ctx.loaders.organisation.load(id))) checker.add('id', `"${id}" is already taken in this registry`);
  if (name) await checkNameFree(ctx, checker, 'name', name, input.parentId ?? null);
  checker.throwIfAny();
  const organisation: OrganisationDocument = {
    _id: id!,
    name: name!,
    nameKey: searchKey(name!),
    sortKey: nameSortKey(name!, id!),
    kind: input.kind,
    ...(city ? { city } : {}),
    ...(province ? { province } : {}),
    ...(parent ? { parentId: parent._id } : {}),
    status: 'OPEN',
    provenance: enteredBy(ctx.caller),
    history: [change(ctx, { change: 'CREATED', after: name! })],
  };
  await ctx.repository.writeOrganisation({ next: organisation, guards: parent ? [parent] : [] }, [organisationEvent(ORGANISATION_EVENTS.created, organisation)]);
  refresh(ctx, organisation, parent);
  return organisation;
}

export async function renameOrganisation(key: RegistryKey, input: RenameOrganisationInput, ctx: OrganisationContext) {
  const organisation = await existingOrganisation(key, ctx, 'id', input.id);
  const checker = new InputChecker();
  const name = checkText(checker, 'name', input.name, NAME);
  if (!isOpenOrganisation(organisation)) checker.add('id', `"${organisation._id}" was closed; a closed organisation keeps its name`);
  else if (name === organisation.name) checker.add('name', `"${organisation._id}" is already named «${name}»`);
  else if (name) await checkNameFree(ctx, checker, 'name', name, organisation.parentId ?? null, organisation._id);
  checker.throwIfAny();
  const next: OrganisationDocument = {
    ...organisation,
    name: name!,
    nameKey: searchKey(name!),
    sortKey: nameSortKey(name!, organisation._id),
    history: [...(organisation.history ?? []), change(ctx, { change: 'RENAMED', before: organisation.name, after: name! })],
  };
  await ctx.repository.writeOrganisation({ previous: organisation, next }, [organisationEvent(ORGANISATION_EVENTS.renamed, next, { previousName: organisation.name })]);
  refresh(ctx, next);
  return next;
}

export async function moveOrganisation(key: RegistryKey, rules: OrganisationKindRules | undefined, input: MoveOrganisationInput, ctx: OrganisationContext) {
  const organisation = await existingOrganisation(key, ctx, 'id', input.id);
  const checker = new InputChecker();
  const parentId = input.parentId ?? null;
  if (!isOpenOrganisation(organisation)) checker.add('id', `"${organisation._id}" was closed; a closed organisation stays where it was`);
  else if (parentId === (organisation.parentId ?? null))
    checker.add('parentId', parentId ? `"${organisation._id}" is under "${parentId}" already` : `"${organisation._id}" is at the top already`);
  checker.throwIfAny();
  const parent = await checkParent(key, rules, ctx, checker, organisation.kind, parentId);
  if (parent && (await isWithin(ctx, parent, organisation._id))) {
    checker.add(
      'parentId',
      `"${parent._id}" is "${organisation._id}" itself or stands under it (or its chain of parents is deeper than ${MAX_DEPTH}); an organisation cannot belong to its own`,
    );
  }
  await checkNameFree(ctx, checker, 'parentId', organisation.name, parentId, organisation._id);
  checker.throwIfAny();
  const { parentId: previousParentId, ...rest } = organisation;
  const next: OrganisationDocument = {
    ...rest,
    ...(parent ? { parentId: parent._id } : {}),
    history: [
      ...(organisation.history ?? []),
      change(ctx, { change: 'MOVED', ...(previousParentId ? { before: previousParentId } : {}), ...(parent ? { after: parent._id } : {}) }),
    ],
  };
  // The registry's own copies of where the organisation stands move with it, in the same write.
  const following = (await ctx.organisationHooks?.moved?.(organisation, next)) ?? [];
  await ctx.repository.writeOrganisation({ previous: organisation, next, guards: parent ? [parent] : [], following }, [
    organisationEvent(ORGANISATION_EVENTS.moved, next, { previousParentId: previousParentId ?? null }),
  ]);
  refresh(ctx, next, parent);
  return next;
}

export async function closeOrganisation(key: RegistryKey, input: CloseOrganisationInput, ctx: OrganisationContext) {
  const organisation = await existingOrganisation(key, ctx, 'id', input.id);
  const checker = new InputChecker();
  const closedOn = checkDate(checker, 'closedOn', input.closedOn);
  const reason = checkText(checker, 'reason', input.reason, { min: 2, max: 500 });
  if (!isOpenOrganisation(organisation)) {
    checker.add('id', `"${organisation._id}" was closed already, on ${organisation.closedOn ? calendarDateOf(organisation.closedOn).iso : 'a day not recorded'}`);
  } else {
    const open = await ctx.repository.openOrganisationsUnder(organisation._id, NAMED_CHILDREN + 1);
    if (open.length > 0) {
      const named = open.slice(0, NAMED_CHILDREN).map((child) => `"${child._id}"`);
      checker.add('id', `"${organisation._id}" still holds open organisations: ${named.join(', ')}${open.length > NAMED_CHILDREN ? ' and more' : ''}; close or move them first`);
    }
  }
  checker.throwIfAny();
  const next: OrganisationDocument = {
    ...organisation,
    status: 'CLOSED',
    closedOn: instantOfIsoDate(closedOn!),
    closingReason: reason!,
    history: [...(organisation.history ?? []), change(ctx, { change: 'CLOSED', note: reason! })],
  };
  await ctx.repository.writeOrganisation({ previous: organisation, next }, [organisationEvent(ORGANISATION_EVENTS.closed, next)]);
  refresh(ctx, next);
  return next;
}

/** An organisation's history as the API shows it (`OrganisationChange`). */
const historyOf = (history: readonly OrganisationChangeRecord[] | undefined) =>
  (history ?? []).map((entry) => ({
    at: new Date(entry.at).toISOString(),
    change: entry.change,
    before: entry.before ?? null,
    after: entry.after ?? null,
    note: entry.note ?? null,
  }));

/**
 * Every registry's organisation management: `create<Key>Organisation`, `rename...`, `move...`,
 * `close...` (their scope checked by the schema's `@requiresScopes`, as every change's), and the
 * fields they add to `<Key>Organisation`. Where a kind may stand comes from the registry's rules.
 */
export function organisationResolvers(key: RegistryKey, rules: OrganisationKindRules | undefined): ResolverMap {
  const prefix = typePrefixOf(key);
  return {
    Mutation: {
      [`create${prefix}Organisation`]: (_: unknown, { input }: { input: CreateOrganisationInput }, ctx: OrganisationContext) => createOrganisation(key, rules, input, ctx),
      [`rename${prefix}Organisation`]: (_: unknown, { input }: { input: RenameOrganisationInput }, ctx: OrganisationContext) => renameOrganisation(key, input, ctx),
      [`move${prefix}Organisation`]: (_: unknown, { input }: { input: MoveOrganisationInput }, ctx: OrganisationContext) => moveOrganisation(key, rules, input, ctx),
      [`close${prefix}Organisation`]: (_: unknown, { input }: { input: CloseOrganisationInput }, ctx: OrganisationContext) => closeOrganisation(key, input, ctx),
    },
    [`${prefix}Organisation`]: {
      parent: (organisation: OrganisationDocument) => (organisation.parentId ? { id: organisation.parentId } : null),
      status: (organisation: OrganisationDocument) => organisation.status ?? 'OPEN',
      closedOn: (organisation: OrganisationDocument) => (organisation.closedOn ? calendarDateOf(organisation.closedOn) : null),
      closingReason: (organisation: OrganisationDocument) => organisation.closingReason ?? null,
      history: (organisation: OrganisationDocument) => historyOf(organisation.history),
    },
  };
}
