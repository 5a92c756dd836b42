import { cacheSettingsFromEnvironment } from '../../gateway/cache';

// Each gateway process keeps an in-memory response cache of its own, with its own generation: a
// mutation run by one process made only its own entries stale, and the next connection the kernel
// handed to another process got the answer made before the mutation (audit, 2026-12-07).
describe('a response cache in memory under several gateway processes', () => {
  it('is refused, naming the variables and the way out', () => {
    expect(() => cacheSettingsFromEnvironment({ RESPONSE_CACHE_TTL_SECONDS: '120', GATEWAY_PROCESSES: '2' })).toThrow(
      /RESPONSE_CACHE_TTL_SECONDS is 120 without REDIS_URL under GATEWAY_PROCESSES=2: .*set REDIS_URL .* or RESPONSE_CACHE_TTL_SECONDS=0/,
    );
  });

  it('stands with one process, with a shared Redis, or with no response cache', () => {
    expect(cacheSettingsFromEnvironment({ RESPONSE_CACHE_TTL_SECONDS: '120', GATEWAY_PROCESSES: '1' })).toEqual({ responseTtlSeconds: 120 });
    expect(cacheSettingsFromEnvironment({ RESPONSE_CACHE_TTL_SECONDS: '120' })).toEqual({ responseTtlSeconds: 120 });
    expect(cacheSettingsFromEnvironment({ REDIS_URL: 'redis://redis:6379', GATEWAY_PROCESSES: '4' })).toEqual({ redisUrl: 'redis://redis:6379', responseTtlSeconds: 5 });
    expect(cacheSettingsFromEnvironment({ GATEWAY_PROCESSES: '4' })).toEqual({ responseTtlSeconds: 0 });
    expect(cacheSettingsFromEnvironment({ RESPONSE_CACHE_TTL_SECONDS: '0', GATEWAY_PROCESSES: '4' })).toEqual({ responseTtlSeconds: 0 });
  });

  it('leaves a refused GATEWAY_PROCESSES to its own check', () => {
    expect(cacheSettingsFromEnvironment({ RESPONSE_CACHE_TTL_SECONDS: '30', GATEWAY_PROCESSES: 'many' })).toEqual({ responseTtlSeconds: 30 });
  });
});
