// IMAP URLs (RFC 5092) resolved to message data, for CATENATE (RFC 4469 §5) and URLFETCH
// (RFC 4467 §6, RFC 5524 §4). One set of rules:
// - the owner is the URL's user (user@host when it has no "@"), else the session's user;
//   a relative URL names the session user's mailboxes (";UID=" the selected one);
// - without ;URLAUTH= only the session user's own mailboxes can be read (CATENATE);
//   URLFETCH needs a URLAUTH-authorized URL: mechanism INTERNAL, not expired, an access
//   identifier that admits this session, and a token matching the mailbox access key;
// - UIDVALIDITY, when given, must match; the message and section must exist. A PARTIAL
//   range past the end is empty data, not an error (RFC 5092 §6.1.3, as FETCH).
// The bytes come from the FETCH section code (fetch-body.ts) and are streamed when they
// can be; BINARY of a message or multipart converts it in memory (src/mime/binary-convert).

import { parseStructure } from '../../../core/structure.js';
import { binaryEntity } from '../../../mime/binary-convert.js';
import { findPart } from '../../../mime/find-part.js';
import { sectionRange } from '../../../mime/section.js';
import type { MimePart } from '../../../mime/types.js';
import type { Mailbox, MessageRecord } from '../../../store/types.js';
import type { AuthedUser, CommandContext } from '../context.js';
import type { Partial, Section } from '../wire/fetch-items.js';
import type { FetchValue } from '../wire/fetch-response.js';
import { type ImapUrl, parseImapUrl, type UrlAccess } from '../wire/imap-url.js';
import { binarySection, bodySection, clampPartial, sectionKind } from './fetch-body.js';

export interface UrlTarget {
  url: ImapUrl;
  box: Mailbox;
  rec: MessageRecord;
  /** The message's MIME tree (loaded when the URL has a section or `structure` was asked). */
  root: MimePart | null;
}

const WHOLE: Section = { part: [], text: null };

/** RFC 4467 §3 / RFC 5092 §6.1.2: may this session use a URL with this access identifier? */
function admits(access: UrlAccess, me: AuthedUser, url: ImapUrl): boolean {
  switch (access.kind) {
    case 'anonymous':
    case 'authuser': // every session here is authenticated and not anonymous
      return true;
    case 'user': {
      const want = access.user.includes('@') ? access.user : `${access.user}@${url.host ?? ''}`;
      return want.toLowerCase() === me.address.toLowerCase();
    }
    case 'submit':
      // Only a message submission entity acting for the user may (RFC 4467 §3); no IMAP
      // login is one (BURL in our own submission server would call the core directly).
      return false;
  }
}

/**
 * Finds what `raw` names. Returns the target or the reason it cannot be used.
 * `mode` 'fetch' (URLFETCH) requires URLAUTH; 'catenate' also takes plain URLs into the
 * user's own mailboxes.
 */
export async function locateUrl(
  ctx: CommandContext,
  raw: string,
  mode: 'catenate' | 'fetch',
  structure = false,
): Promise<UrlTarget | string> {
  const parsed = parseImapUrl(raw);
  if (!parsed.ok) return parsed.error;
  const url = parsed.url;
  if (url.uid === null) return 'the URL names no message (;UID= missing)';
  const me = ctx.requireUser();
  let ownerId = me.id;
  let box: Mailbox | null;
  if (url.base === 'mailbox') {
    const view = ctx.selected;
    if (!view) return 'a relative URL needs a selected mailbox';
    box = await ctx.core.mailboxes.getById(view.mailboxId);
  } else {
    if (url.user !== null) {
      const address = url.user.includes('@') ? url.user : `${url.user}@${url.host ?? ''}`;
      if (address.toLowerCase() !== me.address.toLowerCase()) {
        const owner = await ctx.core.accounts.getUser(address);
        if (!owner) return 'no such user';
        ownerId = owner.id;
      }
    }
    box = await ctx.core.mailboxes.get(ownerId, url.mailbox!);
  }
  if (!box) return 'no such mailbox';

  const auth = url.urlauth;
  if (auth || mode === 'fetch') {
    if (!auth?.mechanism || !auth.token) return 'not an authorized URL (;URLAUTH=access:mechanism:token)';
    if (auth.mechanism !== 'INTERNAL') return `unknown URLAUTH mechanism ${auth.mechanism}`;
    if (auth.expire !== null && auth.expire <= Date.now()) return 'the URL has expired';
    if (!admits(auth.access, me, url)) return 'this session may not use the URL';
    if (!(await ctx.core.urlAuth.verify(ownerId, box.id, auth.rump, auth.token))) return 'bad URLAUTH token';
  } else if (ownerId !== me.id) return 'not your mailbox';

  if (url.uidValidity !== null && url.uidValidity !== box.uidValidity) return 'UIDVALIDITY does not match';
  const [rec] = await ctx.core.messages.list(box.id, [{ start: url.uid, end: url.uid }], 1);
  if (!rec || rec.uid !== url.uid) return 'no such message';
  let root: MimePart | null = null;
  if (url.section || structure) {
    const meta = await ctx.core.messages.blobMeta(rec.blobId);
    if (!meta) return 'message structure unavailable';
    root = parseStructure(meta.structure).structure;
  }
  if (url.section && root && !sectionRange(root, url.section.part, sectionKind(url.section)))
    return 'no such section';
  return { url, box, rec, root };
}

function partialOf(url: ImapUrl): Partial | null {
  const p = url.partial;
  return p ? { origin: p.offset, length: p.length ?? Number.MAX_SAFE_INTEGER } : null;
}

/** BODY[section]<partial> of the target: the bytes CATENATE inserts, URLFETCH returns. */
export function urlBody(ctx: CommandContext, t: UrlTarget): Promise<FetchValue> {
  return bodySection(ctx.core.messages, t.rec, t.root, t.url.section ?? WHOLE, partialOf(t.url));
}

/** The MIME part the URL's section number names (the whole message without one). */
export function urlPart(t: UrlTarget): MimePart | null {
  if (!t.root) return null;
  const path = t.url.section?.part ?? [];
  return path.length === 0 ? t.root : findPart(t.root, path);
}

/** URLFETCH BINARY (RFC 5524 §4): the content with transfer encodings removed, and the
 *  part tree re-based on it (for BODYPARTSTRUCTURE, whose sizes then describe the data
 *  sent, as Dovecot does). A leaf is decoded as FETCH BINARY does (streamed when it needs
 *  no decoding and no structure is wanted); a message or multipart (or the whole message)
 *  has every encoded leaf decoded and its Content-Transfer-Encoding made "binary". A
 *  HEADER, TEXT or MIME section has nothing to decode and comes as it is. */
export async function urlBinary(
  ctx: CommandContext,
  t: UrlTarget,
  withStructure: boolean,
): Promise<{ value: FetchValue; part: MimePart | null }> {
  const section = t.url.section ?? WHOLE;
  const part = urlPart(t);
  if (section.text || !part || !t.root) return { value: await urlBody(ctx, t), part };
  const reader = ctx.core.messages;
  const leaf = part.type !== 'multipart' && !part.message;
  if (leaf && section.part.length > 0 && !withStructure) {
    const v = await binarySection(reader, t.rec, t.root, section.part, partialOf(t.url));
    return { value: v ?? { t: 'body', data: null }, part };
  }
  const whole = section.part.length === 0;
  const start = whole ? part.headerStart : part.bodyStart;
  const buf = await reader.readBodyBuffer(t.rec, start, part.bodyEnd);
  const converted = binaryEntity(buf, start, part, whole);
  const [s, e] = clampPartial(0, converted.data.length, partialOf(t.url));
  return { value: { t: 'body', data: converted.data.subarray(s, e), binary: true }, part: converted.part };
}

/** The value's bytes as a stream (for CATENATE's assembled message). */
export function valueSource(v: FetchValue): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  if (v.t === 'body') return v.data ? [v.data] : [];
  if (v.t === 'body-stream') return v.source();
  throw new Error(`not body data: ${v.t}`);
}

/** A URL as it may appear inside `[BADURL url]`: no "]" or controls (RFC 4469 §5 url-resp-text). */
export function badUrlText(raw: string): string {
  return raw.replace(
    /[\]\u0000-\u001f\u007f]/g,
    (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`,
  );
}
