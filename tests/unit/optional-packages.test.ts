import '../../gateway/gateway';
import '../../shared/server/run-service';

/** Packages only a configured feature needs: Redis (`REDIS_URL`) and the OpenTelemetry SDK and exporter (an OTLP endpoint). */
const OPTIONAL = /\/node_modules\/(@keyv\/redis|@redis\/client|@opentelemetry\/(sdk-trace-base|sdk-trace-node|exporter-trace-otlp-http))\//;

describe('packages of optional features', () => {
  it('are not loaded by a gateway or a subgraph that does not use them (hundreds of modules, about 6 MiB of heap)', () => {
    const loaded = Object.keys(require.cache);
    // The check sees packages at all: the gateway's own are there.
    expect(loaded.some((path) => path.includes('/node_modules/@apollo/gateway/'))).toBe(true);
    expect(loaded.filter((path) => OPTIONAL.test(path))).toEqual([]);
  });
});
