// An in-memory Pop3Backend for session tests that must not depend on the store: an
// in-process maildrop lock, snapshot semantics and deferred deletion, with messages held
// as Buffers. Tests against the real core and store use ./core-fixture.ts instead.
import { Readable } from 'node:stream';
import { isLoopback } from '../../../src/net/address.js';
import type { LoginOutcome, Maildrop, Pop3Backend } from '../../../src/protocols/pop3/maildrop.js';

export interface MemoryMessage {
  uidl: string;
  bytes: Buffer;
}

export class MemoryBackend implements Pop3Backend {
  readonly defaultExpire = 'NEVER' as const;
  /** Maildrops locked by a session now. */
  readonly locks = new Set<string>();
  readonly users = new Map<string, { password: string; messages: MemoryMessage[] }>();
  readonly downloads: string[] = [];
  /** Chunk size used when streaming a message (tests set it small to exercise boundaries). */
  chunkSize = 65536;
  private next = 1;

  addUser(address: string, password: string): void {
    this.users.set(address, { password, messages: [] });
  }

  deliver(address: string, bytes: Buffer | string): string {
    const uidl = `M${String(this.next++).padStart(6, '0')}`;
    this.users.get(address)!.messages.push({ uidl, bytes: Buffer.from(bytes) });
    return uidl;
  }

  /** Removes a message as another client (IMAP expunge) would. */
  expunge(address: string, uidl: string): void {
    const u = this.users.get(address)!;
    u.messages = u.messages.filter((m) => m.uidl !== uidl);
  }

  plaintextAllowed(secure: boolean, remoteAddress: string): boolean {
    return secure || isLoopback(remoteAddress);
  }

  async login(username: string, password: string): Promise<LoginOutcome> {
    const u = this.users.get(username);
    if (!u || u.password !== password) return { ok: false, reason: 'bad', message: 'Authentication failed' };
    if (this.locks.has(username))
      return { ok: false, reason: 'in-use', message: 'Maildrop already in use by another session' };
    this.locks.add(username);
    const release = () => this.locks.delete(username);
    const snapshot = u.messages.map((m) => ({ uidl: m.uidl, size: m.bytes.length }));
    const find = (i: number) => u.messages.find((m) => m.uidl === snapshot[i]!.uidl) ?? null;
    const maildrop: Maildrop = {
      entries: snapshot,
      expire: 'NEVER',
      open: async (i) => {
        const m = find(i);
        if (!m) return null;
        const chunks: Buffer[] = [];
        for (let p = 0; p < m.bytes.length; p += this.chunkSize)
          chunks.push(m.bytes.subarray(p, p + this.chunkSize));
        return Readable.from(chunks);
      },
      retrieved: async (i) => {
        this.downloads.push(snapshot[i]!.uidl);
      },
      commit: async (deleted) => {
        const gone = new Set(deleted.map((i) => snapshot[i]!.uidl));
        u.messages = u.messages.filter((m) => !gone.has(m.uidl));
        return { failed: 0 };
      },
      release,
    };
    return { ok: true, maildrop, address: username };
  }
}
