// Prints the closing line CI reads, exactly `N passed, N failed`, from jest's JSON results (skipped tests on the line before);
// an optional second argument adds that many failed checks run outside jest (lint, formatting) to the failed count.
const { existsSync, readFileSync } = require('node:fs');

const file = process.argv[2] ?? '.ci-jest-results.json';
const failedChecks = Number(process.argv[3] ?? 0) || 0;
if (!existsSync(file)) {
  console.log(`0 passed, ${1 + failedChecks} failed`);
  console.error(`${file} was not written: the type check or jest itself failed before any test ran`);
  process.exit(0);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const failedSuites = results.numFailedTestSuites - results.testResults.filter((s) => s.assertionResults.some((a) => a.status === 'failed')).length;
const failed = results.numFailedTests + Math.max(0, failedSuites) + failedChecks;
const skipped = results.numPendingTests + results.numTodoTests;
if (skipped) console.log(`${skipped} skipped (their suites print why)`);
console.log(`${results.numPassedTests} passed, ${failed} failed`);
