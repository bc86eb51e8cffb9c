// HTML to plain text for search and previews. html-to-text gives the best text, but it
// costs about 1 s per MiB in one synchronous step; past HTML_CONVERT_MAX characters a
// linear tag stripper takes over, so that one message cannot stall the event loop.
import { compile } from 'html-to-text';

/** Longest HTML handed to html-to-text (about 0.1 s of work). */
export const HTML_CONVERT_MAX = 128 * 1024;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** A fast, rough conversion: drops script/style/head content and tags, keeps the text. */
export function stripTags(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<(br|p|div|tr|li|h[1-6])\b[^>]*>/gi, '\n')
      .replace(/<[^>]*>/g, ' '),
  )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

type Converter = (html: string) => string;

/**
 * html-to-text spends most of a small conversion compiling its options, so the compiled
 * converter is made once, on first use. It is a pure function: caching it shares no
 * state between callers.
 */
let converter: Converter | null = null;

function getConverter(): Converter {
  converter ??= compile({
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
  return converter;
}

export function htmlToText(html: string): string {
  if (html.length > HTML_CONVERT_MAX) return stripTags(html);
  try {
    return getConverter()(html);
  } catch {
    return stripTags(html);
  }
}
