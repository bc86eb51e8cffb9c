// The data directory: created when missing, checked writable before anything else
// touches it, so the operator gets one clear line instead of a driver error.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { StartupError } from './errors.js';

export async function prepareDataDir(dir: string): Promise<void> {
  try {
    await makeDirs(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StartupError(`cannot create data directory ${dir}: ${describe(code)}`, { cause: e });
  }
  const probe = join(dir, `.write-test-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, '');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StartupError(`data directory ${dir} is not writable: ${describe(code)}`, { cause: e });
  }
  await rm(probe, { force: true });
}

function describe(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way';
    case 'ENOENT':
      return 'no such file or directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return code ?? 'unknown error';
  }
}

/**
 * mkdir -p, one level at a time: Node 20's `recursive: true` can loop forever on some
 * paths (e.g. under /proc) instead of failing.
 */
async function makeDirs(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw e;
    }
    if (code !== 'ENOENT' || dirname(dir) === dir) throw e;
    await makeDirs(dirname(dir));
    await mkdir(dir, { mode: 0o700 }).catch((e2: NodeJS.ErrnoException) => {
      if (e2.code !== 'EEXIST') throw e2;
    });
  }
}
