// Reading the DATA stream: CRLF-normalised bytes (the core's rule, so what we sign is what
// the store keeps), bounded by the SIZE limit (smtp-server sets `sizeExceeded` and keeps
// draining; we stop keeping bytes). Small messages stay in memory; once a message passes
// `spoolAboveBytes` it goes to a temporary spool file instead, so twenty 50 MB messages
// arriving at once do not take a gigabyte of memory. The header block is kept in memory
// apart (the SMTP code reads and rewrites it).
//
// Invariants:
// - The spool file exists only between readData() and dispose(): a transaction that ends
//   without a 250 (abort, disconnect, oversized) leaves nothing behind, and the message
//   is stored durably by the core (fsync) before any 250, never from this file alone.
// - The DATA stream is always read to its end (smtp-server replies only after that), with
//   backpressure: the socket waits while the spool file is written.
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SMTPServerDataStream } from 'smtp-server';
import { CrlfNormalizer } from '../../core/crlf.js';
import { MessageSource } from './message-source.js';
import { refusalReply } from './replies.js';

export interface ReadDataOptions {
  /** SIZE limit (RFC 1870), after normalisation. */
  maxMessageBytes: number;
  /** Messages larger than this go to a spool file. */
  spoolAboveBytes: number;
  /** A header block larger than this is refused (it is held in memory). */
  maxHeaderBytes: number;
  /** Where spool files go (default: the system's temporary directory). */
  spoolDir?: string;
}

export interface ReceivedMessage {
  /** The whole message, from memory or the spool file. */
  source: MessageSource;
  /** The header block, up to and including the empty line (the whole message if none). */
  header: Buffer;
  size: number;
  /** Any byte >= 0x80 (8BITMIME / SMTPUTF8 needed on the next hop). */
  eightBit: boolean;
  /** True when the body is in a spool file. */
  spooled: boolean;
  /** Removes the spool file; call when the transaction is over, whatever its outcome. */
  dispose(): Promise<void>;
}

/** Why a message was not kept: over SIZE, header block too large, spool file failed (disk). */
export type RefusalReason = 'oversized' | 'header-too-large' | 'unavailable';

export type ReadData = { ok: true; message: ReceivedMessage } | { ok: false; reason: RefusalReason };

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Collects the header block from the first chunks of a message. */
class HeaderScanner {
  private head = Buffer.alloc(0);
  done = false;
  tooLarge = false;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    if (this.done || this.tooLarge) return;
    const from = Math.max(0, this.head.length - 3);
    this.head = Buffer.concat([this.head, chunk]);
    // RFC 5322 §2.1: the header ends at the first empty line (a message may start with it).
    const end = this.head.subarray(0, 2).equals(CRLFCRLF.subarray(0, 2))
      ? 0
      : this.head.indexOf(CRLFCRLF, from);
    if (end >= 0) {
      this.head = Buffer.from(this.head.subarray(0, end === 0 ? 2 : end + 4));
      this.done = true;
    } else if (this.head.length > this.max) {
      this.tooLarge = true;
      this.head = Buffer.alloc(0);
    }
  }

  /** The header block; the whole (short) message when it has no empty line. */
  value(): Buffer {
    return this.head;
  }
}

async function writeAll(fh: FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) off += (await fh.write(data, off, data.length - off)).bytesWritten;
}

function eightBitIn(data: Buffer): boolean {
  for (let i = 0; i < data.length; i++) if (data[i]! >= 0x80) return true;
  return false;
}

export async function readData(stream: SMTPServerDataStream, opts: ReadDataOptions): Promise<ReadData> {
  const norm = new CrlfNormalizer();
  const header = new HeaderScanner(opts.maxHeaderBytes);
  const memory: Buffer[] = [];
  let memoryBytes = 0;
  let size = 0;
  let eightBit = false;
  let refused: RefusalReason | null = null;
  // Set once the message passes spoolAboveBytes (an object: the closures below assign it).
  const spool: { fh: FileHandle | null; path: string | null } = { fh: null, path: null };

  const removeFile = async () => {
    const { fh, path } = spool;
    spool.fh = null;
    spool.path = null;
    await fh?.close().catch(() => {});
    if (path) await unlink(path).catch(() => {});
  };
  const refuse = async (why: RefusalReason) => {
    refused = why;
    memory.length = 0;
    await removeFile();
  };
  const keep = async (c: Buffer) => {
    if (c.length === 0 || refused) return;
    size += c.length;
    if (size > opts.maxMessageBytes) return refuse('oversized');
    header.push(c);
    if (header.tooLarge) return refuse('header-too-large');
    if (!eightBit) eightBit = eightBitIn(c);
    if (spool.fh) return writeAll(spool.fh, c);
    memory.push(c);
    memoryBytes += c.length;
    if (memoryBytes <= opts.spoolAboveBytes) return;
    spool.path = join(
      opts.spoolDir ?? tmpdir(),
      `postroom-smtp-${process.pid}-${randomBytes(9).toString('hex')}`,
    );
    spool.fh = await open(spool.path, 'wx', 0o600);
    for (const m of memory) await writeAll(spool.fh, m);
    memory.length = 0;
  };
  // A spool write that fails (disk full) refuses the message, but DATA is still drained.
  const take = (c: Buffer) => keep(c).catch(() => refuse('unavailable'));

  try {
    // Async iteration pauses the socket while a chunk is written (backpressure).
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!refused) await take(norm.push(chunk));
    }
    await take(norm.end());
    if (!refused && stream.sizeExceeded) await refuse('oversized');
    await spool.fh?.close();
    spool.fh = null;
  } catch (e) {
    // The client went away mid-DATA (smtp-server destroys the stream), or the disk failed.
    await removeFile();
    throw e;
  }
  if (refused) return { ok: false, reason: refused };
  const spoolPath = spool.path;
  const source = new MessageSource(spoolPath ? [{ path: spoolPath, start: 0, end: size }] : memory);
  return {
    ok: true,
    message: {
      source,
      header: header.done ? header.value() : await source.buffer(),
      size,
      eightBit,
      spooled: spoolPath !== null,
      dispose: async () => {
        if (spoolPath) await unlink(spoolPath).catch(() => {});
      },
    },
  };
}

/** readData, with a refusal thrown as its SMTP reply. */
export async function receiveData(
  stream: SMTPServerDataStream,
  opts: ReadDataOptions,
): Promise<ReceivedMessage> {
  const read = await readData(stream, opts);
  if (!read.ok) throw refusalReply(read.reason, opts);
  return read.message;
}

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}
