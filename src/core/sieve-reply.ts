// Automatic replies for vacation (RFC 5230 §5) and reject (RFC 5429 §2.1, sent as a
// plain notice rather than a full MDN), built as RFC 5322 text.
import { randomBytes } from 'node:crypto';
import { encodeWordUtf8 } from '../mime/index.js';
import { rfc5322Date } from '../util/rfc5322-date.js';

export interface ReplyInput {
  from: string;
  to: string;
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  now: Date;
  /** The body is already a MIME entity (vacation :mime). */
  mime?: boolean;
}

const header = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : encodeWordUtf8(s));

export function buildReply(r: ReplyInput): Buffer {
  const domain = r.from.split('@')[1] ?? 'localhost';
  const lines = [
    `From: ${r.from}`,
    `To: ${r.to}`,
    `Subject: ${header(r.subject)}`,
    `Date: ${rfc5322Date(r.now)}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${domain}>`,
    ...(r.inReplyTo ? [`In-Reply-To: <${r.inReplyTo}>`] : []),
    ...(r.inReplyTo || r.references.length
      ? [
          `References: ${[...r.references, ...(r.inReplyTo ? [r.inReplyTo] : [])].map((x) => `<${x}>`).join(' ')}`,
        ]
      : []),
    'Auto-Submitted: auto-replied', // RFC 3834 §5
    'MIME-Version: 1.0',
  ];
  const body = r.text.replace(/\r?\n/g, '\r\n');
  if (r.mime) return Buffer.from(`${lines.join('\r\n')}\r\n${body}`);
  lines.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}${body.endsWith('\r\n') ? '' : '\r\n'}`);
}
