import { main } from '../../shared/server/run';
import { auditorsSubgraph } from './index';

main(auditorsSubgraph);
