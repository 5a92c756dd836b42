/** One audit test suite's cases as one gateway did them. */
export interface SuiteResult {
  suite: string;
  /** `.` passed, `X` failed, in the suite's order. */
  cases: string;
  failures: { name: string; detail: string }[];
}

export interface GatewayAudit {
  id: string;
  label: string;
  seconds: number;
  suites: SuiteResult[];
}

export interface AuditResult {
  startedAt: string;
  audit: { repository: string; fetchedFrom: string; commit: string };
  /** The product's commit the gateway ran from (`dirty`: with uncommitted changes). */
  product: { commit: string; dirty?: boolean; note?: string };
  machine: { node: string; cpu: string; cores: number };
  /** Only some suites were run (`--suites`). */
  partial: boolean;
  gateways: GatewayAudit[];
}

/** A suite's TAP log (the audit's `logs/<suite>-tests.log`): each case `<suite>_<n>`, passed or not, with the failure's text. */
export function parseTapLog(suite: string, tap: string): SuiteResult {
  const lines = tap.split('\n');
  const result: SuiteResult = { suite, cases: '', failures: [] };
  const pattern = new RegExp(`^\\s*(not ok|ok) \\d+ - (${suite.replace(/[-]/g, '\\-')}_\\d+)\\s*$`);
  for (let i = 0; i < lines.length; i++) {
    const match = pattern.exec(lines[i]!);
    if (!match) continue;
    if (match[1] === 'ok') {
      result.cases += '.';
      continue;
    }
    result.cases += 'X';
    const detail: string[] = [];
    const indent = /^\s*/.exec(lines[i]!)![0].length;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      if (/^\s*\.\.\.\s*$/.test(line) && /^\s*/.exec(line)![0].length <= indent + 2) break;
      detail.push(line.slice(indent + 2));
    }
    result.failures.push({ name: match[2]!, detail: detail.slice(0, 80).join('\n') });
  }
  return result;
}

const totals = (gateway: GatewayAudit) => {
  const cases = gateway.suites.map((s) => s.cases).join('');
  const passed = [...cases].filter((c) => c === '.').length;
  return { passed, failed: cases.length - passed, total: cases.length };
};

/** The names of the cases a gateway failed. */
const failedCases = (gateway: GatewayAudit | undefined): Set<string> => new Set(gateway?.suites.flatMap((s) => s.failures.map((f) => f.name)) ?? []);

export function auditMarkdown(result: AuditResult): string {
  const lines = [
    `# Federation gateway audit, ${result.startedAt}`,
    '',
    `${result.audit.repository} at ${result.audit.commit}${result.partial ? ' (some suites only)' : ''}; this product at commit ${result.product.commit}` +
      `${result.product.dirty ? ' with uncommitted changes' : ''}${result.product.note ? ` (${result.product.note})` : ''}; Node ${result.machine.node}, ${result.machine.cores} × ${result.machine.cpu}.`,
    '',
    '| gateway | passed | failed | cases | run time |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...result.gateways.map((g) => {
      const t = totals(g);
      return `| ${g.label} | ${t.passed} | ${t.failed} | ${t.total} | ${g.seconds} s |`;
    }),
    '',
  ];
  const stock = result.gateways.find((g) => g.id === 'apollo-stock');
  const products = result.gateways.filter((g) => g !== stock);
  const failing = [...new Set(result.gateways.flatMap((g) => [...failedCases(g)]))].sort();
  if (failing.length > 0) {
    lines.push('Cases failed by any gateway:', '', `| case | ${result.gateways.map((g) => g.label).join(' | ')} |`, `| --- | ${result.gateways.map(() => '---').join(' | ')} |`);
    const failed = result.gateways.map(failedCases);
    for (const name of failing) lines.push(`| ${name} | ${failed.map((set) => (set.has(name) ? 'fails' : 'passes')).join(' | ')} |`);
    lines.push('');
  }
  if (stock) {
    const stockFailed = failedCases(stock);
    for (const product of products) {
      const productOnly = [...failedCases(product)].filter((name) => !stockFailed.has(name));
      lines.push(
        productOnly.length === 0 ? `No case fails on ${product.label} and passes on stock Apollo Gateway.` : `Failing on ${product.label} only: ${productOnly.join(', ')}.`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
