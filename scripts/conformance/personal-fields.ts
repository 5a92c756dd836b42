import { Kind } from 'graphql';
import { IndexedField, SchemaIndex } from './schema-index';

/** The scope that opens personal data (docs/security.md, "Roles and scopes"). */
export const PERSONAL_SCOPE = 'personal:read';

/**
 * The entity types whose `nationalCode` is their key: the gateway itself reads it to join the
 * registries, and the directory guards it (`Person.nationalCode`, docs/security.md, "Why the
 * national code is checked at the gateway"), so a registry declares it unguarded.
 */
const KEYED_BY_NATIONAL_CODE = new Set(['Person', 'Me']);

/** The type of a person's contact (phone, email, address): personal whatever field holds it. */
const CONTACT_TYPE = 'ContactDetails';

/**
 * A field that holds personal data: a national code by its name, or a contact by its type, itself
 * or as one of the types of the union or interface it returns (`... on ContactDetails { phone }`).
 */
const isPersonalField = (index: SchemaIndex, name: string, field: IndexedField): boolean =>
  /nationalcode$/i.test(name) || [namedType(field.type), ...possibleTypes(index, namedType(field.type))].includes(CONTACT_TYPE);

/** `[ContactDetails!]!` -> `ContactDetails`. */
const namedType = (type: string): string => type.replace(/[[\]!]/g, '');

/** The object types a union (its members) or an interface (the types implementing it) may be; none for another type. */
function possibleTypes(index: SchemaIndex, name: string): string[] {
  const members = index.document.definitions.flatMap((definition) =>
    (definition.kind === Kind.UNION_TYPE_DEFINITION || definition.kind === Kind.UNION_TYPE_EXTENSION) && definition.name.value === name
      ? (definition.types ?? []).map((member) => member.name.value)
      : [],
  );
  const implementers = index.type(name)?.kind === 'interface' ? [...index.types].filter(([, type]) => type.interfaces.includes(name)).map(([implementer]) => implementer) : [];
  return [...members, ...implementers];
}

const isInaccessible = (directives: readonly string[]): boolean => directives.some((directive) => directive.startsWith('@inaccessible'));

/**
 * Whether a field's `@requiresScopes` asks `personal:read` in every alternative it offers (any one
 * alternative is enough to read the field, so each must hold it).
 */
export function requiresPersonalScope(field: IndexedField): boolean {
  const directive = field.directives.find((printed) => printed.startsWith('@requiresScopes'));
  if (!directive) return false;
  const alternatives = [...directive.matchAll(/\[([^[\]]*)\]/g)].map((match) => match[1]!);
  return alternatives.length > 0 && alternatives.every((alternative) => alternative.includes(`"${PERSONAL_SCOPE}"`));
}

/**
 * The types a client can reach through the gateway: from `Query`, `Mutation` and every entity
 * (`@key`: the gateway joins them from other subgraphs' fields), along fields that are not
 * `@inaccessible`, and from a union or an interface to each type it may be. What only the directory reads (`CredentialList.<key>`, `RegistryProjectView.members`)
 * is behind `@inaccessible` and not reached.
 */
function reachableTypes(index: SchemaIndex): Set<string> {
  const roots = [...index.types]
    .filter(([name, type]) => name === 'Query' || name === 'Mutation' || type.directives.some((directive) => directive.startsWith('@key(')))
    .map(([name]) => name);
  const reached = new Set<string>();
  const queue = roots.filter((name) => !isInaccessible(index.type(name)!.directives));
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    // A union or an interface reaches the types it may be: a client selects them with `... on`.
    for (const possible of possibleTypes(index, name)) if (!reached.has(possible)) queue.push(possible);
    for (const field of index.type(name)?.fields.values() ?? []) {
      const target = namedType(field.type);
      if (!isInaccessible(field.directives) && (index.type(target) || possibleTypes(index, target).length > 0) && !reached.has(target)) queue.push(target);
    }
  }
  return reached;
}

/**
 * The personal fields a client could select through the gateway without `personal:read`: each
 * `nationalCode` (but the keys of `Person` and `Me`) and each `ContactDetails` field of a type
 * reached from the graph, not `@inaccessible` and not guarded by `@requiresScopes` asking
 * `personal:read`. The gateway enforces the directives it finds (docs/security.md, "What is enforced
 * where"); a field without one is answered to anyone.
 */
export function unguardedPersonalFields(index: SchemaIndex): string[] {
  const problems: string[] = [];
  for (const typeName of reachableTypes(index)) {
    // An interface's fields cannot carry @requiresScopes (composition refuses it there): its
    // implementations' fields do, each reached and checked here, and the gateway asks them all.
    if (KEYED_BY_NATIONAL_CODE.has(typeName) || index.type(typeName)?.kind === 'interface') continue;
    for (const [fieldName, field] of index.type(typeName)?.fields ?? []) {
      if (isPersonalField(index, fieldName, field) && !isInaccessible(field.directives) && !requiresPersonalScope(field))
        problems.push(`${typeName}.${fieldName} is personal and answered without ${PERSONAL_SCOPE} (@requiresScopes(scopes: [["${PERSONAL_SCOPE}"]]))`);
    }
  }
  return problems;
}
