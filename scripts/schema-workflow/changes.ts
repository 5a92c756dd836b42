import { Supergraph } from '@apollo/federation-internals';
import {
  BreakingChange,
  DangerousChange,
  findBreakingChanges,
  findDangerousChanges,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
} from 'graphql';

/**
 * The schema clients see: the supergraph without its join and link machinery, and without what
 * any subgraph marks `@inaccessible`.
 */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl, { supportedFeatures: null }).apiSchema().toGraphQLJSSchema();
}

/** One difference between two API schemas: graphql-js's change type and its sentence. */
export interface SchemaChange {
  type: string;
  description: string;
}

export interface SchemaChanges {
  /** Changes that break an operation valid today: removed or renamed types and fields, changed types, tightened nullability, removed enum values... */
  breaking: SchemaChange[];
  /** Changes that may change what a valid operation gets (an added enum value, a changed default...). */
  dangerous: SchemaChange[];
  /** Types, fields and enum values the proposal adds. */
  added: string[];
}

const asChange = (change: BreakingChange | DangerousChange): SchemaChange => ({ type: change.type, description: change.description });

/** Every `Type`, `Type.field` and `Enum.VALUE` of a schema's own types. */
function coordinates(schema: GraphQLSchema): Set<string> {
  const all = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || type.name.startsWith('__')) continue;
    all.add(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.keys(type.getFields())) all.add(`${type.name}.${field}`);
    }
    if (isEnumType(type)) for (const value of type.getValues()) all.add(`${type.name}.${value.name}`);
  }
  return all;
}

/** What changes for clients between the current API schema and the proposed one. */
export function schemaChanges(current: GraphQLSchema, proposed: GraphQLSchema): SchemaChanges {
  const before = coordinates(current);
  return {
    breaking: findBreakingChanges(current, proposed).map(asChange),
    dangerous: findDangerousChanges(current, proposed).map(asChange),
    added: [...coordinates(proposed)].filter((coordinate) => !before.has(coordinate)).sort(),
  };
}
