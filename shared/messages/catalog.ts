import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Error messages in the languages of the graph's users, keyed by a message id. They live in
 * `*.messages.yaml` beside this file, one `{ fa, ar, fr, en }` per id, with `{name}` where a
 * parameter goes. English is the message an error carries; the gateway swaps in the caller's
 * language when it answers (see localize.ts).
 */
export const MESSAGE_LOCALES = ['fa', 'ar', 'fr', 'en'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

export type MessageParams = Record<string, string | number>;
export type MessageCatalog = Record<string, Record<MessageLocale, string>>;

const RIGHT_TO_LEFT: ReadonlySet<MessageLocale> = new Set(['fa', 'ar']);
const FSI = '\u2068';
const PDI = '\u2069';

/** The catalog files' entries, merged; throws, naming the file, on an entry that is not `{ fa, ar, fr, en }` or an id given twice. */
export function readMessageCatalog(folder = __dirname): MessageCatalog {
  const catalog: MessageCatalog = {};
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.messages.yaml'))
    .sort()) {
    const content = (parse(readFileSync(join(folder, file), 'utf8')) ?? {}) as Record<string, unknown>;
    for (const [id, texts] of Object.entries(content)) {
      if (catalog[id]) throw new Error(`${file}: message ${id} is already defined in another catalog`);
      if (!texts || typeof texts !== 'object') throw new Error(`${file}: ${id} must be { fa, ar, fr, en }`);
      const entry = texts as Record<string, unknown>;
      for (const locale of MESSAGE_LOCALES) {
        if (typeof entry[locale] !== 'string' || entry[locale].trim() === '') throw new Error(`${file}: ${id} has no ${locale} text`);
      }
      const unknown = Object.keys(entry).filter((key) => !(MESSAGE_LOCALES as readonly string[]).includes(key));
      if (unknown.length) throw new Error(`${file}: ${id} has texts in ${unknown.join(', ')}, not one of ${MESSAGE_LOCALES.join(', ')}`);
      catalog[id] = { fa: String(entry.fa).trim(), ar: String(entry.ar).trim(), fr: String(entry.fr).trim(), en: String(entry.en).trim() };
    }
  }
  return catalog;
}

let loaded: MessageCatalog | undefined;
/** The product's catalog, read once. */
export const messageCatalog = (): MessageCatalog => (loaded ??= readMessageCatalog());

/**
 * The text of message `id` in `locale` with its parameters put in, as given (numbers are not
 * re-written). In Persian and Arabic each parameter is isolated (FSI ... PDI), so a Latin value
 * (a code, a field name, a date) keeps its own direction inside the right-to-left sentence.
 * `verbatim` names parameters already worded in `locale` (put in without isolation). Undefined when
 * the catalog has no such id.
 */
export function formatMessage(
  id: string,
  params: MessageParams,
  locale: MessageLocale,
  options: { catalog?: MessageCatalog; verbatim?: readonly string[] } = {},
): string | undefined {
  const catalog = options.catalog ?? messageCatalog();
  const template = catalog[id]?.[locale];
  if (template === undefined) return undefined;
  const isolate = RIGHT_TO_LEFT.has(locale);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return isolate && !options.verbatim?.includes(name) ? `${FSI}${String(value)}${PDI}` : String(value);
  });
}

/** The placeholders of a template: `{name}`s. */
export const placeholdersOf = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();

/** A message as an error carries it: its id, its parameters and its English text. */
export interface Message {
  id: string;
  params: MessageParams;
  text: string;
}

/** Message `id` with `params`, its English text from the catalog; throws on an id the catalog lacks (a programming mistake). */
export function message(id: string, params: MessageParams = {}): Message {
  const text = formatMessage(id, params, 'en');
  if (text === undefined) throw new Error(`no message ${id} in the message catalogs (shared/messages/*.messages.yaml)`);
  return { id, params, text };
}

/** The extensions that let the gateway localize an error: `messageId` and `params`. */
export const messageExtensions = (m: Message): { messageId: string; params: MessageParams } => ({ messageId: m.id, params: m.params });
