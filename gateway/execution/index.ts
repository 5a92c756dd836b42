export { PlanExecutingGateway, capturingDataSources, planExecutingGateway } from './plan-executing-gateway';
export type { ClientFactory, PlanExecutorOptions } from './plan-executing-gateway';
export { productClients } from './clients';
export type { ClientSettings } from './clients';
export { forwardingHeaders } from './forward-headers';
export { stringifyResult } from './serialised-result';
export { answerSharing } from './shareable-answers';
