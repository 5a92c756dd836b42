import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isolateOtherDirection, TextDirection } from '../text/bidi';

/**
 * Display labels of enum values, in the languages of the graph's users. They live next to the
 * schema that defines the enum: `<name>.labels.yaml` beside `<name>.graphql`, one entry per enum,
 * one `{ fa, ar, fr, en }` per value. A registry serves those of its own schema files
 * (`_enumLabels`, with its own name under `Registry`), the gateway's directory those of the shared
 * and its own files and the `Registry` enum's (the configured display names, else the registry's
 * own), and `Query.labels` serves their union, of each registry's table only the enums that registry
 * alone declares (gateway/directory/labels.ts).
 */
export const LABEL_LOCALES = ['fa', 'ar', 'fr', 'en'] as const;
export type LabelLocale = (typeof LABEL_LOCALES)[number];

const DIRECTION: Record<LabelLocale, TextDirection> = { fa: 'rtl', ar: 'rtl', fr: 'ltr', en: 'ltr' };

/** One value's labels, by locale (a locale missing where the file gives none). */
export type ValueLabels = Partial<Record<LabelLocale, string>>;
/** Labels by enum name, then by value, in the order the files list them. */
export type EnumLabelTable = Record<string, Record<string, ValueLabels>>;

/** The labels file of a schema file: `values.graphql` -> `values.labels.yaml`. */
export const labelsFileOf = (schemaFile: string): string => schemaFile.replace(/\.graphql$/, '.labels.yaml');

/** A label as served: trimmed, its runs of the other direction isolated (FSI ... PDI). */
export const servedLabel = (text: string, locale: LabelLocale): string => isolateOtherDirection(text.trim(), DIRECTION[locale]);

/**
 * The labels of these schema files' enums (the files beside them that exist), merged: an enum
 * extended in another file gets its further values there. Throws, naming the file, on an entry
 * that is not `VALUE: { fa, ar, fr, en }`.
 */
export function readEnumLabels(schemaFiles: readonly string[]): EnumLabelTable {
  const table: EnumLabelTable = {};
  for (const file of schemaFiles.map(labelsFileOf).filter((candidate) => existsSync(candidate))) {
    const content = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    for (const [enumName, values] of Object.entries(content)) {
      if (!values || typeof values !== 'object') throw new Error(`${file}: ${enumName} must map each value to its labels`);
      const into = (table[enumName] ??= {});
      for (const [value, labels] of Object.entries(values as Record<string, unknown>)) {
        if (!labels || typeof labels !== 'object') throw new Error(`${file}: ${enumName}.${value} must be { fa, ar, fr, en }`);
        const served: ValueLabels = {};
        for (const [locale, text] of Object.entries(labels as Record<string, unknown>)) {
          if (!(LABEL_LOCALES as readonly string[]).includes(locale) || typeof text !== 'string' || text.trim() === '') {
            throw new Error(`${file}: ${enumName}.${value} takes a non-empty label per locale (${LABEL_LOCALES.join(', ')}); got ${locale}`);
          }
          served[locale as LabelLocale] = servedLabel(text, locale as LabelLocale);
        }
        into[value] = served;
      }
    }
  }
  return table;
}

/** `tables` merged: an enum's values from every table, the first table's labels winning for a value two give. */
export function mergeEnumLabels(...tables: EnumLabelTable[]): EnumLabelTable {
  const merged: EnumLabelTable = {};
  for (const table of tables) {
    for (const [enumName, values] of Object.entries(table)) {
      const into = (merged[enumName] ??= {});
      for (const [value, labels] of Object.entries(values)) into[value] ??= labels;
    }
  }
  return merged;
}

/** Every schema file of shared/ (graphql values and lists, governance, credentials...): their labels are the shared enums'. */
export function sharedSchemaFiles(): string[] {
  const root = join(__dirname, '..');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((folder) =>
      readdirSync(join(root, folder.name))
        .filter((file) => file.endsWith('.graphql'))
        .map((file) => join(root, folder.name, file)),
    );
}
