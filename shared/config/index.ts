export { ConfigurationError, readAll, readConfiguration } from './read';
export type { ConfigurationSection } from './read';
export { choice, describeRange, flag, parseFlag, parseWholeNumber, port, present, secretText, text, url, variable, wholeNumber } from './variables';
export { Refusal } from './variables';
export type { Variable, VariableDoc } from './variables';
export { LOOPBACK, MIN_CURSOR_SECRET_BYTES, SERVICE_SECTION, serviceVariables } from './service';
export { SUBGRAPH_LIMITS_SECTION, subgraphLimitVariables } from './limits';
export { SUBGRAPH_TRUST_SECTION, subgraphTrustVariables, trustMode } from './trust';
export { WEBHOOK_SECTION, webhookVariables } from './outbox';
export { SCALE_SIZE_ACCEPTS, scaleSizeOf, SUBGRAPH_SERVER_SECTION, subgraphOwnVariables, subgraphServerVariables } from './subgraph';

import { SUBGRAPH_LIMITS_SECTION } from './limits';
import { WEBHOOK_SECTION } from './outbox';
import { SERVICE_SECTION } from './service';
import { SUBGRAPH_SERVER_SECTION } from './subgraph';
import { SUBGRAPH_TRUST_SECTION } from './trust';

/** The variables every subgraph reads, section by section (docs/configuration.md). */
export const SUBGRAPH_SECTIONS = [SUBGRAPH_SERVER_SECTION, SUBGRAPH_TRUST_SECTION, SUBGRAPH_LIMITS_SECTION, WEBHOOK_SECTION];
/** The variables of every service, gateway and subgraphs alike. */
export const COMMON_SECTIONS = [SERVICE_SECTION];
