// ENVELOPE, BODY and BODYSTRUCTURE values (RFC 9051 §7.5.2, §9 body, envelope) as
// S-expressions for fetch-response.ts. The input shapes are declared here (the wire layer
// may not import src/mime); src/mime/types.ts's Envelope and MimePart match them
// structurally, so the session passes those objects straight in.

import type { SExpr } from './encode.js';

export interface WireAddress {
  name: string | null;
  adl: string | null;
  mailbox: string | null;
  host: string | null;
}

export interface WireEnvelope {
  date: string | null;
  subject: string | null;
  from: WireAddress[] | null;
  sender: WireAddress[] | null;
  replyTo: WireAddress[] | null;
  to: WireAddress[] | null;
  cc: WireAddress[] | null;
  bcc: WireAddress[] | null;
  inReplyTo: string | null;
  messageId: string | null;
}

export interface WirePart {
  bodyStart: number;
  bodyEnd: number;
  type: string;
  subtype: string;
  params: [string, string][];
  id: string | null;
  description: string | null;
  encoding: string;
  md5: string | null;
  disposition: { value: string; params: [string, string][] } | null;
  language: string[] | null;
  location: string | null;
  lines: number;
  children?: WirePart[];
  message?: { envelope: WireEnvelope; part: WirePart };
}

function addresses(list: WireAddress[] | null): SExpr {
  if (!list || list.length === 0) return null;
  // env-from = "(" 1*address ")" / nil: no SP between addresses (RFC 9051 §9).
  return [{ concat: list.map((a) => [a.name, a.adl, a.mailbox, a.host]) }];
}

/** RFC 9051 envelope. Sender and Reply-To default to From when absent (§7.5.2). */
export function envelopeSExpr(e: WireEnvelope): SExpr {
  const from = addresses(e.from);
  const sender = addresses(e.sender);
  const replyTo = addresses(e.replyTo);
  return [
    e.date,
    e.subject,
    from,
    sender ?? from,
    replyTo ?? from,
    addresses(e.to),
    addresses(e.cc),
    addresses(e.bcc),
    e.inReplyTo,
    e.messageId,
  ];
}

/** body-fld-param: ("NAME" "value" ...) or NIL. */
function params(p: [string, string][]): SExpr {
  if (p.length === 0) return null;
  return p.flatMap(([k, v]) => [k.toUpperCase(), v]);
}

/** body-fld-dsp SP body-fld-lang SP body-fld-loc (shared by single and multi parts). */
function extTail(p: WirePart): SExpr[] {
  const dsp: SExpr = p.disposition ? [p.disposition.value.toUpperCase(), params(p.disposition.params)] : null;
  const lang: SExpr = p.language && p.language.length > 0 ? p.language : null;
  return [dsp, lang, p.location];
}

const MAX_DEPTH = 100;

/** BODYSTRUCTURE (extensible = true) or BODY (false) of a part tree. */
export function bodyStructureSExpr(part: WirePart, extensible: boolean, depth = 0): SExpr {
  const type = part.type.toUpperCase();
  const subtype = part.subtype.toUpperCase();
  if (type === 'MULTIPART' && part.children && part.children.length > 0 && depth < MAX_DEPTH) {
    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]: no SP between bodies.
    const out: SExpr[] = [{ concat: part.children.map((c) => bodyStructureSExpr(c, extensible, depth + 1)) }];
    out.push(subtype);
    if (extensible) out.push(params(part.params), ...extTail(part));
    return out;
  }
  const fields: SExpr[] = [
    type,
    subtype,
    params(part.params),
    part.id,
    part.description,
    part.encoding.toUpperCase(),
    part.bodyEnd - part.bodyStart,
  ];
  if (
    type === 'MESSAGE' &&
    (subtype === 'RFC822' || subtype === 'GLOBAL') &&
    part.message &&
    depth < MAX_DEPTH
  ) {
    fields.push(
      envelopeSExpr(part.message.envelope),
      bodyStructureSExpr(part.message.part, extensible, depth + 1),
      part.lines,
    );
  } else if (type === 'TEXT') {
    fields.push(part.lines);
  }
  if (extensible) fields.push(part.md5, ...extTail(part));
  return fields;
}
