import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { isLoopback, namesThisMachine } from '../../shared/server/loopback';
import { bearerText } from '../auth/tokens';

/** An answer refusing a scrape: a status and a JSON body in the GraphQL error shape. */
export interface MetricsRefusal {
  status: number;
  body: { errors: { message: string; extensions: { code: string } }[] };
}

const refusal = (status: number, code: string, message: string): MetricsRefusal => ({ status, body: { errors: [{ message, extensions: { code } }] } });
const digest = (text: string) => createHash('sha256').update(text).digest();

export { isLoopback };

/** Headers a proxy or CDN adds: a request bearing one came from wherever the proxy's caller is, though from this machine's address. */
const PROXY_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-server',
  'x-original-forwarded-for',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'via',
] as const;

/** Whether a `Host` header names this machine (`localhost`, `127.x.x.x`, `[::1]`, with or without a port): a proxy that passes its callers' Host on does not. */
function hostNamesThisMachine(host: string | undefined): boolean {
  if (host === undefined) return true;
  return namesThisMachine(host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, ''));
}

/**
 * Why `/metrics` will not answer `request`, or undefined when it may. With `token` (`METRICS_TOKEN`),
 * only a request bearing it; without, only one from this machine that no proxy passed on, since
 * operation names are chosen by clients and say what other callers ask.
 */
export function metricsRefusal(request: Pick<IncomingMessage, 'headers' | 'socket'>, token: string | undefined): MetricsRefusal | undefined {
  if (token !== undefined) {
    const given = bearerText(request.headers.authorization);
    if (given !== undefined && timingSafeEqual(digest(given), digest(token))) return undefined;
    return refusal(
      401,
      'UNAUTHENTICATED',
      '/metrics needs the scraper token: send `Authorization: Bearer <METRICS_TOKEN>` (in Prometheus, `authorization: { credentials: ... }`).',
    );
  }
  const forwarded = PROXY_HEADERS.find((name) => request.headers[name] !== undefined);
  if (forwarded) {
    return refusal(
      403,
      'FORBIDDEN',
      `/metrics came through a proxy (it carries ${forwarded}), so its caller may be anywhere; /metrics answers only callers on this machine while METRICS_TOKEN is unset: set METRICS_TOKEN on the gateway and give the scraper that bearer token.`,
    );
  }
  if (!hostNamesThisMachine(request.headers.host)) {
    return refusal(
      403,
      'FORBIDDEN',
      `/metrics was asked for as ${request.headers.host}, not as this machine (a proxy passing its callers' Host on), so its caller may be anywhere; set METRICS_TOKEN on the gateway and give the scraper that bearer token.`,
    );
  }
  if (isLoopback(request.socket.remoteAddress)) return undefined;
  return refusal(
    403,
    'FORBIDDEN',
    '/metrics answers only callers on this machine while METRICS_TOKEN is unset; set METRICS_TOKEN on the gateway and give the scraper that bearer token.',
  );
}
