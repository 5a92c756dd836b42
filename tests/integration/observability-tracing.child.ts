/**
 * The child process of observability-tracing.test.ts: the whole test graph in one process with
 * tracing started from the environment (OTEL_EXPORTER_OTLP_ENDPOINT), as `npm start`'s services
 * do. Prints `{"url": <gateway>}` on one line when ready; on SIGTERM stops, flushes the spans and exits.
 */
import { startTracingFromEnvironment } from '../../shared/server/tracing';
import { startTestGraph } from '../support/graph';

async function main(): Promise<void> {
  const tracing = startTracingFromEnvironment('gateway');
  if (!tracing) throw new Error('OTEL_EXPORTER_OTLP_ENDPOINT is not set');
  const graph = await startTestGraph();
  process.once('SIGTERM', () => {
    graph
      .stop()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
  process.stdout.write(`${JSON.stringify({ url: graph.gatewayUrl })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
