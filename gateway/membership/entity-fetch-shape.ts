import { FragmentDefinitionNode, Kind, OperationDefinitionNode, parse, SelectionSetNode } from 'graphql';
import { BoundedCache } from '../execution/bounded-cache';

/** One field a fetch selects: its response name and field name. */
export interface SelectedField {
  responseName: string;
  fieldName: string;
}

/** One `_entities` field of a fetch: where its answer is, which variable holds its representations, and what it selects of each screened type. */
export interface EntitiesField {
  /** Its response name (`_entities`, or an alias such as `_e0` where fetches were merged). */
  responseName: string;
  /** The variable its `representations` argument names. */
  variable: string;
  /** The fields it selects on each screened type, in order, by the type's name. */
  selected: Readonly<Record<string, readonly SelectedField[]>>;
}

/** What a subgraph fetch is, as far as the screen needs to know. */
export interface FetchShape {
  operation: 'query' | 'mutation' | 'subscription';
  /** Its `_entities` fields (none for a root fetch). */
  entities: readonly EntitiesField[];
  /** Whether it selects anything at its root besides `_entities` (then it is always sent). */
  selectsMore: boolean;
}

/** The fields `selectionSet` selects on `typeName`, through inline fragments and fragment spreads, each response name once. */
function fieldsOn(
  selectionSet: SelectionSetNode,
  typeName: string,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  into: Map<string, string>,
  seen = new Set<string>(),
): Map<string, string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const responseName = selection.alias?.value ?? selection.name.value;
      if (!into.has(responseName)) into.set(responseName, selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!selection.typeCondition || selection.typeCondition.name.value === typeName) fieldsOn(selection.selectionSet, typeName, fragments, into, seen);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && fragment.typeCondition.name.value === typeName && !seen.has(fragment.name.value)) {
        seen.add(fragment.name.value);
        fieldsOn(fragment.selectionSet, typeName, fragments, into, seen);
      }
    }
  }
  return into;
}

/** The shape of the fetch `query` for entities of `typeNames`; undefined when it is not one the screen can read (one operation, each `_entities` given its representations in a variable, with no directive). */
export function fetchShapeOf(query: string, typeNames: readonly string[]): FetchShape | undefined {
  let document;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return undefined;
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return undefined;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const operation = operations[0]!;
  const entities: EntitiesField[] = [];
  let selectsMore = false;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== '_entities') {
      selectsMore = true;
      continue;
    }
    const argument = selection.arguments?.find((a) => a.name.value === 'representations');
    if (argument?.value.kind !== Kind.VARIABLE || !selection.selectionSet || selection.directives?.length) return undefined;
    const selectionSet = selection.selectionSet;
    const selectedOn = (typeName: string): SelectedField[] =>
      [...fieldsOn(selectionSet, typeName, fragments, new Map())].map(([responseName, fieldName]) => ({ responseName, fieldName }));
    entities.push({
      responseName: selection.alias?.value ?? '_entities',
      variable: argument.value.name.value,
      selected: Object.fromEntries(typeNames.map((typeName) => [typeName, selectedOn(typeName)])),
    });
  }
  return { operation: operation.operation as FetchShape['operation'], entities, selectsMore };
}

/** The shapes of the fetches seen, by query text: the plans' fetches are few and asked again and again. */
export class FetchShapes {
  private readonly shapes = new BoundedCache<string, FetchShape | null>(2_000);

  constructor(private readonly typeNames: readonly string[]) {}

  of(query: string): FetchShape | undefined {
    let shape = this.shapes.get(query);
    if (shape === undefined) this.shapes.set(query, (shape = fetchShapeOf(query, this.typeNames) ?? null));
    return shape ?? undefined;
  }
}
