import type { GraphQLFormattedError } from 'graphql';
import { formatMessage, MessageLocale, MessageParams } from './catalog';

const FSI = '\u2068';
const PDI = '\u2069';

type Extensions = Record<string, unknown>;

/** How a list of problems is punctuated in each language (French puts a space before ':' and ';'; Persian and Arabic use '؛'). */
const PUNCTUATION: Record<MessageLocale, { colon: string; semicolon: string; isolate: boolean }> = {
  en: { colon: ': ', semicolon: '; ', isolate: false },
  fr: { colon: ' : ', semicolon: ' ; ', isolate: false },
  fa: { colon: ': ', semicolon: '؛ ', isolate: true },
  ar: { colon: ': ', semicolon: '؛ ', isolate: true },
};

const isParams = (value: unknown): value is MessageParams =>
  !!value && typeof value === 'object' && Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number');

/** The text of a message an object carries (`messageId` + `params`) in `locale`; undefined when it carries none the catalog knows. */
function textOf(carrier: Extensions, locale: MessageLocale): string | undefined {
  const { messageId, params } = carrier;
  if (typeof messageId !== 'string') return undefined;
  return formatMessage(messageId, isParams(params) ? params : {}, locale);
}

interface Problem {
  field: string;
  problem: string;
}
const isProblem = (value: unknown): value is Problem & Extensions =>
  !!value && typeof value === 'object' && typeof (value as Problem).field === 'string' && typeof (value as Problem).problem === 'string';

/**
 * One error as a client asking for `locale` reads it: its message (and, for `BAD_USER_INPUT`, each
 * problem) in that language where the error carries a message id, the rest unchanged. The code,
 * the message id and the parameters stay as they were, so a client can still branch on them.
 */
export function localizeError(error: GraphQLFormattedError, locale: MessageLocale): GraphQLFormattedError {
  if (locale === 'en' || !error.extensions) return error;
  const extensions = error.extensions;
  const rawProblems = extensions.problems;
  if (Array.isArray(rawProblems) && rawProblems.every(isProblem) && rawProblems.some((p) => typeof p.messageId === 'string')) {
    const problems = rawProblems.map((p) => {
      const text = textOf(p, locale);
      return text === undefined ? p : { ...p, problem: text };
    });
    const { colon, semicolon, isolate } = PUNCTUATION[locale];
    const listed = problems.map((p) => `${isolate ? `${FSI}${p.field}${PDI}` : p.field}${colon}${p.problem}`).join(semicolon);
    const message = formatMessage('INVALID_INPUT', { problems: listed }, locale, { verbatim: ['problems'] }) ?? error.message;
    return { ...error, message, extensions: { ...extensions, problems } };
  }
  const text = textOf(extensions, locale);
  return text === undefined ? error : { ...error, message: text };
}

/** A GraphQL response body (`{ errors, data }`) with its errors localized; other bodies unchanged. */
export function localizeResponseBody(body: unknown, locale: MessageLocale): unknown {
  if (locale === 'en' || !body || typeof body !== 'object' || !Array.isArray((body as { errors?: unknown }).errors)) return body;
  const errors = (body as { errors: GraphQLFormattedError[] }).errors;
  return { ...body, errors: errors.map((error) => localizeError(error, locale)) };
}

/**
 * The text of a JSON response body with its errors localized: unchanged (not even parsed) when
 * English is asked for or no error in it carries a message id.
 */
export function localizeResponseText(text: string, locale: MessageLocale): string {
  if (locale === 'en' || !text.includes('"messageId"')) return text;
  try {
    return JSON.stringify(localizeResponseBody(JSON.parse(text), locale));
  } catch {
    return text;
  }
}
