// The usual pair of a mail protocol: one plain listener (upgraded with STARTTLS/STLS) and
// one implicit-TLS listener (993, 995), sharing limits and refusal handling. Either may
// be disabled (null). If the second fails to bind, the first is closed again, so a failed
// start leaves no port open.
import type { TlsContextProvider } from '../tls/context.js';
import { type Listener, type ListenerOptions, listen } from './listener.js';

export interface BindSpec {
  host?: string;
  port: number;
}

export type SharedListenerOptions = Omit<ListenerOptions, 'name' | 'host' | 'port' | 'tls'>;

export async function listenPair(
  names: { plain: string; tls: string },
  bind: { plain?: BindSpec | null; tls?: BindSpec | null },
  provider: TlsContextProvider | null | undefined,
  shared: SharedListenerOptions,
): Promise<Listener[]> {
  const out: Listener[] = [];
  try {
    if (bind.plain)
      out.push(
        await listen({ ...shared, name: names.plain, host: bind.plain.host ?? '::', port: bind.plain.port }),
      );
    if (bind.tls && provider)
      out.push(
        await listen({
          ...shared,
          name: names.tls,
          host: bind.tls.host ?? '::',
          port: bind.tls.port,
          tls: provider,
        }),
      );
  } catch (e) {
    for (const l of out) for (const s of l.close()) s.destroy();
    throw e;
  }
  return out;
}
