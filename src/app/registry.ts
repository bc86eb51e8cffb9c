// Every protocol server the app starts. A protocol joins by exporting a ServerModule
// (./server-module.ts) and being listed here; a module whose ports are all 0 starts nothing.
import { imapModule } from '../protocols/imap/module.js';
import { manageSieveModule } from '../protocols/managesieve/module.js';
import { pop3Module } from '../protocols/pop3/module.js';
import { smtpModule } from '../protocols/smtp/module.js';
import type { ServerModule } from './server-module.js';

export const SERVER_MODULES: readonly ServerModule[] = [
  smtpModule(),
  imapModule,
  pop3Module,
  manageSieveModule,
];
