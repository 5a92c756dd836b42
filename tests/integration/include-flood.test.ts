import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { byDepth } from '../support/depth';

const run = promisify(execFile);

/** The most the retained heap may grow over the flood: a tenth of the ~4 KB per request the unbounded writer kept. */
const FLAT_BYTES = 8 * 1024 * 1024;
/** Requests after the warm-up: at 5,000 the unbounded writer kept ~20 MB, still well over FLAT_BYTES. */
const FLOOD = byDepth({ default: 5_000, deep: 10_000 });

/**
 * The plan executor's JSON writer keeps a plan per combination of skip/include values; one client
 * sending random booleans to 40 `@include(if: $vN)` must not make the gateway keep more for each
 * request. The graph runs in a child process started with --expose-gc (include-flood.child.ts), so
 * that the heap is measured after forced garbage collections, once warmed up and again after
 * FLOOD more such requests.
 */
describe('a flood of @include combinations', () => {
  it(`leaves the gateway's retained heap flat over ${FLOOD.toLocaleString('en')} requests, every answer right`, async () => {
    const child = join(__dirname, 'include-flood.child.ts');
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', child], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, LOG_LEVEL: 'silent', FLOOD_WARM_UP: '1500', FLOOD_REQUESTS: String(FLOOD) },
      maxBuffer: 1024 * 1024,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { sent: number; right: number; afterWarmUp: number; afterFlood: number };
    expect(result.sent).toBe(1500 + FLOOD);
    expect(result.right).toBe(result.sent);
    const growth = result.afterFlood - result.afterWarmUp;
    process.stdout.write(
      `include flood: retained heap ${(result.afterWarmUp / 2 ** 20).toFixed(1)} MiB after the warm-up, ${(result.afterFlood / 2 ** 20).toFixed(1)} MiB after ${FLOOD} more requests (${Math.round(growth / FLOOD)} bytes per request)\n`,
    );
    expect(growth).toBeLessThan(FLAT_BYTES);
  }, 300_000);
});
