// Shapes shared by the outbound pieces (MX lookup, routing, SMTP client, DSNs, queue).

/** How one recipient fared at one attempt. */
export type RecipientStatus = 'delivered' | 'temporary' | 'permanent';

export interface RecipientOutcome {
  recipient: string;
  status: RecipientStatus;
  /** Basic SMTP reply code, when a server answered (RFC 5321 §4.2). */
  code: number | null;
  /** Enhanced status code (RFC 3463), e.g. '5.1.1'; derived from the class when absent. */
  enhanced: string;
  /** The server's reply or our own diagnostic, one line. */
  diagnostic: string;
  /** Host that gave the reply, when one did. */
  remoteMta: string | null;
  /**
   * The host advertised DSN and got our NOTIFY/ORCPT/RET/ENVID: reports are now its job
   * (RFC 3461 §6.2.2); without it a NOTIFY=SUCCESS recipient gets "relayed" from us.
   */
  remoteDsn?: boolean;
}

/** A DNS lookup failure that is worth retrying (SERVFAIL, timeout) or not (NXDOMAIN, null MX). */
export class OutboundError extends Error {
  readonly permanent: boolean;
  readonly enhanced: string;
  constructor(message: string, permanent: boolean, enhanced: string) {
    super(message);
    this.name = 'OutboundError';
    this.permanent = permanent;
    this.enhanced = enhanced;
  }
}
