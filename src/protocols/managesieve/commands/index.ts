// The typed command table: a command missing here is a compile error in session.ts.
import { authenticate } from './authenticate.js';
import { capability } from './capability.js';
import { checkscript } from './checkscript.js';
import { deletescript } from './deletescript.js';
import { getscript } from './getscript.js';
import { havespace } from './havespace.js';
import { listscripts } from './listscripts.js';
import { logout } from './logout.js';
import { noop } from './noop.js';
import { putscript } from './putscript.js';
import { renamescript } from './renamescript.js';
import { setactive } from './setactive.js';
import { starttls } from './starttls.js';
import type { CommandSpec } from './types.js';
import { unauthenticate } from './unauthenticate.js';

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  AUTHENTICATE: authenticate,
  CAPABILITY: capability,
  CHECKSCRIPT: checkscript,
  DELETESCRIPT: deletescript,
  GETSCRIPT: getscript,
  HAVESPACE: havespace,
  LISTSCRIPTS: listscripts,
  LOGOUT: logout,
  NOOP: noop,
  PUTSCRIPT: putscript,
  RENAMESCRIPT: renamescript,
  SETACTIVE: setactive,
  STARTTLS: starttls,
  UNAUTHENTICATE: unauthenticate,
};
