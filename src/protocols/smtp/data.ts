// Reading the DATA stream: CRLF-normalised bytes in memory, bounded by the SIZE limit
// (smtp-server sets `sizeExceeded` and keeps draining; we stop keeping bytes).
import { isIP } from 'node:net';
import type { SMTPServerDataStream } from 'smtp-server';
import { CrlfNormaliser } from './crlf.js';

export interface ReadData {
  data: Buffer;
  oversized: boolean;
}

export function readData(stream: SMTPServerDataStream, maxBytes: number): Promise<ReadData> {
  return new Promise((resolve, reject) => {
    const norm = new CrlfNormaliser();
    const chunks: Buffer[] = [];
    let size = 0;
    let oversized = false;
    stream.on('data', (chunk: Buffer) => {
      if (oversized) return;
      const c = norm.push(chunk);
      size += c.length;
      if (size > maxBytes) {
        oversized = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    stream.once('error', reject);
    stream.once('end', () => {
      resolve({
        data: Buffer.concat(chunks, oversized ? 0 : size),
        oversized: oversized || stream.sizeExceeded,
      });
    });
  });
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  if (isIP(a) === 4) return a.startsWith('127.');
  return a === '::1';
}

/** Any byte >= 0x80 (8BITMIME / SMTPUTF8 needed on the next hop). */
export function hasEightBit(data: Buffer): boolean {
  for (let i = 0; i < data.length; i++) if (data[i]! >= 0x80) return true;
  return false;
}
