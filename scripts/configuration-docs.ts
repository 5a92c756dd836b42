import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURATION_PAGE, configurationPage } from './configuration-page';

// Writes docs/configuration.md from the configuration schema; tests/unit/configuration.test.ts fails when it is out of date.
void configurationPage().then((page) => {
  writeFileSync(join(__dirname, '..', CONFIGURATION_PAGE), page);
  console.log(`wrote ${CONFIGURATION_PAGE}`);
});
