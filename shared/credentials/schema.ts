import { join } from 'node:path';

/** The credential enums, loaded by every registry subgraph and by the gateway's directory. */
export const CREDENTIAL_VALUE_TYPES = join(__dirname, 'values.graphql');

/** The registry subgraphs' credential schema files: the enums and the catalog types the directory reads. */
export const CREDENTIAL_TYPE_FILES = [CREDENTIAL_VALUE_TYPES, join(__dirname, 'catalog.graphql')];
