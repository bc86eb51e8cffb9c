// The server the interop tests talk to: the whole POP3 stack over the real store.
import { startCoreFixture } from './core-fixture.js';
import type { Pop3Target } from './target.js';

export function openTarget(): Promise<Pop3Target> {
  return startCoreFixture();
}
