// SmtpServices over the mail core, the outbound queue and the DKIM keys: the one place
// the SMTP ports meet the rest of Postroom (built by the composition root).
import type { DNSResolver } from 'mailauth';
import { MailError } from '../../core/errors.js';
import type { MailCore } from '../../core/index.js';
import type { SentCopies } from '../../core/sent-copy.js';
import type { Outbound } from '../../outbound/outbound.js';
import type { DkimKeyStore } from '../../store/queue.js';
import type { LocalDeliveryResult, SmtpAuthPort, SmtpLog, SmtpServices } from './ports.js';

export interface SmtpWiring {
  core: MailCore;
  sentCopies: SentCopies;
  outbound: Outbound | null;
  dkimKeys: DkimKeyStore | null;
  auth: SmtpAuthPort;
  resolver: DNSResolver;
  log: SmtpLog;
}

export function smtpServices(w: SmtpWiring): SmtpServices {
  const { core, outbound } = w;
  return {
    auth: w.auth,
    resolver: w.resolver,
    log: w.log,
    mail: {
      isLocalDomain: (d) => core.accounts.isLocalDomain(d).catch(() => false),
      async checkRecipient(address, size) {
        const r = await core.delivery.checkRecipient(address, size);
        if (r === 'ok') return { ok: true };
        return { ok: false, reason: r === 'unknown' ? 'unknown' : 'over-quota' };
      },
      async deliver(raw, envelope) {
        const res = await core.delivery.deliver(raw, envelope);
        const external = res.recipients.flatMap((r) => (r.status === 'delivered' ? r.external : []));
        if (external.length) {
          // Aliases that point outside our domains: forward through the queue.
          if (outbound) {
            await outbound.enqueueBlob(res.blobId, res.size, true, {
              mailFrom: envelope.mailFrom,
              rcptTo: external,
              userId: null,
            });
          } else {
            w.log.warn({ external }, 'alias targets outside our domains dropped: no outbound queue');
          }
        }
        return res.recipients.map(
          (r): LocalDeliveryResult => ({
            recipient: r.rcpt,
            ok: r.status === 'delivered',
            ...(r.status === 'delivered'
              ? {}
              : {
                  error:
                    r.error ??
                    new MailError(
                      r.status === 'overquota' ? 'OverQuota' : 'NotFound',
                      `${r.rcpt}: ${r.status}`,
                    ),
                }),
          }),
        );
      },
    },
    submission: {
      async mayUseSender(userId, address) {
        const res = await core.accounts.resolveRecipient(address).catch(() => null);
        return res?.local.some((l) => l.user.id === userId) ?? false;
      },
      async signingKey(domain) {
        if (!w.dkimKeys || domain === '') return null;
        const k = await w.dkimKeys.get(domain);
        return k ? { domain: k.domain, selector: k.selector, privateKeyPem: k.privateKeyPem } : null;
      },
      async fileSentCopy(userId, raw) {
        const settings = await core.accounts.getSettings(userId);
        if (!settings.sentCopy) return;
        const sent = await core.mailboxes.bySpecialUse(userId, '\\Sent');
        if (!sent) return;
        await w.sentCopies.appendOnce(userId, sent, raw(), {
          flags: ['\\Seen'],
          filter: true,
        });
      },
    },
    queue: outbound
      ? {
          enqueue: (raw, env) => outbound.enqueue(raw, env),
          reportDelivered: (r) => outbound.reportDelivered(r),
        }
      : null,
  };
}
