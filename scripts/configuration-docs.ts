import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURATION_PAGE, configurationPage } from './configuration-page';

// Writes docs/configuration.md from the configuration schema; with --check, only says whether it (or the file
// named after --check) is up to date, exiting 1 when not: tests/unit/configuration.test.ts runs it so.
const named = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
const file = named ?? join(__dirname, '..', CONFIGURATION_PAGE);
void configurationPage().then((page) => {
  if (!process.argv.includes('--check')) {
    writeFileSync(file, page);
    console.log(`wrote ${CONFIGURATION_PAGE}`);
  } else if (readFileSync(file, 'utf8') !== page) {
    console.error(`${named ?? CONFIGURATION_PAGE} is out of date with the configuration schema: run npx tsx scripts/configuration-docs.ts`);
    process.exitCode = 1;
  } else console.log(`${CONFIGURATION_PAGE} is up to date`);
});
