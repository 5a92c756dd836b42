import { MESSAGE_LOCALES, MessageLocale } from './catalog';

/**
 * The language to answer in, from an `Accept-Language` header: the offered language (fa, ar, fr,
 * en; a region such as `fr-CA` counts as its language) with the highest q-value, earlier entries
 * winning ties; `*` stands for English. English when the header is absent or names none of them.
 */
export function negotiateLocale(header: string | undefined): MessageLocale {
  if (!header) return 'en';
  let best: { locale: MessageLocale; q: number } | undefined;
  for (const part of header.split(',')) {
    const [range, ...attributes] = part.trim().split(';');
    const tag = range?.trim().toLowerCase() ?? '';
    if (tag === '') continue;
    const qAttribute = attributes.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith('q='));
    const q = qAttribute === undefined ? 1 : Number(qAttribute.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    const language = tag === '*' ? 'en' : tag.split('-')[0]!;
    const locale = MESSAGE_LOCALES.find((l) => l === language);
    if (locale && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? 'en';
}
