#!/usr/bin/env node
// Writes docs/configuration.md from the config schema (run after the build: `npm run docs`).
import { writeFileSync } from 'node:fs';
import { renderConfigDoc } from '../dist/src/config/doc.js';

writeFileSync('docs/configuration.md', renderConfigDoc());
console.log('wrote docs/configuration.md');
