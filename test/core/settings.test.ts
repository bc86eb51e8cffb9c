import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMailError } from '../../src/core/errors.js';
import { defaultSettings, mergeSettings, readSettings } from '../../src/core/settings.js';

const created = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));

test('reading fills defaults and ignores broken fields', () => {
  assert.deepEqual(readSettings({}, created), defaultSettings(created));
  const s = readSettings(
    {
      expungeMode: 'trash',
      popEnabled: 'yes',
      pop: { scope: 'all', onDelete: 'shred', deleteAfterDays: 7 },
      junk: 1,
    },
    created,
  );
  assert.equal(s.expungeMode, 'trash');
  assert.equal(s.popEnabled, true); // broken value -> default
  assert.equal(s.pop.scope, 'all');
  assert.equal(s.pop.onDelete, 'expunge');
  assert.equal(s.pop.deleteAfterDays, 7);
  assert.equal(s.pop.enabledAt, created.toISOString());
  assert.ok(!('junk' in s));
  assert.equal(readSettings({ pop: 'x' }, created).pop.scope, 'inbox');
});

test('merging validates strictly and names the bad field', () => {
  const d = defaultSettings(created);
  const m = mergeSettings(d, { sentCopy: false, pop: { onDownload: 'archive' } });
  assert.equal(m.sentCopy, false);
  assert.equal(m.pop.onDownload, 'archive');
  assert.equal(m.pop.scope, 'inbox');
  const bad: [unknown, string][] = [
    [{ expungeMode: 'shred' }, 'expungeMode'],
    [{ pop: { deleteAfterDays: -1 } }, 'pop.deleteAfterDays'],
    [{ pop: { enabledAt: 'yesterday' } }, 'pop.enabledAt'],
    [{ unknown: true }, 'settings'],
    [{ pop: 3 }, 'pop'],
    ['x', 'settings'],
  ];
  for (const [patch, path] of bad) {
    assert.throws(
      () => mergeSettings(d, patch),
      (e) => isMailError(e, 'Invalid') && e.message.startsWith(path),
      JSON.stringify(patch),
    );
  }
});
