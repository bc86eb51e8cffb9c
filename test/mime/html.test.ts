import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HTML_CONVERT_MAX, htmlToText, stripTags } from '../../src/mime/html.js';

test('html to text: html-to-text for normal sizes, a linear stripper for huge HTML', () => {
  const html =
    '<html><head><title>t</title><style>p{}</style></head><body><p>Caf&eacute; &amp; <b>bold</b></p><script>x()</script><a href="http://x">link</a><img src="a.png"></body></html>';
  const text = htmlToText(html);
  assert.match(text, /bold/);
  assert.match(text, /link/);
  assert.doesNotMatch(text, /x\(\)|p\{\}|http:|<|a\.png/);
  const stripped = stripTags(html);
  assert.equal(stripped, 'Caf&eacute; & bold link'); // only the common entities are known
  assert.equal(stripTags('a&#233;&#xE9;&lt;&nbsp;b<br>c'), 'aéé< b\nc');
  // Past the limit the stripper runs: linear, so 4 MB of HTML stays fast.
  const big = '<div><b>x</b> y &amp; z</div>'.repeat(Math.ceil((4 * HTML_CONVERT_MAX) / 28));
  const t0 = performance.now();
  const out = htmlToText(big);
  assert.ok(performance.now() - t0 < 1000);
  assert.match(out, /^x y & z\nx y & z/);
});
