// What a script asks for. The core executes these; the interpreter never does I/O.

/**
 * The header block as editheader (RFC 5293) left it when an action ran: each entry is a
 * field of the original message (by position) or a field the script added.
 */
export type EditedHeader = ({ orig: number } | { name: string; value: string })[];

export type SieveAction =
  | { type: 'keep'; flags: string[]; implicit: boolean; header?: EditedHeader }
  | {
      type: 'fileinto';
      mailbox: string;
      flags: string[];
      create: boolean;
      copy: boolean;
      header?: EditedHeader;
    }
  | { type: 'redirect'; address: string; copy: boolean; header?: EditedHeader }
  | { type: 'discard' }
  | { type: 'reject'; reason: string; ereject: boolean }
  | {
      type: 'vacation';
      reason: string;
      subject: string | null;
      from: string | null;
      addresses: string[];
      mime: boolean;
      /** Seconds between two replies to the same sender (RFC 5230 :days, RFC 6131 :seconds). */
      period: number;
      handle: string;
    }
  | { type: 'addheader'; name: string; value: string; last: boolean }
  | { type: 'deleteheader'; name: string; index: number | null; last: boolean; removed: number };

export interface SieveLimits {
  /** Commands, tests and comparisons counted together (a step counter, not a clock). */
  maxSteps: number;
  maxActions: number;
  maxRedirects: number;
  maxIncludeDepth: number;
  maxIncludes: number;
  maxVariables: number;
  maxVariableLength: number;
  /** Bounds for vacation periods, in seconds. */
  minVacationPeriod: number;
  maxVacationPeriod: number;
}

export const DEFAULT_LIMITS: SieveLimits = {
  maxSteps: 100_000,
  maxActions: 32,
  maxRedirects: 4,
  maxIncludeDepth: 5,
  maxIncludes: 16,
  maxVariables: 256,
  maxVariableLength: 8192,
  minVacationPeriod: 3600,
  maxVacationPeriod: 90 * 86_400,
};
