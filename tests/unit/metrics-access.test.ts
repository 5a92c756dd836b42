import { isLoopback, metricsRefusal } from '../../gateway/observability/metrics-access';
import { observabilitySettingsFromEnvironment } from '../../gateway/observability/settings';

const TOKEN = 'a-scraper-token-of-thirty-two-bytes-or-more';
const from = (remoteAddress: string, authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization }, socket: { remoteAddress } }) as never;

describe('who may read /metrics', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.10.0.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.20', false],
    ['::ffff:10.0.0.5', false],
    ['fe80::1', false],
    ['127.example', false],
  ])('%s is on this machine: %s', (address, loopback) => {
    expect(isLoopback(address)).toBe(loopback);
  });

  it('without METRICS_TOKEN: a caller on this machine, no one else (403 naming the variable)', () => {
    expect(metricsRefusal(from('127.0.0.1'), undefined)).toBeUndefined();
    const refused = metricsRefusal(from('10.0.0.5', `Bearer ${TOKEN}`), undefined);
    expect(refused?.status).toBe(403);
    expect(refused?.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('METRICS_TOKEN') as unknown });
  });

  it('without METRICS_TOKEN: not a request a proxy on this machine passed on (privacy audit, 2026-12-06)', () => {
    for (const header of ['forwarded', 'x-forwarded-for', 'x-real-ip', 'via', 'x-forwarded-host', 'x-forwarded-proto', 'true-client-ip', 'cf-connecting-ip', 'x-client-ip']) {
      const refused = metricsRefusal({ headers: { [header]: '203.0.113.9' }, socket: { remoteAddress: '127.0.0.1' } } as never, undefined);
      expect({ header, status: refused?.status, message: refused?.body.errors[0]?.message }).toEqual({
        header,
        status: 403,
        message: expect.stringContaining(`carries ${header}`) as unknown,
      });
    }
    // Nor one asked for by another name than this machine's (a proxy passing its callers' Host on, as nginx's `proxy_set_header Host $host`).
    expect(metricsRefusal({ headers: { host: 'registries.example.org' }, socket: { remoteAddress: '127.0.0.1' } } as never, undefined)?.status).toBe(403);
    for (const host of ['localhost:4000', '127.0.0.1:4000', '[::1]:4000', 'LOCALHOST'])
      expect(metricsRefusal({ headers: { host }, socket: { remoteAddress: '127.0.0.1' } } as never, undefined)).toBeUndefined();
    // With the token, the scraper may come through a proxy.
    expect(
      metricsRefusal({ headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${TOKEN}` }, socket: { remoteAddress: '127.0.0.1' } } as never, TOKEN),
    ).toBeUndefined();
  });

  it('with METRICS_TOKEN: only a request bearing it, from anywhere, this machine included', () => {
    expect(metricsRefusal(from('10.0.0.5', `Bearer ${TOKEN}`), TOKEN)).toBeUndefined();
    expect(metricsRefusal(from('10.0.0.5', `bearer   ${TOKEN} `), TOKEN)).toBeUndefined();
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${TOKEN}`]) {
      for (const address of ['10.0.0.5', '127.0.0.1']) {
        const refused = metricsRefusal(from(address, authorization), TOKEN);
        expect({ authorization, address, status: refused?.status, code: refused?.body.errors[0]?.extensions.code }).toEqual({
          authorization,
          address,
          status: 401,
          code: 'UNAUTHENTICATED',
        });
      }
    }
  });

  it('refuses a METRICS_TOKEN shorter than 32 bytes at start, naming it', () => {
    expect(() => observabilitySettingsFromEnvironment({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN.*32 bytes/);
    expect(observabilitySettingsFromEnvironment({ METRICS_TOKEN: TOKEN }).metricsToken).toBe(TOKEN);
  });
});
