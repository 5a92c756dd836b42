// Prints the closing line CI reads, `N passed, N failed[, N skipped]`, from jest's JSON results.
const { existsSync, readFileSync } = require('node:fs');

const file = process.argv[2] ?? '.ci-jest-results.json';
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`${file} was not written: the type check or jest itself failed before any test ran`);
  process.exit(0);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const failedSuites = results.numFailedTestSuites - results.testResults.filter((s) => s.assertionResults.some((a) => a.status === 'failed')).length;
const failed = results.numFailedTests + Math.max(0, failedSuites);
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
