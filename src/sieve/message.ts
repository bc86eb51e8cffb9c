// What the interpreter sees of a message. The core builds it from the stored blob;
// tests build it from plain objects. Values are decoded (RFC 2047) and unfolded.

export type BodyTransform = { kind: 'raw' } | { kind: 'text' } | { kind: 'content'; types: string[] };

export interface SieveMessage {
  /** Decoded, unfolded values of every field with this name, in message order. */
  header(name: string): string[];
  /** Names of all header fields in order (editheader needs them). */
  headerNames(): string[];
  /** Message size in octets (RFC 5228 §5.9). */
  size: number;
  /**
   * Body parts per RFC 5173: :raw = the undecoded body; :text = decoded text parts;
   * :content = decoded parts whose type matches one of `types` ("" = all, "text" = text/*).
   * Implementations cap how much they return.
   */
  body(transform: BodyTransform): string[];
}

export interface SieveEnvelope {
  /** Envelope sender ("" for the null path <>). */
  from: string;
  /** Envelope recipient of this delivery. */
  to: string;
  /** Authenticated user, if any. */
  auth?: string;
}
