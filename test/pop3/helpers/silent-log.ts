// A logger that drops everything, shaped like the session's Pop3Log.
import type { Pop3Log } from '../../../src/protocols/pop3/session.js';

const nothing = () => {};
export const silentLog: Pop3Log = { debug: nothing, info: nothing, warn: nothing, error: nothing };
