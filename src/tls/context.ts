// The server's current TLS secure context, reloaded without restart when the certificate
// or key file changes (an ACME client renewing, an admin copying new files).
//
// - Files are polled with fs.watchFile (works on every file system, survives the file being
//   replaced by rename, which fs.watch does not), and changes are debounced so a cert and
//   key written one after the other are read as one pair.
// - A new pair that cannot be read, or whose key does not match, is refused: the old
//   context stays in use and onError says why. The next change tries again.
// - Servers created through createImplicitTlsServer (server.ts) are attached and switched
//   with server.setSecureContext; STARTTLS upgrades read `context` at upgrade time.
// - TLS 1.2 is the minimum (RFC 8996 deprecates 1.0 and 1.1; RFC 8314 §4.1 for mail).

import { unwatchFile, watchFile } from 'node:fs';
import {
  createSecureContext,
  type SecureContext,
  type SecureContextOptions,
  type Server,
  type TlsOptions,
} from 'node:tls';
import { readCertificatePair } from './certificate.js';

export const TLS_MIN_VERSION = 'TLSv1.2' as const;

export interface TlsContextProviderOptions {
  certFile: string;
  keyFile: string;
  /** How often the files are polled for changes. */
  pollIntervalMs?: number;
  /** Quiet time after a change before reloading. */
  debounceMs?: number;
  onReload?: (info: { fingerprint256: string }) => void;
  onError?: (error: Error) => void;
}

const DEFAULT_POLL_MS = 5000;
const DEFAULT_DEBOUNCE_MS = 250;

interface Loaded {
  options: SecureContextOptions;
  context: SecureContext;
  fingerprint256: string;
}

async function load(certFile: string, keyFile: string): Promise<Loaded> {
  const { cert, key, x509 } = await readCertificatePair(certFile, keyFile);
  const options: SecureContextOptions = { cert, key, minVersion: TLS_MIN_VERSION };
  return { options, context: createSecureContext(options), fingerprint256: x509.fingerprint256 };
}

export class TlsContextProvider {
  private loaded: Loaded;
  private readonly servers = new Set<Server>();
  private watching = false;
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<boolean> | null = null;
  private again = false;
  private readonly onFileChange = () => this.scheduleReload();

  private constructor(
    private readonly opts: TlsContextProviderOptions,
    initial: Loaded,
  ) {
    this.loaded = initial;
  }

  /** Reads the pair once; throws CertificateError when it is unusable. Call watch() to follow changes. */
  static async create(options: TlsContextProviderOptions): Promise<TlsContextProvider> {
    return new TlsContextProvider(options, await load(options.certFile, options.keyFile));
  }

  get context(): SecureContext {
    return this.loaded.context;
  }

  get fingerprint256(): string {
    return this.loaded.fingerprint256;
  }

  /** Options for tls.createServer / new TLSSocket that always use the current context. */
  serverOptions(): TlsOptions {
    return {
      ...this.loaded.options,
      minVersion: TLS_MIN_VERSION,
      // Clients sending SNI get the current context even on a server not attached.
      SNICallback: (_servername, cb) => cb(null, this.loaded.context),
    };
  }

  /** Keeps `server`'s default context current; returns the function that detaches it. */
  attach(server: Server): () => void {
    this.servers.add(server);
    return () => this.servers.delete(server);
  }

  /** Starts polling the files. */
  watch(): void {
    if (this.watching) return;
    this.watching = true;
    const interval = this.opts.pollIntervalMs ?? DEFAULT_POLL_MS;
    for (const f of [this.opts.certFile, this.opts.keyFile])
      watchFile(f, { interval, persistent: false }, this.onFileChange);
  }

  /** Stops polling; the current context stays usable. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.watching) return;
    this.watching = false;
    for (const f of [this.opts.certFile, this.opts.keyFile]) unwatchFile(f, this.onFileChange);
  }

  /**
   * Reads the files again now (also for SIGHUP). Resolves true when a new pair is in use,
   * false when nothing changed or the new pair was refused (then onError was called).
   */
  reload(): Promise<boolean> {
    // One reload at a time. A request during a reload runs once more afterwards, so a
    // file written while the previous read was under way is never missed.
    if (this.reloading !== null) {
      this.again = true;
      return this.reloading;
    }
    const run = async (): Promise<boolean> => {
      let changed = false;
      do {
        this.again = false;
        changed = (await this.doReload()) || changed;
      } while (this.again);
      return changed;
    };
    this.reloading = run().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private scheduleReload(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reload();
    }, this.opts.debounceMs ?? DEFAULT_DEBOUNCE_MS);
    this.timer.unref();
  }

  private async doReload(): Promise<boolean> {
    let next: Loaded;
    try {
      next = await load(this.opts.certFile, this.opts.keyFile);
    } catch (e) {
      this.opts.onError?.(e instanceof Error ? e : new Error(String(e)));
      return false;
    }
    const prev = this.loaded.options;
    if (
      next.fingerprint256 === this.loaded.fingerprint256 &&
      Buffer.compare(next.options.key as Buffer, prev.key as Buffer) === 0
    )
      return false;
    this.loaded = next;
    for (const server of this.servers) server.setSecureContext(next.options);
    this.opts.onReload?.({ fingerprint256: next.fingerprint256 });
    return true;
  }
}
