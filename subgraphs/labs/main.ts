import { main } from '../../shared/server/run';
import { labsSubgraph } from './index';

main(labsSubgraph);
