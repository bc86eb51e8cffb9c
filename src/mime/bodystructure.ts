// BODY and BODYSTRUCTURE (RFC 9051 §7.5.2 / RFC 3501 §7.4.2), from the stored part tree.
import { formatEnvelope } from './envelope.js';
import { type ImapStringOptions, imapNString, imapString } from './imap-string.js';
import type { MimePart } from './types.js';

function paramList(params: [string, string][], opts: ImapStringOptions): string {
  if (params.length === 0) return 'NIL';
  return `(${params.map(([k, v]) => `${imapString(k, opts)} ${imapString(v, opts)}`).join(' ')})`;
}

/** body-fld-dsp SP body-fld-lang SP body-fld-loc */
function extTail(part: MimePart, opts: ImapStringOptions): string {
  const dsp = part.disposition
    ? `(${imapString(part.disposition.value, opts)} ${paramList(part.disposition.params, opts)})`
    : 'NIL';
  // body-fld-lang: always the list form, as Dovecot sends it
  const lang = part.language?.length ? `(${part.language.map((l) => imapString(l, opts)).join(' ')})` : 'NIL';
  return `${dsp} ${lang} ${imapNString(part.location, opts)}`;
}

/** What an empty multipart shows (RFC 9051 requires at least one body): an empty text part. */
function emptyText(extended: boolean): string {
  return `("text" "plain" ("charset" "us-ascii") NIL NIL "7BIT" 0 0${extended ? ' NIL NIL NIL NIL' : ''})`;
}

const EMPTY_ENVELOPE = '(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)';

function isMessage(part: MimePart): boolean {
  return part.type === 'message' && (part.subtype === 'rfc822' || part.subtype === 'global');
}

/** Formats a part; with `extended` the BODYSTRUCTURE extension data is included. */
export function formatBodyStructure(part: MimePart, extended: boolean, opts: ImapStringOptions = {}): string {
  if (part.type === 'multipart') {
    const kids = part.children?.length
      ? part.children.map((c) => formatBodyStructure(c, extended, opts)).join('')
      : emptyText(extended);
    let s = `(${kids} ${imapString(part.subtype, opts)}`;
    if (extended) s += ` ${paramList(part.params, opts)} ${extTail(part, opts)}`;
    return `${s})`;
  }
  const fields = [
    imapString(part.type, opts),
    imapString(part.subtype, opts),
    paramList(part.params, opts),
    imapNString(part.id, opts),
    imapNString(part.description, opts),
    imapString(part.encoding, opts),
    String(part.bodyEnd - part.bodyStart),
  ];
  if (isMessage(part)) {
    // body-type-msg needs an envelope and a body even when the attached message was not
    // parsed (too deep, too many parts): an empty one, as for a message with no header.
    const env = part.message ? formatEnvelope(part.message.envelope, opts) : EMPTY_ENVELOPE;
    const inner = part.message ? formatBodyStructure(part.message.part, extended, opts) : emptyText(extended);
    fields.push(env, inner, String(part.lines));
  } else if (part.type === 'text') {
    fields.push(String(part.lines));
  }
  if (extended) {
    fields.push(imapNString(part.md5, opts));
    fields.push(extTail(part, opts));
  }
  return `(${fields.join(' ')})`;
}
