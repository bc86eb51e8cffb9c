// A fresh SQLite store in a temp dir for core tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../src/store/types.js';
import { openSqliteStore } from '../../src/store-sqlite/index.js';

export async function tempStore(): Promise<{ store: Store; dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'postroom-core-'));
  const store = await openSqliteStore(dir);
  return {
    store,
    dir,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

import type { MessageAnalysis, MessageAnalyzer, MimePart } from '../../src/mime/types.js';

/**
 * A minimal stand-in for src/mime's analyzer (used only until it lands on main): reads a
 * few header fields from the header block; the body is kept as text.
 */
export function testAnalyzer(): MessageAnalyzer {
  const chunks: Buffer[] = [];
  return {
    write(c) {
      chunks.push(Buffer.from(c));
    },
    end(): MessageAnalysis {
      const raw = Buffer.concat(chunks);
      const sep = raw.indexOf('\r\n\r\n');
      const headerText = (sep < 0 ? raw : raw.subarray(0, sep)).toString('utf8').replace(/\r\n[ \t]+/g, ' ');
      const bodyStart = sep < 0 ? raw.length : sep + 4;
      const h = (name: string) => {
        const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headerText);
        return m ? m[1]!.trim() : null;
      };
      const ids = (v: string | null) => (v ? [...v.matchAll(/<([^>]+)>/g)].map((m) => m[1]!) : []);
      const part: MimePart = {
        headerStart: 0,
        bodyStart,
        bodyEnd: raw.length,
        type: 'text',
        subtype: 'plain',
        params: [],
        id: null,
        description: null,
        encoding: '7BIT',
        md5: null,
        disposition: null,
        language: null,
        location: null,
        lines: 0,
      };
      const date = h('date');
      return {
        size: raw.length,
        structure: part,
        envelope: {
          date,
          subject: h('subject'),
          from: null,
          sender: null,
          replyTo: null,
          to: null,
          cc: null,
          bcc: null,
          inReplyTo: h('in-reply-to'),
          messageId: h('message-id'),
        },
        index: {
          subject: h('subject') ?? '',
          from: h('from') ?? '',
          to: h('to') ?? '',
          cc: h('cc') ?? '',
          fromDisplay: h('from') ?? '',
          toDisplay: h('to') ?? '',
          sentDate: date ? new Date(date) : null,
          messageId: ids(h('message-id'))[0] ?? null,
          inReplyTo: ids(h('in-reply-to'))[0] ?? null,
          references: ids(h('references')),
          headerText,
          bodyText: raw.subarray(bodyStart).toString('utf8'),
          preview: raw.subarray(bodyStart, bodyStart + 200).toString('utf8'),
          hasAttachment: false,
        },
      };
    },
  };
}

import { createCore, type MailCore } from '../../src/core/index.js';

export async function tempCore(
  limits: { maxMessageSize?: number } = {},
): Promise<{ core: MailCore; store: Store; dir: string; cleanup(): Promise<void> }> {
  const t = await tempStore();
  const core = createCore({ store: t.store, analyzer: testAnalyzer, limits });
  return { ...t, core };
}

/** An async iterable over chunks, as a socket would give them. */
export async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}
