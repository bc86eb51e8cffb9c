// RFC 1939 §5 LIST [msg]: sizes with CRLF line ends.
import { scanListing } from './scan-listing.js';
import { type Pop3Command, TRANSACTION_ONLY } from './types.js';

export const list: Pop3Command<'LIST'> = {
  states: TRANSACTION_ONLY,
  handle: (s, req) => scanListing(s, req.msg, (e) => String(e.size)),
};
