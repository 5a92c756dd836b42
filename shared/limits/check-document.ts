import { DocumentNode, GraphQLSchema } from 'graphql';
import { LimitRefusal, limitRefusals, LimitVariables } from './errors';
import { measureDocument, OperationMeasures } from './measure-document';

/** The limits every document is checked against before validation, at the gateway and in each subgraph. */
export interface DocumentLimits {
  /** The most lexical tokens the parser reads before it gives up (`TOO_MANY_TOKENS`). */
  tokens: number;
  /** The deepest field nesting of an operation, fragments expanded (`QUERY_TOO_DEEP`). */
  depth: number;
  /** The most aliased fields in an operation, fragments expanded (`TOO_MANY_ALIASES`). */
  aliases: number;
  /** The most fields at an operation's top level (`TOO_MANY_ROOT_FIELDS`). */
  rootFields: number;
  /** The largest estimated cost, each field counted once per list item above it (`QUERY_TOO_COSTLY`). */
  cost: number;
  /** `false` refuses `__schema` and `__type` (`INTROSPECTION_DISABLED`). */
  introspection: boolean;
}

/**
 * The limits a document breaks, one refusal per limit (the worst operation's figure), or none;
 * each refusal names the variable that sets its limit (`limitVariables`: a prefix followed by `DEPTH`...,
 * or a name for each limit). A document
 * nested too deeply for the walk itself (only possible with the token limit raised far above its
 * default) is refused as too deep.
 */
export function checkDocument(
  document: DocumentNode,
  schema: GraphQLSchema,
  variables: Record<string, unknown> | undefined,
  settings: DocumentLimits,
  limitVariables: string | LimitVariables,
): LimitRefusal[] {
  const refuse = limitRefusals(limitVariables);
  let measures: OperationMeasures[];
  try {
    measures = measureDocument(document, schema, variables ?? {});
  } catch (error) {
    if (error instanceof RangeError) return [refuse.tooDeepToRead(settings.depth)];
    throw error;
  }
  const refusals: LimitRefusal[] = [];
  const worst = <K extends 'depth' | 'aliases' | 'rootFields' | 'cost'>(key: K) =>
    measures.reduce<OperationMeasures | undefined>((max, m) => (!max || m[key] > max[key] ? m : max), undefined);
  const introspection = measures.find((m) => m.introspection)?.introspection;
  if (introspection && !settings.introspection) refusals.push(refuse.introspectionDisabled(introspection));
  const deepest = worst('depth');
  if (deepest && deepest.depth > settings.depth) refusals.push(refuse.tooDeep(deepest.name, deepest.depth, settings.depth));
  const aliased = worst('aliases');
  if (aliased && aliased.aliases > settings.aliases) refusals.push(refuse.tooManyAliases(aliased.name, aliased.aliases, settings.aliases));
  const widest = worst('rootFields');
  if (widest && widest.rootFields > settings.rootFields) refusals.push(refuse.tooManyRootFields(widest.name, widest.rootFields, settings.rootFields));
  const costliest = worst('cost');
  if (costliest && costliest.cost > settings.cost) refusals.push(refuse.tooCostly(costliest.name, costliest.cost, settings.cost));
  return refusals;
}
