import { main } from '../../shared/server/run';
import { guildsSubgraph } from './index';

main(guildsSubgraph);
