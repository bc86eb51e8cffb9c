// RFC 1939 §7 UIDL [msg]: the emailId, unique in the maildrop and stable forever.
import { scanListing } from './scan-listing.js';
import { type Pop3Command, TRANSACTION_ONLY } from './types.js';

export const uidl: Pop3Command<'UIDL'> = {
  states: TRANSACTION_ONLY,
  handle: (s, req) => scanListing(s, req.msg, (e) => e.uidl),
};
