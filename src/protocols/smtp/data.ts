// Reading the DATA stream: CRLF-normalised bytes (the core's rule, so what we sign is what
// the store keeps) in memory, bounded by the SIZE limit
// (smtp-server sets `sizeExceeded` and keeps draining; we stop keeping bytes).
import type { SMTPServerDataStream } from 'smtp-server';
import { CrlfNormalizer } from '../../core/crlf.js';

export interface ReadData {
  data: Buffer;
  oversized: boolean;
}

export function readData(stream: SMTPServerDataStream, maxBytes: number): Promise<ReadData> {
  return new Promise((resolve, reject) => {
    const norm = new CrlfNormalizer();
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
      const tail = norm.end();
      if (!oversized && tail.length) {
        size += tail.length;
        chunks.push(tail);
      }
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

/** Any byte >= 0x80 (8BITMIME / SMTPUTF8 needed on the next hop). */
export function hasEightBit(data: Buffer): boolean {
  for (let i = 0; i < data.length; i++) if (data[i]! >= 0x80) return true;
  return false;
}
