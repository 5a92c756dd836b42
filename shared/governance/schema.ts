import { readFileSync } from 'node:fs';
import { fillRegistryTemplate, RegistryKey } from '../registry/keys';
import { GOVERNANCE_TEMPLATE_FILE } from './schema-files';

/** governance.graphql for one registry: `__Key__` -> `Guilds`, `__key__` -> `guilds`. */
export function governanceTypeDefs(key: RegistryKey): string {
  return fillRegistryTemplate(readFileSync(GOVERNANCE_TEMPLATE_FILE, 'utf8'), key);
}
