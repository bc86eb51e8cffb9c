// The command registry: one entry per verb, so a verb without a handler is a
// compile error.

import type { Pop3Verb } from '../wire/request.js';
import { auth } from './auth.js';
import { capa } from './capa.js';
import { dele } from './dele.js';
import { list } from './list.js';
import { noop } from './noop.js';
import { pass } from './pass.js';
import { quit } from './quit.js';
import { retr } from './retr.js';
import { rset } from './rset.js';
import { stat } from './stat.js';
import { stls } from './stls.js';
import { top } from './top.js';
import type { Pop3Command } from './types.js';
import { uidl } from './uidl.js';
import { user } from './user.js';

export const COMMANDS: { readonly [V in Pop3Verb]: Pop3Command<V> } = {
  USER: user,
  PASS: pass,
  STAT: stat,
  LIST: list,
  UIDL: uidl,
  RETR: retr,
  DELE: dele,
  NOOP: noop,
  RSET: rset,
  QUIT: quit,
  TOP: top,
  CAPA: capa,
  STLS: stls,
  AUTH: auth,
};
