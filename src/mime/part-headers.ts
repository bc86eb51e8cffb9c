// Fills a MimePart's MIME fields from its parsed header (RFC 2045, RFC 2183, RFC 3066, RFC 2557).
import { type HeaderField, headerValue, headerValues } from './header.js';
import { parseStructuredValue, stripComments } from './params.js';
import { normalizeEncoding } from './transfer.js';
import type { MimePart } from './types.js';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/** A part with no header yet: default fields, offsets set by the analyzer. */
export function emptyPart(headerStart: number): MimePart {
  return {
    headerStart,
    bodyStart: headerStart,
    bodyEnd: headerStart,
    type: 'text',
    subtype: 'plain',
    params: [['charset', 'us-ascii']],
    id: null,
    description: null,
    encoding: '7BIT',
    md5: null,
    disposition: null,
    language: null,
    location: null,
    lines: 0,
  };
}

function trimmedOrNull(v: string | null): string | null {
  if (v === null) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/**
 * Sets type, parameters and the other MIME fields. The first syntactically valid
 * Content-Type wins over later duplicates; none valid means the RFC 2045 §5.2 default
 * (text/plain; charset=us-ascii), or message/rfc822 inside multipart/digest (RFC 2046 §5.1.5).
 */
export function applyPartHeaders(part: MimePart, fields: HeaderField[], inDigest: boolean): void {
  let typed = false;
  for (const v of headerValues(fields, 'content-type')) {
    const parsed = parseStructuredValue(v);
    const slash = parsed.value.indexOf('/');
    const type = parsed.value.slice(0, slash);
    const subtype = parsed.value.slice(slash + 1);
    if (slash > 0 && TOKEN.test(type) && TOKEN.test(subtype)) {
      part.type = type;
      part.subtype = subtype;
      part.params = parsed.params;
      typed = true;
      break;
    }
  }
  if (!typed && inDigest) {
    part.type = 'message';
    part.subtype = 'rfc822';
    part.params = [];
  }
  // RFC 2045 §5.2: text without a charset is us-ascii; say so, as Dovecot does.
  if (part.type === 'text' && !part.params.some(([k]) => k === 'charset'))
    part.params.push(['charset', 'us-ascii']);
  const cte = headerValue(fields, 'content-transfer-encoding');
  if (cte !== null) part.encoding = normalizeEncoding(stripComments(cte).trim().split(/[\s;]/)[0]);
  part.id = trimmedOrNull(headerValue(fields, 'content-id'));
  part.description = trimmedOrNull(headerValue(fields, 'content-description'));
  part.md5 = trimmedOrNull(headerValue(fields, 'content-md5'));
  const dsp = headerValue(fields, 'content-disposition');
  if (dsp !== null) {
    const parsed = parseStructuredValue(dsp);
    if (parsed.value) part.disposition = { value: parsed.value, params: parsed.params };
  }
  const lang = headerValue(fields, 'content-language');
  if (lang !== null) {
    const tags = stripComments(lang)
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    part.language = tags.length ? tags : null;
  }
  const loc = headerValue(fields, 'content-location');
  // RFC 2557 §4.4.1: folding whitespace inside a URI is not part of it.
  if (loc !== null) part.location = trimmedOrNull(loc.replace(/\s+/g, '').replace(/^"(.*)"$/, '$1'));
}
