// What the framer hands to the parsers: one complete command as lines and literals.

/** A line segment (without CRLF). The first one starts with the tag. */
export interface TextPart {
  kind: 'text';
  data: Buffer;
}

/** A literal held in memory. `binary` is true for literal8 (`~{n}`, RFC 3516). */
export interface LiteralPart {
  kind: 'literal';
  data: Buffer;
  binary: boolean;
}

/** A literal that was handed out as literal-start/data/end events (APPEND bodies). */
export interface StreamedPart {
  kind: 'streamed';
  id: number;
  size: number;
  binary: boolean;
}

export type FramePart = TextPart | LiteralPart | StreamedPart;

export interface Frame {
  /** The tag when readable (RFC 9051 `tag`), else null. */
  tag: string | null;
  parts: FramePart[];
}

export type FrameErrorCode = 'line-too-long' | 'command-too-large' | 'literal-too-large' | 'literal-minus';

export interface FrameError {
  code: FrameErrorCode;
  /** Tag of the discarded command when it was readable: answer `tag BAD`, else `* BAD`. */
  tag: string | null;
  message: string;
  /** The framer could not resynchronise: send BYE and close the connection. */
  fatal: boolean;
  /** RFC 9051 response code that fits (TOOBIG for literals). */
  responseCode?: 'TOOBIG' | 'LIMIT';
}

export type FramerEvent =
  | { kind: 'command'; frame: Frame }
  /** A synchronising literal was announced: call accept() (then send `+ Ready`) or
   *  reject() (then send the tagged NO/BAD). No other event comes before either call. */
  | {
      kind: 'continuation';
      tag: string | null;
      command: string;
      size: number;
      binary: boolean;
      /** The command up to the literal, e.g. for appendTarget() (TRYCREATE, APPENDLIMIT). */
      sofar: Frame;
    }
  | { kind: 'literal-start'; id: number; tag: string | null; command: string; size: number; binary: boolean }
  | { kind: 'literal-data'; id: number; chunk: Buffer }
  | { kind: 'literal-end'; id: number }
  /** The current command was discarded; streamed literals of it are abandoned. */
  | { kind: 'error'; error: FrameError };

/** Text of a frame for logs: lines as text, literals as `{n}`. */
export function frameToText(frame: Frame, maxBytes = 200): string {
  let s = '';
  for (const p of frame.parts) {
    if (p.kind === 'text') s += p.data.toString('latin1');
    else s += `{${p.kind === 'literal' ? p.data.length : p.size}}`;
    if (s.length > maxBytes) return s.slice(0, maxBytes) + '...';
  }
  return s;
}
