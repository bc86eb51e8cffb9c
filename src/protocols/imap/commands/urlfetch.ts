// URLFETCH (RFC 4467 §7.3) with RFC 5524's BODYPARTSTRUCTURE / BINARY / BODY parameters:
// one `* URLFETCH url data` per URL, NIL for a URL that cannot be used (the command
// itself still succeeds). Validation rules: message/url-data.ts.

import { formatBodyStructure } from '../../../mime/bodystructure.js';
import type { CommandHandler } from '../context.js';
import { locateUrl, urlBinary, urlBody, urlPart } from '../message/url-data.js';
import { COMMAND_STATES } from '../wire/commands/states.js';
import { type UrlFetchData, urlFetchResponse } from '../wire/urlauth-responses.js';

export const urlFetchCommand: CommandHandler<'URLFETCH'> = {
  states: COMMAND_STATES.URLFETCH,
  capabilities: ['URLAUTH', 'URLAUTH=BINARY'],
  async handle(ctx, cmd) {
    for (const { url, params } of cmd.urls) {
      const extended = params !== null && (params.bodyPartStructure || params.binary);
      const t = await locateUrl(ctx, url, 'fetch', extended);
      let data: UrlFetchData = null;
      if (typeof t === 'string') ctx.log.debug({ url: url.slice(0, 200), reason: t }, 'urlfetch refused');
      else if (params === null) data = { kind: 'plain', value: await urlBody(ctx, t) };
      else {
        const bin = params.binary ? await urlBinary(ctx, t, params.bodyPartStructure) : null;
        const value = bin ? bin.value : params.body ? await urlBody(ctx, t) : null;
        // With BINARY the structure describes the decoded data (sizes, lines).
        const part = params.bodyPartStructure ? (bin ? bin.part : urlPart(t)) : null;
        const structure = part ? formatBodyStructure(part, true, ctx.encode) : null;
        data = {
          kind: 'extended',
          structure,
          data: value ? { name: params.binary ? 'BINARY' : 'BODY', value } : null,
        };
      }
      await ctx.send(urlFetchResponse(url, data, ctx.encode));
    }
    return ctx.ok('URLFETCH completed');
  },
};
