// Message bodies as content-addressed files: blobs/ab/cd/<sha256>, written once, never
// rewritten. Incoming bytes go to blobs/tmp/ first (same filesystem), are linked into place
// and fsynced with their directory before any row names them (commitTemp): a blob a row
// names exists whole.
import {
  closeSync,
  createReadStream,
  close as fsClose,
  open as fsOpen,
  read as fsRead,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  unlinkSync,
} from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { MailError } from '../core/errors.js';
import type { BlobId, BlobStore } from '../store/types.js';
import { fsyncDir, fsyncPath } from '../util/fsync.js';

const HEX64 = /^[0-9a-f]{64}$/;
/** Unreferenced blob files and temp files younger than this are left alone (in-flight writes). */
export const GRACE_MS = 60 * 60 * 1000;

export interface FileBlobStore extends BlobStore {
  pathOf(id: BlobId): string;
  /** Deletes temp files older than `olderThanMs`; returns how many. */
  dropTemp(olderThanMs: number): Promise<number>;
  /** Every blob id present on disk, in pages (for garbage collection). */
  listFiles(): AsyncGenerator<{ id: BlobId; mtimeMs: number }[]>;
}

/**
 * Ranges up to this size are read with synchronous calls. From the page cache that is a
 * few microseconds, less than one round trip through libuv's thread pool (four of them:
 * open, stat, read, close), and on a loaded machine each round trip also waits for a pool
 * thread and then the main thread to be scheduled again: measured with 50 POP3 clients,
 * RETR latency fell from ~30 ms to a few. A cold read blocks the loop for one disk read.
 */
const SYNC_READ_MAX = 256 * 1024;

function readSmall(path: string, id: BlobId, start: number, end: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code === 'ENOENT'
      ? new MailError('NotFound', `blob ${id} missing`)
      : e;
  }
  try {
    const buf = Buffer.allocUnsafe(Math.max(0, end - start));
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, start + off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** Chunk size of streamed reads: 64 KiB (the default) costs a read and a socket write per
 *  64 KiB and measured 3-5x slower than 256 KiB on 2,000 realistic messages. */
const READ_CHUNK = 256 * 1024;

const notFound = (id: string) => (e: NodeJS.ErrnoException) =>
  e.code === 'ENOENT' ? new MailError('NotFound', `blob ${id} missing`) : e;

/**
 * [start, end) of a file in one buffer: open, read(s), close with the callback API (no
 * stat: a file shorter than `end` gives fewer bytes). Half the main-thread work of the
 * promise API's FileHandle per small read, which FETCH of many bodies does thousands of.
 */
function readRange(path: string, start: number, end: number): Promise<Buffer> {
  const len = Math.max(0, end - start);
  return new Promise((resolve, reject) => {
    fsOpen(path, 'r', (err, fd) => {
      if (err) return reject(notFound(basename(path))(err));
      const buf = Buffer.allocUnsafe(len);
      const done = (e: Error | null, n: number) =>
        fsClose(fd, () => (e ? reject(e) : resolve(n === len ? buf : buf.subarray(0, n))));
      const step = (off: number) => {
        if (off >= len) return done(null, off);
        fsRead(fd, buf, off, len - off, start + off, (e, n) => {
          if (e) return done(e, off);
          if (n === 0) return done(null, off);
          step(off + n);
        });
      };
      step(0);
    });
  });
}

/**
 * Gives `temp`'s file the name `dest` with link(2), which never replaces an existing file
 * (rename would). null: the name exists. On success, the directories that had to be
 * created, whose entries in their parents must be made durable too. Synchronous: a link
 * or mkdir in a cached directory takes microseconds, a thread-pool round trip 0.1-0.2 ms.
 */
function takeName(temp: string, dest: string, root: string): { newDirs: string[] } | null {
  const dir = dirname(dest);
  try {
    linkSync(temp, dest);
    return { newDirs: [] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return null;
    if (code !== 'ENOENT') throw e;
  }
  const created = mkdirSync(dir, { recursive: true });
  try {
    linkSync(temp, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw e;
  }
  // The parent of the leaf holds its entry; the root too when the first level is new.
  const newDirs = created === undefined ? [] : [dirname(dir)];
  if (created !== undefined && dirname(created) === root) newDirs.push(root);
  return { newDirs };
}

/** Sets a file's mtime to now; false when it does not exist. */
function touch(path: string): Promise<boolean> {
  const t = new Date();
  return utimes(path, t, t).then(
    () => true,
    () => false,
  );
}

function tryUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // a leftover temp file is removed by dropTemp
  }
}

function checkId(id: BlobId): void {
  if (!HEX64.test(id)) throw new MailError('Invalid', `bad blob id ${id}`);
}

/** Bodies kept in the database (blob_bodies, written with their message's row). */
export interface InlineBodies {
  /** Largest body kept inline (BlobStore.inlineMax). */
  max: number;
  /** [start, end) of the body of `id` (the rest when end is absent), or null when it is
   *  not kept inline. start < end, start >= 0. */
  read(id: BlobId, start: number, end: number | undefined): Buffer | null;
  /** Whether the body of `id` is kept inline (reads none of its bytes). */
  has(id: BlobId): boolean;
}

export async function createFileBlobStore(
  root: string,
  referenced: (ids: BlobId[]) => Set<BlobId>,
  dropUnreferencedRows: () => Promise<number>,
  inline: InlineBodies,
): Promise<FileBlobStore> {
  const tmp = join(root, 'tmp');
  await mkdir(tmp, { recursive: true });
  // Plain concatenation: path.join normalises the string again on every read.
  const base = resolve(root);
  const pathOf = (id: BlobId) => `${base}/${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`;

  async function* listFiles(): AsyncGenerator<{ id: BlobId; mtimeMs: number }[]> {
    for (const a of await readdir(root)) {
      if (a.length !== 2) continue;
      for (const b of await readdir(join(root, a)).catch(() => [] as string[])) {
        const dir = join(root, a, b);
        const page: { id: BlobId; mtimeMs: number }[] = [];
        for (const name of await readdir(dir).catch(() => [] as string[])) {
          if (!HEX64.test(name)) continue;
          const st = await stat(join(dir, name)).catch(() => null);
          if (st) page.push({ id: name, mtimeMs: st.mtimeMs });
        }
        if (page.length) yield page;
      }
    }
  }

  /**
   * Removes one unreferenced blob without racing a delivery that reuses it: the file is
   * first renamed aside, then the references and its mtime (commitTemp touches it) are
   * checked again; if it came back into use it is renamed back (same content, so
   * overwriting a fresh copy is harmless).
   */
  const collect = async (id: BlobId): Promise<boolean> => {
    const aside = join(tmp, `gc-${id}`);
    if (
      !(await rename(pathOf(id), aside).then(
        () => true,
        () => false,
      ))
    )
      return false;
    const st = await stat(aside).catch(() => null);
    const inUse = referenced([id]).has(id) || (st !== null && st.mtimeMs > Date.now() - GRACE_MS);
    if (inUse) {
      await rename(aside, pathOf(id));
      await fsyncDir(dirname(pathOf(id)));
      return false;
    }
    await unlink(aside).catch(() => {});
    return true;
  };

  const store: FileBlobStore = {
    inlineMax: inline.max,
    pathOf,
    tempDir: () => tmp,
    async commitTemp(tempPath, id) {
      checkId(id);
      const dest = pathOf(id);
      // Same content already stored (a blob row names it, so its file is durable): refresh
      // the file's mtime so the collector's grace period covers this new reference, and
      // drop the temp copy. Asking the database, not the file system, spares new content a
      // lookup in a directory that may not be cached. If the file is gone after all (the
      // collector took it meanwhile), ours goes in.
      if (referenced([id]).has(id) && (await touch(dest))) {
        tryUnlink(tempPath);
        return;
      }
      const dir = dirname(dest);
      const taken = takeName(tempPath, dest, base);
      if (taken) {
        // The name is ours and nobody reads it before our row commits: the data and the
        // name are made durable at once (two fsyncs in flight wait for one journal commit,
        // where one after the other cost two).
        await Promise.all([fsyncPath(tempPath), fsyncDir(dir), ...taken.newDirs.map((d) => fsyncDir(d))]);
        tryUnlink(tempPath);
        return;
      }
      // A file has the name but no row does: the same bytes being stored by another session
      // right now, or a copy a crash left before it was durable. Ours replaces it, durable
      // first, so the name never points at bytes that could still be lost.
      await fsyncPath(tempPath);
      await rename(tempPath, dest);
      await fsyncDir(dir);
    },
    read(id, start, end) {
      checkId(id);
      if (end !== undefined && start !== undefined && end <= start) {
        // An empty range: createReadStream has no way to say "zero bytes".
        return Readable.from([]);
      }
      const kept = inline.read(id, Math.max(0, start ?? 0), end);
      if (kept) return Readable.from(kept.length ? [kept] : []);
      return createReadStream(pathOf(id), {
        start: start ?? 0,
        ...(end !== undefined ? { end: end - 1 } : {}),
        highWaterMark: READ_CHUNK,
      });
    },
    async readBuffer(id, start, end) {
      checkId(id);
      const from = Math.max(0, start ?? 0);
      if (end !== undefined && end <= from) return Buffer.alloc(0);
      const kept = inline.read(id, from, end);
      if (kept) return kept;
      if (start !== undefined && end !== undefined && end - start <= SYNC_READ_MAX)
        return readSmall(pathOf(id), id, start, end);
      if (end !== undefined) return readRange(pathOf(id), Math.max(0, start ?? 0), end);
      const fh = await open(pathOf(id), 'r').catch((e: NodeJS.ErrnoException) => {
        throw notFound(id)(e);
      });
      try {
        const size = (await fh.stat()).size;
        const from = Math.min(start ?? 0, size);
        const to = Math.max(from, Math.min(end ?? size, size));
        const buf = Buffer.alloc(to - from);
        let off = 0;
        while (off < buf.length) {
          const { bytesRead } = await fh.read(buf, off, buf.length - off, from + off);
          if (bytesRead === 0) break;
          off += bytesRead;
        }
        return buf.subarray(0, off);
      } finally {
        await fh.close();
      }
    },
    async exists(id) {
      if (!HEX64.test(id)) return false;
      if (inline.has(id)) return true;
      return (await stat(pathOf(id)).catch(() => null)) !== null;
    },
    async dropTemp(olderThanMs) {
      let n = 0;
      const limit = Date.now() - olderThanMs;
      for (const name of await readdir(tmp)) {
        const p = join(tmp, name);
        const st = await stat(p).catch(() => null);
        if (st && st.mtimeMs <= limit) {
          await rm(p, { force: true, recursive: true });
          n++;
        }
      }
      return n;
    },
    listFiles,
    async collectGarbage() {
      await dropUnreferencedRows();
      let n = 0;
      const limit = Date.now() - GRACE_MS;
      for await (const page of listFiles()) {
        const old = page.filter((f) => f.mtimeMs <= limit).map((f) => f.id);
        if (old.length === 0) continue;
        const keep = referenced(old);
        for (const id of old) {
          if (keep.has(id)) continue;
          if (await collect(id)) n++;
        }
      }
      await store.dropTemp(GRACE_MS);
      return n;
    },
  };
  return store;
}
