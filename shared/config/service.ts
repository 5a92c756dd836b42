import { z } from 'zod';
import { ConfigurationSection } from './read';
import { choice, secretText, text, url } from './variables';

/** The shortest `CURSOR_SECRET` accepted, in bytes. */
export const MIN_CURSOR_SECRET_BYTES = 32;

const HTTP = ['http:', 'https:'];

/** What every service (the gateway and each subgraph) reads: its log, its traces, its list cursors' key. */
export const serviceVariables = z.object({
  LOG_LEVEL: choice(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    'info',
    'How much the service logs (JSON lines on standard output); `silent` turns logs off, `debug` adds a line per subgraph fetch at the gateway.',
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(HTTP, {
    description: 'An OpenTelemetry collector: spans are exported by OTLP/HTTP to `<endpoint>/v1/traces`. Unset (with the next one unset too): no tracing.',
    accepts: 'an http(s) URL, such as http://collector:4318',
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url(HTTP, {
    description: 'The traces endpoint itself, used as given (in place of `OTEL_EXPORTER_OTLP_ENDPOINT`).',
    accepts: 'an http(s) URL, such as http://collector:4318/v1/traces',
  }),
  OTEL_SERVICE_NAME: text({ description: 'The service name on the spans.', default: 'registries-<service>' }, undefined),
  CURSOR_SECRET: secretText(
    {
      description:
        "The secret each service derives its list cursors' key from (and the subgraphs the key sealing webhook secrets; the gateway, the key naming callers in its shared caches). Unset: a random one per process, so cursors stop working at a restart and replicas cannot open each other's cursors or share cache entries; set the same one on every replica.",
      default: 'a random secret per process',
    },
    MIN_CURSOR_SECRET_BYTES,
    'e.g. `openssl rand -base64 48`',
  ),
});

export const SERVICE_SECTION: ConfigurationSection = { title: 'Every service: logs, traces, cursors', readBy: 'the gateway and every subgraph', variables: serviceVariables };

/** Where a service in a development mode listens unless HOST says otherwise: what it trusts, anyone who reaches it could forge. */
export const LOOPBACK = '127.0.0.1';
