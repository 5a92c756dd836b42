import { DocumentNode, getNamedType, GraphQLInputType, GraphQLSchema, isInputObjectType, Kind, TypeInfo, visit, visitWithTypeInfo } from 'graphql';

/**
 * The arguments a person types words into: a search's text, a list's `search`. Identifiers, numbers,
 * enums, dates, provinces and cursors are not that, and answers they select stay worth keeping.
 */
const FREE_TEXT_ARGUMENTS: ReadonlySet<string> = new Set(['search', 'text']);

/** Whether `name`, of `type`, takes free text: itself, or a field of an input object at any depth. */
function takesFreeText(name: string, type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named.name === 'String') return FREE_TEXT_ARGUMENTS.has(name);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => takesFreeText(field.name, field.type, seen));
}

/**
 * Whether the document passes a field free text (a `search` or `text` argument, as a literal or a
 * variable, alone or in an input object): what a person typed. The response cache keeps no answer
 * of such an operation: a hit answers sooner than a miss, and with an `age`, so keeping one told an
 * anonymous caller that another had just searched for the same words (audit, 2026-12-07).
 */
export function passesText(schema: GraphQLSchema, document: DocumentNode): boolean {
  // Apollo Server hands the same parsed document for the same text: worked out once per document and schema.
  const known = answers.get(document);
  if (known?.schema === schema) return known.passes;
  const passes = findText(schema, document);
  answers.set(document, { schema, passes });
  return passes;
}

const answers = new WeakMap<DocumentNode, { schema: GraphQLSchema; passes: boolean }>();

function findText(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.ARGUMENT]: () => {
        const argument = typeInfo.getArgument();
        if (argument && typeInfo.getDirective() === null && takesFreeText(argument.name, argument.type)) found = true;
      },
    }),
  );
  return found;
}
