import { ArgumentNode, DocumentNode, getNamedType, GraphQLInputType, GraphQLSchema, isInputObjectType, Kind, TypeInfo, visit, visitWithTypeInfo } from 'graphql';

/**
 * The `String` arguments whose value is chosen, not typed: a page's cursor, a day, a province, a
 * country, a field or standard of accreditation, a measure, enum names. Answers they select stay
 * worth keeping. Every other `String` argument is taken as free text (a search's words, a list's
 * `search`, a name): so is one a registry adds later under a name of its own, until it is listed
 * here (tests/unit/typed-text.test.ts lists the graph's arguments of either kind).
 */
export const CHOSEN_TEXT_ARGUMENTS: ReadonlySet<string> = new Set(['after', 'asOf', 'country', 'enums', 'field', 'measure', 'province', 'standard']);

/**
 * The `ID` arguments that may be given what a person typed: `<key>RecordRevisions(recordId:)` takes a
 * member's national code. Every other `ID` argument takes a record's global id, chosen from answers.
 * Until 2026-12-07 an `ID` was never text, so a staff member's `labsRecordRevisions(recordId: "<national
 * code>")` written as a literal was kept as written in their part of the APQ cache for 24 hours (in the
 * Redis the replicas share), as `person(nationalCode: "…")` no longer was (audit of that day).
 * tests/unit/typed-text.test.ts checks that every `ID` argument described as taking a national code is here.
 */
export const TYPED_ID_ARGUMENTS: ReadonlySet<string> = new Set(['recordId']);

/** Whether `name`, of `type`, takes free text: itself, or a field of an input object at any depth. */
function takesFreeText(name: string, type: GraphQLInputType, seen = new Set<string>()): boolean {
  const named = getNamedType(type);
  if (named.name === 'String') return !CHOSEN_TEXT_ARGUMENTS.has(name);
  if (named.name === 'ID') return TYPED_ID_ARGUMENTS.has(name);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => takesFreeText(field.name, field.type, seen));
}

/**
 * Whether the document passes a field free text (a `String` argument not chosen from a set, as a
 * literal or a variable, alone or in an input object: `search`, `text`): what a person typed. The response cache keeps no answer
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

/**
 * Whether an argument's value, as written in the document, holds a string (a variable's does not),
 * or, given to an `ID`, a number: `recordId: 1234567890` is read as the ID "1234567890".
 */
function holdsStringLiteral(node: ArgumentNode, type: GraphQLInputType): boolean {
  let found = false;
  const written = () => void (found = true);
  visit(node.value, getNamedType(type).name === 'ID' ? { [Kind.STRING]: written, [Kind.INT]: written } : { [Kind.STRING]: written });
  return found;
}

function findText(schema: GraphQLSchema, document: DocumentNode, literalOnly = false): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.ARGUMENT]: (node) => {
        const argument = typeInfo.getArgument();
        if (argument && typeInfo.getDirective() === null && takesFreeText(argument.name, argument.type) && (!literalOnly || holdsStringLiteral(node, argument.type))) found = true;
      },
    }),
  );
  return found;
}

/**
 * Whether the document's text itself holds free text: a `String` a free-text argument is given in
 * the document (`search: "سعید تاجیک"`, or in an input object given there), not through a variable,
 * or any string a variable's default gives.
 * What a person typed is then part of the text, and of its hash (persisted-queries/shared-part.ts).
 */
export function writesText(schema: GraphQLSchema, document: DocumentNode): boolean {
  return findText(schema, document, true) || givesStringDefault(document);
}

/**
 * Whether a variable of the document has a default holding a string (`$search: String = "<name>"`),
 * or a number for an `ID` (`$recordId: ID = 1234567890`): what a person typed, written into the text too.
 */
function givesStringDefault(document: DocumentNode): boolean {
  let found = false;
  const written = () => void (found = true);
  visit(document, {
    [Kind.VARIABLE_DEFINITION]: (node) => {
      if (!node.defaultValue) return;
      let named = node.type;
      while (named.kind !== Kind.NAMED_TYPE) named = named.type;
      visit(node.defaultValue, named.name.value === 'ID' ? { [Kind.STRING]: written, [Kind.INT]: written } : { [Kind.STRING]: written });
    },
  });
  return found;
}
