import { main } from '../../shared/server/run';
import { engineeringSubgraph } from './index';

main(engineeringSubgraph);
