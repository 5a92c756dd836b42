import { Kind, OperationTypeNode, parse, SelectionSetNode } from 'graphql';

/** A schema request is a few dozen bytes; anything much larger is not one. */
const MAX_SCHEMA_REQUEST_BYTES = 512;

/** Whether a selection set is exactly one plain field `name` (no alias, arguments or directives) for which `inner` holds. */
function isOnly(selectionSet: SelectionSetNode | undefined, name: string, inner: (selection: SelectionSetNode | undefined) => boolean): boolean {
  const [field, ...more] = selectionSet?.selections ?? [];
  return (
    more.length === 0 &&
    field?.kind === Kind.FIELD &&
    field.name.value === name &&
    !field.alias &&
    !field.arguments?.length &&
    !field.directives?.length &&
    inner(field.selectionSet)
  );
}

/**
 * Whether a request body (JSON, as received) asks for the subgraph's schema and nothing else: the
 * federation query `{ _service { sdl } }` (any spacing, optionally named, as rover sends it), with
 * no variables, extensions, aliases or directives. A subgraph answers it without a caller
 * assertion: the SDL is not secret (the repository holds it), and `npm run check` and `npm run
 * compose` ask for it without holding any key.
 */
export function isSchemaQuery(body: Uint8Array | undefined): boolean {
  if (!body || body.length > MAX_SCHEMA_REQUEST_BYTES) return false;
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (!bytes.includes('_service')) return false;
  let request: unknown;
  try {
    request = JSON.parse(bytes.toString('utf8'));
  } catch {
    return false;
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) return false;
  const { query, operationName, variables, ...rest } = request as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof query !== 'string') return false;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Object.keys(variables).length > 0)) return false;
  let document;
  try {
    document = parse(query, { noLocation: true, maxTokens: 32 });
  } catch {
    return false;
  }
  const [operation, ...more] = document.definitions;
  if (more.length > 0 || operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== OperationTypeNode.QUERY) return false;
  if (operation.variableDefinitions?.length || operation.directives?.length) return false;
  if (operationName !== undefined && operationName !== null && operationName !== operation.name?.value) return false;
  return isOnly(operation.selectionSet, '_service', (service) => isOnly(service, 'sdl', (sdl) => sdl === undefined));
}
