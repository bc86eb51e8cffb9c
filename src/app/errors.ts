// Failures at start-up that the operator can fix (data dir not writable, port in use,
// store not available). The CLI prints the message as one line, without a stack.
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** Turns a listen() failure into a StartupError naming the listener and port. */
export function listenError(e: unknown, listener: string, host: string | undefined, port: number): Error {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const where = `${host ?? '*'}:${port} (${listener})`;
  if (code === 'EADDRINUSE')
    return new StartupError(`cannot listen on ${where}: the port is already in use`, { cause: e });
  if (code === 'EACCES')
    return new StartupError(
      `cannot listen on ${where}: permission denied (ports below 1024 need privileges; try --dev)`,
      {
        cause: e,
      },
    );
  if (code === 'EADDRNOTAVAIL')
    return new StartupError(`cannot listen on ${where}: no such local address`, { cause: e });
  return e instanceof Error ? e : new Error(String(e));
}
