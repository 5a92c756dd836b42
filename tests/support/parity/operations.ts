import {
  getNamedType,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isAbstractType,
  isCompositeType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';

/** An operation to send both gateways: its text and variables. */
export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
}

/** mulberry32: a small seeded generator, so that one seed always makes the same operation. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Build {
  schema: GraphQLSchema;
  values: Record<string, unknown[]>;
  next: () => number;
  maxDepth: number;
  variables: { name: string; type: string; value: unknown }[];
  fragments: string[];
  names: number;
}

const chance = (build: Build, p: number) => build.next() < p;
const pick = <T>(build: Build, items: readonly T[]): T => items[Math.floor(build.next() * items.length)]!;
function shuffled<T>(build: Build, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(build.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function variable(build: Build, type: GraphQLInputType | string, value: unknown): string {
  const name = `v${build.variables.length}`;
  build.variables.push({ name, type: String(type), value });
  return `$${name}`;
}

/** A `@skip` or `@include`, sometimes, its condition a literal or a variable. */
function directive(build: Build): string {
  if (!chance(build, 0.15)) return '';
  const kind = chance(build, 0.5) ? 'skip' : 'include';
  const value = chance(build, 0.5);
  const condition = chance(build, 0.5) ? String(value) : variable(build, 'Boolean!', value);
  return ` @${kind}(if: ${condition})`;
}

/** The field's arguments from the world's values; undefined when a required one has none. */
function argumentsOf(build: Build, parent: string, field: GraphQLField<unknown, unknown>): string | undefined {
  const parts: string[] = [];
  for (const argument of field.args) {
    const values = build.values[`${parent}.${field.name}.${argument.name}`];
    const required = isNonNullType(argument.type) && argument.defaultValue === undefined;
    if (!values || values.length === 0) {
      if (required) return undefined;
      continue;
    }
    if (!required && chance(build, 0.4)) continue;
    const value = pick(build, values);
    parts.push(`${argument.name}: ${chance(build, 0.3) ? variable(build, argument.type, value) : JSON.stringify(value)}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/**
 * Selections on `type`. Response names are unique within one object (fragments included), so no two
 * selections conflict: a name already taken gets an alias.
 */
function selections(build: Build, type: GraphQLCompositeType, depth: number, taken: Set<string>): string[] {
  const out: string[] = [];
  const responseName = (name: string) => {
    if (!taken.has(name) && !chance(build, 0.1)) {
      taken.add(name);
      return name;
    }
    const alias = `n${build.names++}`;
    taken.add(alias);
    return `${alias}: ${name}`;
  };
  if (!isUnionType(type)) {
    const fields = shuffled(build, Object.values(type.getFields()));
    const wanted = 1 + Math.floor(build.next() * Math.min(4, fields.length));
    for (const field of fields) {
      if (out.length >= wanted) break;
      const args = argumentsOf(build, type.name, field);
      if (args === undefined) continue;
      const named = getNamedType(field.type);
      if (isCompositeType(named)) {
        if (depth >= build.maxDepth) continue;
        const sub = selections(build, named, depth + 1, new Set());
        out.push(`${responseName(field.name)}${args}${directive(build)} { ${sub.join(' ')} }`);
      } else {
        out.push(`${responseName(field.name)}${args}${directive(build)}`);
      }
    }
  }
  if (chance(build, 0.25) || out.length === 0) out.push(`${responseName('__typename')}${directive(build)}`);
  // No fragments on the root type: they would add root fields past what an operation is allowed (the product's LIMIT_ROOT_FIELDS).
  if (isAbstractType(type) || (depth > 1 && chance(build, 0.2))) {
    const possible = isAbstractType(type) ? build.schema.getPossibleTypes(type) : [type];
    for (const member of shuffled(build, possible)) {
      if (!chance(build, isUnionType(type) ? 0.7 : 0.4)) continue;
      const inner = selections(build, member, depth, taken);
      if (chance(build, 0.3) && isObjectType(member)) {
        const name = `F${build.fragments.length}`;
        build.fragments.push(`fragment ${name} on ${member.name} { ${inner.join(' ')} }`);
        out.push(`...${name}${directive(build)}`);
      } else {
        out.push(`... on ${member.name}${directive(build)} { ${inner.join(' ')} }`);
      }
    }
  }
  return out;
}

/**
 * A query over `schema` (the API schema clients see), made from `seed`: a few root fields with
 * nested selections down to `maxDepth`, arguments from `values`, aliases, `__typename`, inline and
 * named fragments on the possible types of interfaces and unions, and `@skip`/`@include` by literal
 * or variable.
 */
export function generateOperation(schema: GraphQLSchema, values: Record<string, unknown[]>, seed: number, maxDepth = 4): GeneratedOperation {
  const build: Build = { schema, values, next: random(seed), maxDepth, variables: [], fragments: [], names: 0 };
  const root = schema.getQueryType()!;
  const body = selections(build, root, 1, new Set()).join(' ');
  const definitions = build.variables.map((v) => `$${v.name}: ${v.type}`).join(', ');
  const query = [`query Generated${definitions ? `(${definitions})` : ''} { ${body} }`, ...build.fragments].join('\n');
  return { query, variables: Object.fromEntries(build.variables.map((v) => [v.name, v.value])) };
}
