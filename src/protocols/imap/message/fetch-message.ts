// The items of one message's FETCH response (RFC 9051 §7.5.2), from its record and, when
// an item needs it, the stored structure (BlobMeta, cached for the command).

import type { MessageService } from '../../../core/messages.js';
import { parseStructure, type StoredStructure } from '../../../core/structure.js';
import { formatBodyStructure } from '../../../mime/bodystructure.js';
import { formatEnvelope } from '../../../mime/envelope.js';
import type { BlobMeta, MessageRecord } from '../../../store/types.js';
import type { EncodeOptions } from '../wire/encode.js';
import type { FetchAttr } from '../wire/fetch-items.js';
import { type FetchItem, fetchItemName } from '../wire/fetch-response.js';
import { binarySection, binarySize, bodySection } from './fetch-body.js';

type Messages = Pick<MessageService, 'readBody' | 'readBodyBuffer' | 'blobMeta'>;

/** Items that need the blob's metadata (structure, preview). */
export function needsMeta(a: FetchAttr): boolean {
  if (a.kind === 'preview' || a.kind === 'binary' || a.kind === 'binary-size') return true;
  if (a.kind === 'body-section') return a.section.part.length > 0 || a.section.text !== null;
  return ['ENVELOPE', 'BODY', 'BODYSTRUCTURE', 'RFC822.HEADER', 'RFC822.TEXT'].includes(a.name);
}

/** A tiny per-command cache of parsed structures (copies of one blob share it). */
export class MetaCache {
  private readonly map = new Map<string, { meta: BlobMeta; parsed: StoredStructure }>();
  constructor(
    private readonly messages: Messages,
    private readonly max = 32,
  ) {}

  async get(blobId: string): Promise<{ meta: BlobMeta; parsed: StoredStructure }> {
    const hit = this.map.get(blobId);
    if (hit) return hit;
    const meta = await this.messages.blobMeta(blobId);
    if (!meta) throw new Error(`blob ${blobId} has no metadata`);
    const v = { meta, parsed: parseStructure(meta.structure) };
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(blobId, v);
    return v;
  }
}

export class MissingPartError extends Error {}

const HEADER = { part: [], text: { kind: 'HEADER' as const } };
const TEXT = { part: [], text: { kind: 'TEXT' as const } };
const WHOLE = { part: [], text: null };

/** Builds the response items for `rec`, in the order asked. */
export async function messageItems(
  messages: Messages,
  cache: MetaCache,
  rec: MessageRecord,
  attrs: readonly FetchAttr[],
  enc: EncodeOptions,
): Promise<FetchItem[]> {
  const m = attrs.some(needsMeta) ? await cache.get(rec.blobId) : null;
  const root = m?.parsed.structure ?? null;
  const items: FetchItem[] = [];
  for (const a of attrs) {
    const name = fetchItemName(a);
    switch (a.kind) {
      case 'simple':
        switch (a.name) {
          case 'UID':
            items.push({ name, value: { t: 'number', n: rec.uid } });
            break;
          case 'FLAGS':
            items.push({ name, value: { t: 'flags', flags: rec.flags } });
            break;
          case 'INTERNALDATE':
            items.push({ name, value: { t: 'date', time: rec.internalDate.getTime() } });
            break;
          case 'SAVEDATE':
            items.push({ name, value: { t: 'date', time: rec.saveDate.getTime() } });
            break;
          case 'RFC822.SIZE':
            items.push({ name, value: { t: 'number', n: rec.size } });
            break;
          case 'MODSEQ':
            items.push({ name, value: { t: 'modseq', n: rec.modseq } });
            break;
          case 'EMAILID':
            items.push({ name, value: { t: 'objectid', id: rec.emailId } });
            break;
          case 'THREADID':
            items.push({ name, value: { t: 'objectid', id: rec.threadId } });
            break;
          case 'ENVELOPE':
            items.push({ name, value: { t: 'sexpr', v: { atom: formatEnvelope(m!.parsed.envelope, enc) } } });
            break;
          case 'BODY':
          case 'BODYSTRUCTURE':
            items.push({
              name,
              value: { t: 'sexpr', v: { atom: formatBodyStructure(root!, a.name === 'BODYSTRUCTURE', enc) } },
            });
            break;
          case 'RFC822':
            items.push({ name, value: await bodySection(messages, rec, root, WHOLE, null) });
            break;
          case 'RFC822.HEADER':
            items.push({ name, value: await bodySection(messages, rec, root, HEADER, null) });
            break;
          case 'RFC822.TEXT':
            items.push({ name, value: await bodySection(messages, rec, root, TEXT, null) });
            break;
        }
        break;
      case 'body-section':
        items.push({ name, value: await bodySection(messages, rec, root, a.section, a.partial) });
        break;
      case 'binary': {
        const v = await binarySection(messages, rec, root!, a.part, a.partial);
        if (!v) throw new MissingPartError(`No part ${a.part.join('.')} in message UID ${rec.uid}`);
        items.push({ name, value: v });
        break;
      }
      case 'binary-size': {
        const n = await binarySize(messages, rec, root!, a.part);
        if (n === null) throw new MissingPartError(`No part ${a.part.join('.')} in message UID ${rec.uid}`);
        items.push({ name, value: { t: 'number', n } });
        break;
      }
      case 'preview':
        items.push({ name, value: { t: 'nstring', s: m!.meta.preview } });
        break;
    }
  }
  return items;
}
