import type { ApolloServerPlugin } from '@apollo/server';
import { getVariableValues, GraphQLError, OperationTypeNode } from 'graphql';
import { ANONYMOUS, Caller, hasScope, PERSONAL_READ_SCOPE } from '../../shared/auth/caller';
import { satisfies } from '../../shared/auth/requirements';
import { badUserInput } from '../../shared/errors';
import { RegistryKey, registryKeyOfId } from '../../shared/registry/keys';
import { GatewayContext, GuardedFields } from '../auth';
import { collectReferences } from './collect-references';
import { ReferenceSchema } from './reference-fields';
import { ReferenceLookup } from './reference-lookup';
import { referenceProblems } from './reference-problems';

export interface ReferenceCheckOptions {
  /** The inputs the current supergraph marks `@reference`, and which subgraph serves each mutation (see currentReferenceSchema). */
  schema: () => ReferenceSchema;
  /** The guarded fields an operation selects: a caller the authorization check refuses is left to it. */
  guarded: GuardedFields;
  /** The registries the graph joins now. */
  registries: () => readonly RegistryKey[];
  /** How the records are looked up, for a caller. */
  lookupFor: (caller: Caller) => ReferenceLookup;
}

/** The error again, setting the HTTP status of the refused request. */
const withStatus = (error: GraphQLError, status: number) => new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });

/**
 * Refuses a mutation that names an organisation, a committee or a person no registry of the graph
 * keeps (inputs marked `@reference`: shared/graphql/references.graphql), before it is planned:
 * `BAD_USER_INPUT` naming each such input, nothing written. A registry keeps its own records'
 * integrity; only the gateway sees every registry, so it checks what one registry's change says of
 * another's. National codes are checked only for a caller holding `personal:read` (the answer
 * tells whether a code is anybody's); the mutations that take one need it anyway.
 */
export function referenceCheckPlugin(options: ReferenceCheckOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, contextValue, request }) {
          if (operation?.operation !== OperationTypeNode.MUTATION) return;
          const caller = contextValue.caller ?? ANONYMOUS;
          if (options.guarded(schema, document, operation).some(({ requirement }) => !satisfies(caller, requirement))) return;
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (variables.errors) return;
          const { fields, servedBy } = options.schema();
          // The registry a mutation goes to checks its own records itself, with every other problem of the input.
          const references = collectReferences(schema, document, operation, variables.coerced, fields).filter(
            (reference) => reference.kind === 'PERSON' || registryKeyOfId(reference.value) !== servedBy.get(reference.rootField),
          );
          if (references.length === 0) return;
          const problems = await referenceProblems(references, options.registries(), options.lookupFor(caller), {
            people: hasScope(caller, PERSONAL_READ_SCOPE),
            homeOf: (rootField) => servedBy.get(rootField),
          }).catch((error: unknown) => {
            // A registry that could not answer: 503, as for a query it cannot serve.
            throw error instanceof GraphQLError ? withStatus(error, 503) : error;
          });
          if (problems.length > 0) throw withStatus(badUserInput(problems), 400);
        },
      };
    },
  };
}
