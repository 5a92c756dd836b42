import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillRegistryTemplate, RegistryKey } from '../registry/keys';

/** The subscription API's part of every registry's schema, a template. */
export const WEBHOOKS_TEMPLATE_FILE = join(__dirname, 'webhooks.graphql');

/** webhooks.graphql for one registry: `__Key__` -> `Guilds`, `__key__` -> `guilds`. */
export const webhooksTypeDefs = (key: RegistryKey): string => fillRegistryTemplate(readFileSync(WEBHOOKS_TEMPLATE_FILE, 'utf8'), key);
