import { join } from 'node:path';

/** The registries' part, a template: see governanceTypeDefs. */
export const GOVERNANCE_TEMPLATE_FILE = join(__dirname, 'governance.graphql');
