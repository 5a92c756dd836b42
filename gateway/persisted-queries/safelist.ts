import { parse, print } from 'graphql';
import { ManifestOperation, PersistedQueryManifest } from './manifest';

/** A document in one canonical form (graphql-js print of its parse), so that spacing and comments do not matter; undefined if it does not parse. */
function canonical(text: string, maxTokens: number): string | undefined {
  try {
    return print(parse(text, { noLocation: true, maxTokens }));
  } catch {
    return undefined;
  }
}

/** How many texts `byText` remembers the answer for (the oldest is forgotten first), and up to what length. */
const REMEMBERED_TEXTS = 1_000;
const REMEMBERED_TEXT_LENGTH = 16_384;

/** The registered operations of a manifest, found by id or by their text. */
export class Safelist {
  private readonly ids = new Map<string, ManifestOperation>();
  private readonly texts = new Map<string, ManifestOperation>();
  /** Texts that had to be parsed to be compared (spaced or commented otherwise, or not registered), with the answer: parsed once. */
  private readonly answered = new Map<string, ManifestOperation | null>();

  constructor(
    manifest: PersistedQueryManifest,
    /** Documents longer than this (in tokens) are not parsed to compare them: they cannot be registered ones. */
    private readonly maxTokens = 5_000,
  ) {
    for (const operation of manifest.operations) {
      this.ids.set(operation.id, operation);
      this.texts.set(operation.body, operation);
      const printed = canonical(operation.body, Number.MAX_SAFE_INTEGER);
      if (printed) this.texts.set(printed, operation);
    }
  }

  get size(): number {
    return this.ids.size;
  }

  byId(id: string): ManifestOperation | undefined {
    return this.ids.get(id);
  }

  /** The registered operation with this text: as registered, or the same document spaced or commented otherwise. */
  byText(text: string): ManifestOperation | undefined {
    const exact = this.texts.get(text);
    if (exact) return exact;
    const remembered = this.answered.get(text);
    if (remembered !== undefined) return remembered ?? undefined;
    const printed = canonical(text, this.maxTokens);
    const operation = printed === undefined ? undefined : this.texts.get(printed);
    if (text.length <= REMEMBERED_TEXT_LENGTH) {
      if (this.answered.size >= REMEMBERED_TEXTS) this.answered.delete(this.answered.keys().next().value!);
      this.answered.set(text, operation ?? null);
    }
    return operation;
  }
}
