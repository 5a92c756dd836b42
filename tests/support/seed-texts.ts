import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The five source texts: `shared/seeds` beside the repository (the main checkout) or beside its worktrees' folder; undefined when absent. */
export const SEEDS_FOLDER: string | undefined = (() => {
  let folder = join(__dirname, '..', '..');
  for (let up = 0; up < 3; up += 1) {
    folder = dirname(folder);
    const candidate = join(folder, 'shared', 'seeds');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
})();

/** Text as a quote is compared with its source: joiners dropped, white space folded. */
export const comparable = (text: string): string =>
  text
    .replace(/[\u200c\u200d]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();

/** Seed `number` (`'002'`), comparable; undefined when there is no such text. */
export function seedText(number: string): string | undefined {
  const file = readdirSync(SEEDS_FOLDER!).find((name) => name.startsWith(`${number}_`));
  return file && comparable(readFileSync(join(SEEDS_FOLDER!, file), 'utf8'));
}
