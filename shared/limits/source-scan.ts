import { Lexer, Source, TokenKind } from 'graphql';

/** What a document's text measures before it is parsed: its tokens, and how deeply its brackets nest. */
export interface SourceScan {
  /** Tokens read, up to one past `maxTokens` (the parser's count: comments excluded). */
  tokens: number;
  /** The deepest nesting of `{`, `(` and `[` met, up to one past `maxNesting`. */
  nesting: number;
}

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.PAREN_L, TokenKind.BRACKET_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R]);

/**
 * Reads a document's tokens with graphql-js's lexer, without building its syntax tree, and stops as
 * soon as it has more than `maxTokens` tokens or nests deeper than `maxNesting`: the parser and the
 * validator, which recurse as the document nests, never see a document that could exhaust the stack,
 * and a huge one costs no more than its first tokens. A lexical error stops the scan where it is met;
 * the parser then reports it as it would.
 */
export function scanSource(text: string, maxTokens: number, maxNesting: number): SourceScan {
  const lexer = new Lexer(new Source(text));
  let tokens = 0;
  let depth = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (OPENING.has(token.kind)) nesting = Math.max(nesting, ++depth);
      else if (CLOSING.has(token.kind)) depth -= 1;
      if (tokens > maxTokens || nesting > maxNesting) break;
    }
  } catch {
    // A syntax error in the text itself: left to the parser, which says where it is.
  }
  return { tokens, nesting };
}
