import { auditMarkdown, AuditResult, GatewayAudit, parseTapLog } from '../../bench/federation-audit/report';

/** The federation audit's report (bench/federation-audit): every gateway scored, and each case a product fails where stock passes named. */

const TAP = ['TAP version 13', 'ok 1 - keys_0', 'not ok 2 - keys_1', '  ---', '  expected: b', '  ...', 'ok 3 - keys_2', ''].join('\n');

function gateway(id: string, label: string, failing: string[]): GatewayAudit {
  const names = ['keys_0', 'keys_1', 'keys_2'];
  return {
    id,
    label,
    seconds: 1,
    suites: [{ suite: 'keys', cases: names.map((name) => (failing.includes(name) ? 'X' : '.')).join(''), failures: failing.map((name) => ({ name, detail: '' })) }],
  };
}

const result = (gateways: GatewayAudit[]): AuditResult => ({
  startedAt: '2026-12-04T00:00:00.000Z',
  audit: { repository: 'audit', fetchedFrom: 'copy', commit: 'abc' },
  product: { commit: 'def' },
  machine: { node: 'v20', cpu: 'cpu', cores: 2 },
  partial: false,
  gateways,
});

describe('the federation audit report', () => {
  it("reads a suite's TAP log case by case", () => {
    expect(parseTapLog('keys', TAP)).toEqual({ suite: 'keys', cases: '.X.', failures: [{ name: 'keys_1', detail: '---\nexpected: b' }] });
  });

  it("scores both of the product's executors beside stock, and names a case one of them fails where stock passes", () => {
    const markdown = auditMarkdown(
      result([
        gateway('apollo-stock', 'stock', ['keys_1']),
        gateway('product', 'plan executor', ['keys_1']),
        gateway('product-apollo-executor', 'apollo executor', ['keys_1', 'keys_2']),
      ]),
    );
    expect(markdown).toContain('| plan executor | 2 | 1 | 3 | 1 s |');
    expect(markdown).toContain('| apollo executor | 1 | 2 | 3 | 1 s |');
    expect(markdown).toContain('| keys_2 | passes | passes | fails |');
    expect(markdown).toContain('No case fails on plan executor and passes on stock Apollo Gateway.');
    expect(markdown).toContain('Failing on apollo executor only: keys_2.');
  });
});
