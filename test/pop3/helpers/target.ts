// What the interop tests need from a running Postroom: ports, a user, and a way to act
// on the maildrop "from the side" (as SMTP delivery or an IMAP client would).
export interface Pop3Target {
  port: number;
  tlsPort: number;
  user: string;
  password: string;
  /** Delivers a message to the user's INBOX; returns its UIDL (emailId). */
  deliver(bytes: Buffer | string): Promise<string>;
  /** Removes a message as an IMAP expunge would. */
  expunge(uidl: string): Promise<void>;
  /** UIDLs of the messages now in the INBOX, in order. */
  inbox(): Promise<string[]>;
  close(): Promise<void>;
}
