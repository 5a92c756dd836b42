import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  IntrospectionQuery,
  isAbstractType,
  isEnumType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { withIranianCheckDigit } from '../../shared/identity/national-code';
import { findLeaks, Leak, PersonalData } from './personal-data';

/**
 * Walks a gateway's whole API schema as one caller would: introspects it, asks every `Query` field
 * for every leaf it can reach (bounded depth, a type never nested in itself; on a list's first
 * page, its later pages asking for the nodes' own fields), with its required
 * arguments filled from values earlier answers gave and each value of its enum arguments, pages
 * every list to its end through `pageInfo.endCursor`, and tries the error paths (bad cursors, bad
 * sizes, unknown ids, bad codes and days). Every answer, body and headers, is searched for the
 * personal data given (see findLeaks). Fields the caller may not select are learnt from the
 * refusals (`extensions.fields`): the refused request is kept (its error is swept too) and the
 * field left out of the next ones.
 */
export interface SweepSettings {
  url: string;
  personal: PersonalData;
  /** Sent with every request (an `authorization` header for a caller other than anonymous). */
  headers?: Record<string, string>;
  /** How deep selections go below a root field (object levels). */
  depth?: number;
  /** The most pages one list is followed for. */
  maxPages?: number;
}

export interface SweepReport {
  requests: number;
  leaks: (Leak & { request: string })[];
  /** Each root field, and how many of its answers had data for it. */
  answered: Map<string, number>;
  /** Every `endCursor` seen, with the list it came from. */
  cursors: { list: string; cursor: string }[];
  /** The `extensions.code` of every error seen, with how often. */
  errorCodes: Map<string, number>;
  /** The fields refused to the caller, as `Type.field`. */
  refused: Set<string>;
  /** Pages asked for with the `endCursor` of the page before, and those of them that got no page. */
  followed: number;
  followFailures: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Variables = Record<string, unknown>;

/** A field's arguments as GraphQL source, e.g. `(first: 100, orderBy: NAME)`; values are literals. */
function argumentsSource(values: Variables): string {
  const entries = Object.entries(values).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return '';
  return `(${entries.map(([name, value]) => `${name}: ${literal(value)}`).join(', ')})`;
}

/** A GraphQL literal for a value; enum values are marked by wrapping them in `EnumValue`. */
function literal(value: unknown): string {
  if (value instanceof EnumValue) return value.name;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return JSON.stringify(value);
}

class EnumValue {
  constructor(readonly name: string) {}
}

const ALIAS_MARK = '_on_';

export class SchemaSweep {
  private schema!: GraphQLSchema;
  /** Values answers gave, by `Type.field` (aliases folded back to the field name). */
  private readonly seen = new Map<string, Set<string | number>>();
  private readonly report: SweepReport = {
    requests: 0,
    leaks: [],
    answered: new Map(),
    cursors: [],
    errorCodes: new Map(),
    refused: new Set(),
    followed: 0,
    followFailures: [],
  };
  private readonly depth: number;
  private readonly maxPages: number;

  constructor(private readonly settings: SweepSettings) {
    this.depth = settings.depth ?? 3;
    this.maxPages = settings.maxPages ?? 40;
  }

  async run(): Promise<SweepReport> {
    const introspection = await this.send(getIntrospectionQuery(), '__schema');
    this.schema = buildClientSchema(introspection.data as unknown as IntrospectionQuery);
    const rootFields = Object.values(this.schema.getQueryType()!.getFields()).filter((field) => !field.name.startsWith('_'));
    // Fields that need no argument first: their answers give the ids and names the others are asked with.
    const ordered = [...rootFields].sort((a, b) => this.requiredArgs(a).length - this.requiredArgs(b).length);
    for (const field of ordered) {
      this.report.answered.set(field.name, this.report.answered.get(field.name) ?? 0);
      await this.walk(field);
      await this.errorPaths(field);
    }
    return this.report;
  }

  // --- requests -------------------------------------------------------------------------------

  private async send(
    query: string,
    list: string,
    variables: Variables = {},
  ): Promise<{ data?: Record<string, Json> | null; errors?: { message: string; extensions?: Record<string, Json> }[] }> {
    const body = JSON.stringify({ query, variables });
    const response = await fetch(this.settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.settings.headers },
      body,
    });
    const text = await response.text();
    this.report.requests += 1;
    const request = query.length > 300 ? `${query.slice(0, 300)}...` : query;
    const headers = [...response.headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n');
    for (const leak of [...findLeaks(text, this.settings.personal, body, 'body'), ...findLeaks(headers, this.settings.personal, body, 'headers')]) {
      this.report.leaks.push({ ...leak, request });
    }
    const json = JSON.parse(text) as { data?: Record<string, Json> | null; errors?: { message: string; extensions?: Record<string, Json> }[] };
    for (const error of json.errors ?? []) {
      const code = typeof error.extensions?.code === 'string' ? error.extensions.code : '(none)';
      this.report.errorCodes.set(code, (this.report.errorCodes.get(code) ?? 0) + 1);
      const fields = error.extensions?.fields;
      if (Array.isArray(fields)) {
        for (const entry of fields) {
          if (entry && typeof entry === 'object' && !Array.isArray(entry) && typeof entry.field === 'string') this.report.refused.add(entry.field);
        }
      }
    }
    if (json.data) this.remember(json.data, 'Query', list);
    return json;
  }

  /** Keeps every leaf value of an answer under `Type.field`, for later arguments. */
  private remember(value: Json, typeName: string, list: string, field?: string): void {
    if (Array.isArray(value)) {
      for (const item of value) this.remember(item, typeName, list, field);
      return;
    }
    if (value === null) return;
    if (typeof value === 'object') {
      const type = typeof value.__typename === 'string' ? value.__typename : typeName;
      for (const [key, inner] of Object.entries(value)) {
        const name = key.includes(ALIAS_MARK) ? key.slice(0, key.indexOf(ALIAS_MARK)) : key;
        if (name === 'endCursor' && typeof inner === 'string') this.report.cursors.push({ list, cursor: inner });
        this.remember(inner, type, list, name);
      }
      return;
    }
    if (field && (typeof value === 'string' || typeof value === 'number')) {
      const key = `${typeName}.${field}`;
      let values = this.seen.get(key);
      if (!values) this.seen.set(key, (values = new Set()));
      if (values.size < 50) values.add(value);
    }
  }

  /** Values seen for fields called `name` (on any type, or on types whose name holds `typeHint`). */
  private valuesOf(name: string, typeHint?: (type: string) => boolean): (string | number)[] {
    const values: (string | number)[] = [];
    for (const [key, set] of this.seen) {
      const [type, field] = key.split('.') as [string, string];
      if (field === name && (!typeHint || typeHint(type))) values.push(...set);
    }
    return [...new Set(values)];
  }

  // --- arguments ------------------------------------------------------------------------------

  private requiredArgs(field: GraphQLField<unknown, unknown>): GraphQLArgument[] {
    return field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  }

  /** Candidate values for an argument, from what answers gave: ids of the type it names, names for a search... */
  private candidates(arg: GraphQLArgument, owner: GraphQLNamedType): unknown[] {
    const named = getNamedType(arg.type);
    const list = isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type);
    if (isEnumType(named)) {
      const values = named.getValues().map((value) => new EnumValue(value.name));
      if (!list) return values;
      const pairs = values.flatMap((a, i) => values.slice(i + 1).map((b) => [a, b]));
      return [...values.map((value) => [value]), ...pairs, values];
    }
    const take = (values: (string | number)[], count = 3) => values.slice(0, count);
    if (arg.name === 'id') {
      const possible = isAbstractType(owner) ? this.schema.getPossibleTypes(owner).map((t) => t.name) : [owner.name];
      return take(
        this.valuesOf('id', (type) => possible.includes(type)),
        4,
      );
    }
    if (arg.name.endsWith('Id')) {
      const hint = arg.name.slice(0, -2).toLowerCase();
      const byName = this.valuesOf('id', (type) => type.toLowerCase().includes(hint));
      return take(byName.length > 0 ? byName : this.valuesOf('id', (type) => type.endsWith('Organisation')));
    }
    if (arg.name === 'search') return take(this.valuesOf('fullName').concat(this.valuesOf('name')), 2);
    // A caller without personal:read has seen no code: it tries one that passes the check digit.
    if (arg.name === 'nationalCode') return [...take(this.valuesOf('nationalCode')), withIranianCheckDigit('987654321')];
    if (arg.name === 'asOf') return ['1405-08-30'];
    if (arg.name === 'expiringWithinDays') return [365];
    if (named.name === 'Int')
      return take(
        this.valuesOf(arg.name)
          .concat(this.valuesOf('year'))
          .filter((v) => typeof v === 'number'),
        2,
      );
    if (named.name === 'String' || named.name === 'ID') {
      const plural = this.valuesOf(`${arg.name}s`).concat(this.valuesOf(`${arg.name}Code`));
      return take(this.valuesOf(arg.name).concat(plural), 2);
    }
    return [];
  }

  /** The argument sets a root field is asked with: required ones filled, then each optional filter alone. */
  private variantsOf(field: GraphQLField<unknown, unknown>): Variables[] {
    const owner = getNamedType(field.type);
    const base: Variables = {};
    for (const arg of this.requiredArgs(field)) {
      const [first] = this.candidates(arg, owner);
      if (first === undefined) return [];
      base[arg.name] = first;
    }
    if (field.args.some((arg) => arg.name === 'first')) base.first = 100;
    const variants: Variables[] = [base];
    for (const arg of field.args) {
      if (arg.name === 'first' || arg.name === 'after') continue;
      const values = this.candidates(arg, owner);
      const required = arg.name in base;
      for (const value of required ? values.slice(1) : values) variants.push({ ...base, [arg.name]: value });
    }
    return variants;
  }

  // --- selections -----------------------------------------------------------------------------

  /** Arguments for a field below the root: lists at their largest page, required ones from answers. */
  private nestedArguments(field: GraphQLField<unknown, unknown>, owner: GraphQLNamedType): Variables | null {
    const values: Variables = {};
    for (const arg of field.args) {
      if (arg.name === 'first') values.first = 100;
      else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
        const [value] = this.candidates(arg, owner);
        if (value === undefined) return null;
        values[arg.name] = value;
      }
    }
    return values;
  }

  /** Every leaf below `type`, `depth` levels deep at most, no type nested in itself; null when nothing is selectable. */
  selection(type: GraphQLNamedType, depth: number, path: readonly string[]): string | null {
    if (isLeafType(type)) return '';
    const parts = ['__typename'];
    const common = isInterfaceType(type) ? new Set(Object.keys(type.getFields())) : new Set<string>();
    const fieldsOf = (object: GraphQLNamedType, alias: boolean) => {
      if (!isObjectType(object) && !isInterfaceType(object)) return;
      for (const field of Object.values(object.getFields())) {
        // An implementation's fields that its interface has are selected once, on the interface.
        if ((alias && common.has(field.name)) || this.report.refused.has(`${object.name}.${field.name}`)) continue;
        const args = this.nestedArguments(field, getNamedType(field.type));
        if (args === null) continue;
        const named = getNamedType(field.type);
        const name = `${alias ? `${field.name}${ALIAS_MARK}${object.name}: ` : ''}${field.name}${argumentsSource(args)}`;
        if (isLeafType(named)) {
          parts.push(name);
          continue;
        }
        if (depth <= 0 || path.includes(named.name)) continue;
        const inner = this.selection(named, depth - 1, [...path, named.name]);
        if (inner) parts.push(`${name} { ${inner} }`);
      }
    };
    fieldsOf(type, false);
    if (isAbstractType(type)) {
      for (const possible of this.schema.getPossibleTypes(type)) {
        if (path.includes(possible.name)) continue;
        const before = parts.length;
        fieldsOf(possible, true);
        const own = parts.splice(before);
        if (own.length > 0) parts.push(`... on ${possible.name} { ${own.join(' ')} }`);
      }
    }
    if (isUnionType(type) && parts.length === 1) return '__typename';
    return parts.join(' ');
  }

  /** Only where a page ends, and each node's type: to follow a list in small pages. */
  private pageSelection(type: GraphQLNamedType): string {
    return isObjectType(type) && 'pageInfo' in type.getFields() ? '__typename pageInfo { hasNextPage endCursor } nodes { __typename }' : '__typename';
  }

  private isList(field: GraphQLField<unknown, unknown>): boolean {
    const named = getNamedType(field.type);
    return field.args.some((arg) => arg.name === 'after') && isObjectType(named) && 'pageInfo' in named.getFields();
  }

  /**
   * Asks a root field with each argument set (aliased, in one operation) and follows every set's
   * pages to the end, one operation per round for all sets not finished. With `whole`, everything
   * below the field is selected, else only the cursors. Fields the caller is refused are learnt
   * from the refusal, which is swept like any answer, and the round is asked again without them.
   */
  private async pageAll(field: GraphQLField<unknown, unknown>, argumentSets: Variables[], whole: boolean, follow = true): Promise<void> {
    const named = getNamedType(field.type);
    let pending = argumentSets.map((args, index) => ({ alias: `set${index}`, args }));
    for (let round = 0; round < this.maxPages && pending.length > 0; round += 1) {
      let answer: Record<string, Json> | null | undefined;
      let errors: string[] = [];
      for (let attempt = 0; attempt < 10; attempt += 1) {
        // Everything on the first page; the pages after it with the nodes' own fields (bounds the work).
        const inner = whole ? this.selection(named, round === 0 ? this.depth : 1, [named.name]) : this.pageSelection(named);
        if (inner === null) return;
        // `first` and `after` go as variables, so following the pages asks the same document (planned once).
        const paged = this.isList(field);
        const variables: Variables = {};
        const definitions: string[] = [];
        const fields = pending.map(({ alias, args }) => {
          const { first, after, ...rest } = args;
          let source = argumentsSource(rest);
          if (paged) {
            Object.assign(variables, { [`${alias}First`]: first ?? null, [`${alias}After`]: after ?? null });
            definitions.push(`$${alias}First: Int`, `$${alias}After: String`);
            const page = `first: $${alias}First, after: $${alias}After`;
            source = source === '' ? `(${page})` : `${source.slice(0, -1)}, ${page})`;
          }
          return `${alias}: ${field.name}${source}${inner === '' ? '' : ` { ${inner} }`}`;
        });
        const refusedBefore = this.report.refused.size;
        const header = definitions.length > 0 ? `(${definitions.join(', ')})` : '';
        const response = await this.send(`query Sweep${header} { ${fields.join(' ')} }`, field.name, variables);
        answer = response.data;
        errors = (response.errors ?? []).map((error) => error.message);
        if (this.report.refused.size === refusedBefore || this.report.refused.has(`Query.${field.name}`)) break;
      }
      for (const { alias } of pending) {
        const answered = answer?.[alias] !== undefined && answer[alias] !== null;
        if (answered) this.report.answered.set(field.name, (this.report.answered.get(field.name) ?? 0) + 1);
        if (round > 0) {
          this.report.followed += 1;
          if (!answered) this.report.followFailures.push(`${field.name}: ${errors.join('; ')}`);
        }
      }
      if (!follow || !this.isList(field)) return;
      pending = pending.flatMap((set) => {
        const pageInfo = (answer?.[set.alias] as { pageInfo?: { hasNextPage: boolean; endCursor: string | null } } | null | undefined)?.pageInfo;
        return pageInfo?.hasNextPage && pageInfo.endCursor ? [{ ...set, args: { ...set.args, after: pageInfo.endCursor } }] : [];
      });
    }
  }

  /**
   * A root field: its first argument set in pages of 100 (lists), everything selected on the first
   * page and the nodes' own fields on the others; then every set (each filter and order) in pages
   * of 100, and the first in pages of 40, cursors only.
   */
  private async walk(field: GraphQLField<unknown, unknown>): Promise<void> {
    const [whole, ...others] = this.variantsOf(field);
    if (!whole) return;
    await this.pageAll(field, [whole], true);
    const small = this.isList(field) ? [{ ...whole, first: 40 }] : [];
    const sets = [...small, ...others];
    if (sets.length > 0) await this.pageAll(field, sets, false);
  }

  // --- error paths ----------------------------------------------------------------------------

  /** Bad cursors and page sizes, unknown ids, malformed codes and days: each answer is swept. */
  private async errorPaths(field: GraphQLField<unknown, unknown>): Promise<void> {
    const [base] = this.variantsOf(field);
    const args: Variables = base ?? {};
    const tries: Variables[] = [];
    if (this.isList(field)) {
      const own = this.report.cursors.find((c) => c.list === field.name)?.cursor;
      const foreign = this.report.cursors.find((c) => c.list !== field.name)?.cursor;
      const cursors = ['not-a-cursor', Buffer.from('k:labs:lab-0001', 'utf8').toString('base64url')];
      if (own) cursors.push(own.slice(0, Math.floor(own.length / 2)), `${own.slice(0, 10)}${own[10] === 'A' ? 'B' : 'A'}${own.slice(11)}`);
      if (foreign) cursors.push(foreign);
      for (const after of cursors) tries.push({ ...args, first: 3, after });
      tries.push({ ...args, first: 1_000_000 });
    }
    for (const arg of field.args) {
      const named = getNamedType(arg.type);
      if (arg.name === 'nationalCode') {
        for (const code of ['0061234509', '۰۰۶۱۲۳۴۵۰۹', '123']) tries.push({ ...args, nationalCode: code });
      } else if (named.name === 'ID') {
        tries.push({ ...args, [arg.name]: 'labs:no-such-thing' });
      } else if (arg.name === 'asOf') {
        tries.push({ ...args, asOf: '1405-13-40' });
      } else if (arg.name === 'search') {
        tries.push({ ...args, search: 'ن'.repeat(300) });
      } else if (named.name === 'Int' && arg.name !== 'first') {
        tries.push({ ...args, [arg.name]: -1 });
      }
    }
    // One operation each: a non-null list that fails nulls the whole answer, hiding the others' errors.
    for (const tried of tries) await this.pageAll(field, [tried], false, false);
  }
}

/** Sweeps the schema the gateway at `settings.url` serves; see SchemaSweep. */
export function sweepSchema(settings: SweepSettings): Promise<SweepReport> {
  return new SchemaSweep(settings).run();
}
