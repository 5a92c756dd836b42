import { MemoryStore } from '../../shared/store/memory-store';
import { describeGraphSuite } from './graph-suite';

// The whole graph with every association on the embedded store.
describeGraphSuite('the embedded store', async () => new MemoryStore());
