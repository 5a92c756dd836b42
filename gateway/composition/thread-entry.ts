import { parentPort, workerData } from 'node:worker_threads';
import { composeSupergraph, CompositionError } from '../compose';
import type { CompositionRequest, CompositionReply } from './off-thread';

// A composition thread's whole life: compose what it was given, post the outcome, end.
const { subgraphs, sdls, registries } = workerData as CompositionRequest;
let reply: CompositionReply;
try {
  reply = { composition: composeSupergraph(subgraphs, new Map(sdls), registries) };
} catch (error) {
  reply =
    error instanceof CompositionError
      ? { refused: error.errors.map((e) => ({ message: e.message, extensions: { ...e.extensions } })) }
      : { failed: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(reply);
