import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { readConfiguration, serviceVariables } from '../config';

const tracingVariables = serviceVariables.pick({ OTEL_EXPORTER_OTLP_ENDPOINT: true, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: true, OTEL_SERVICE_NAME: true });

/** A process's tracing, once started: spans are exported in batches; flush before exit. */
export interface Tracing {
  /** Exports the spans ended so far. */
  forceFlush(): Promise<void>;
  /** Exports what is left and stops. */
  shutdown(): Promise<void>;
  /** Where the spans go, when known (for the start-up log line). */
  readonly endpoint?: string;
}

let active: Tracing | undefined;

type Resource = NonNullable<NonNullable<ConstructorParameters<typeof NodeTracerProvider>[0]>['resource']>;

/**
 * The resource naming the service, made by the `@opentelemetry/resources` the tracing SDK itself
 * depends on (2.x; the copy at the top of node_modules is Apollo Gateway's 1.x, whose resources
 * the 2.x SDK cannot read).
 */
function serviceResource(serviceName: string): Resource {
  const resources = createRequire(require.resolve('@opentelemetry/sdk-trace-node'))('@opentelemetry/resources') as {
    defaultResource(): Resource;
    resourceFromAttributes(attributes: Record<string, string>): Resource;
  };
  return resources.defaultResource().merge(resources.resourceFromAttributes({ 'service.name': serviceName }));
}

/**
 * Starts OpenTelemetry tracing for this process (once; later calls return the same): spans go to
 * `exporter`, the W3C `traceparent` is read from requests and sent with them (the provider
 * registers the propagator and an AsyncLocalStorage context). The service is named
 * `options.serviceName` (`OTEL_SERVICE_NAME`), `registries-<service>` when unset.
 */
export function startTracing(service: string, exporter: SpanExporter, options: { serviceName?: string | undefined; endpoint?: string } = {}): Tracing {
  if (active) return active;
  // The SDK is required here, not imported at the top: a process that exports no spans never loads its modules.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const provider = new NodeTracerProvider({
    resource: serviceResource(options.serviceName ?? `registries-${service}`),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })],
    // Every request is traced: a caller's `traceparent` saying "not sampled" does not switch the operator's tracing off.
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler(), remoteParentNotSampled: new AlwaysOnSampler() }),
  });
  provider.register();
  const started: Tracing = {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
      if (active === started) active = undefined;
    },
  };
  active = started;
  return started;
}

/**
 * Tracing when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set:
 * spans exported by OTLP over HTTP (JSON) to `<endpoint>/v1/traces`; else undefined, and the
 * tracing calls in the code are no-ops.
 */
export function startTracingFromEnvironment(service: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  const config = readConfiguration(tracingVariables, env);
  const traces = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!traces && !base) return undefined;
  // The traces endpoint is used as given; the general one gets the signal's path, as the OTLP exporter specification says.
  const url = traces || `${base!.replace(/\/+$/, '')}/v1/traces`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  return startTracing(service, new OTLPTraceExporter({ url }), { serviceName: config.OTEL_SERVICE_NAME, endpoint: traces || base! });
}

const tracer = trace.getTracer('association-registries-http');

/**
 * Runs `handle` inside a server span named `<method> <path>`, continuing the caller's trace when
 * its `traceparent` header carries one (recorded even when it says "not sampled"; its `tracestate`
 * and `baggage` are neither read nor passed on); `handle` returns the HTTP status, recorded on the span.
 * Without tracing started this costs next to nothing (a non-recording span).
 */
export function inServerSpan(method: string, path: string, headers: IncomingHttpHeaders, handle: () => Promise<number>): Promise<number> {
  // The caller's trace id and span only: its `tracestate` and `baggage` (free text, which a client's
  // tracing library may fill with a user id) would otherwise go on to every association's subgraph.
  const parent = propagation.extract(context.active(), headers.traceparent === undefined ? {} : { traceparent: headers.traceparent });
  return tracer.startActiveSpan(`${method} ${path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': path } }, parent, async (span) => {
    try {
      const status = await handle();
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      return status;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds the current trace's `traceparent` (and `tracestate`) to outgoing headers; nothing without tracing. */
export function injectTraceHeaders(set: (name: string, value: string) => void): void {
  propagation.inject(context.active(), undefined, { set: (_carrier, key, value) => set(key, value) });
}
