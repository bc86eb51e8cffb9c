// One attempt to deliver a message to all its recipients in ONE domain: pick the
// route, resolve MX hosts, and walk them in order. A host that gives only temporary
// results (unreachable, 4xx) hands the remaining recipients to the next host
// (RFC 5321 §5.1: "try each of the MX hosts in order").
import type { Readable } from 'node:stream';
import { type MxResolver, resolveMxHosts } from './mx.js';
import { type RouteConfig, routeFor } from './routes.js';
import { type ClientOptions, type DeliveryTarget, type OutboundEnvelope, sendToHost } from './smtp-client.js';
import { OutboundError, type RecipientOutcome } from './types.js';

export interface RemoteDeliveryDeps {
  routes: RouteConfig;
  resolver: MxResolver;
  client: ClientOptions;
  /** Port for MX delivery; 25 except in tests. */
  mxPort: number;
  /** Swappable for tests; defaults to the real SMTP client. */
  send?: typeof sendToHost;
}

async function targetsFor(domain: string, deps: RemoteDeliveryDeps): Promise<DeliveryTarget[]> {
  const route = routeFor(domain, deps.routes);
  const base = { secure: false, requireTls: false, auth: null, verifyCertificate: false };
  switch (route.kind) {
    case 'fixed':
      return [{ ...base, host: route.host, port: route.port }];
    case 'relay': {
      const r = route.relay;
      return [
        {
          host: r.host,
          port: r.port,
          secure: r.secure,
          requireTls: r.requireTls,
          auth: r.auth,
          verifyCertificate: true,
        },
      ];
    }
    case 'mx': {
      const hosts = await resolveMxHosts(route.domain, deps.resolver);
      return hosts.map((h) => ({ ...base, host: h.host, port: deps.mxPort }));
    }
  }
}

export async function deliverToDomain(
  domain: string,
  envelope: OutboundEnvelope,
  body: () => Readable | Buffer,
  deps: RemoteDeliveryDeps,
): Promise<RecipientOutcome[]> {
  let targets: DeliveryTarget[];
  try {
    targets = await targetsFor(domain, deps);
  } catch (e) {
    const err = e instanceof OutboundError ? e : new OutboundError(String(e), false, '4.4.3');
    return envelope.to.map((recipient) => ({
      recipient,
      status: err.permanent ? 'permanent' : 'temporary',
      code: null,
      enhanced: err.enhanced,
      diagnostic: err.message,
      remoteMta: null,
    }));
  }
  const send = deps.send ?? sendToHost;
  const final = new Map<string, RecipientOutcome>();
  let pending = envelope.to;
  for (const target of targets) {
    const outcomes = await send(target, deps.client, { ...envelope, to: pending }, body);
    for (const o of outcomes) final.set(o.recipient, o);
    // Stop at the first host that answered anything other than "try later".
    if (outcomes.some((o) => o.status !== 'temporary')) break;
    pending = outcomes.map((o) => o.recipient);
  }
  return envelope.to.map((r) => final.get(r)!);
}
