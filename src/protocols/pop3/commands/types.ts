// The shape of one POP3 command: the states it is valid in and its handler. The
// request is already parsed and typed by wire/request.ts.

import type { Pop3Session, Pop3State } from '../session.js';
import type { Pop3Verb, RequestOf } from '../wire/request.js';

export interface Pop3Command<V extends Pop3Verb> {
  readonly states: readonly Pop3State[];
  handle(session: Pop3Session, request: RequestOf<V>): Promise<void>;
}

export const AUTHORIZATION_ONLY = ['AUTHORIZATION'] as const;
export const TRANSACTION_ONLY = ['TRANSACTION'] as const;
