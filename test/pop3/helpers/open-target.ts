// The server the interop tests talk to.
import { memoryTarget } from './memory-target.js';
import type { Pop3Target } from './target.js';

export function openTarget(): Promise<Pop3Target> {
  return memoryTarget();
}
