// Argument shapes of every command and test we know, with the capability each needs.
export type ArgKind = 'string' | 'stringlist' | 'number';

export interface TagSpec {
  /** The tag takes a following argument of this kind. */
  arg?: ArgKind;
  /** Capability that must be required to use the tag. */
  cap?: string;
  /** Tags in the same group exclude each other (e.g. :is / :contains). */
  group?: string;
}

export interface Spec {
  cap?: string;
  tags: Record<string, TagSpec>;
  positional: ArgKind[];
  /** Fewest positional arguments; missing ones are the leading (or trailing) ones. */
  min?: number;
  optional?: 'leading' | 'trailing';
  tests?: 'one' | 'list';
  block?: boolean;
}

export const COMPARATOR: Record<string, TagSpec> = { comparator: { arg: 'string', group: 'comparator' } };
export const MATCH: Record<string, TagSpec> = {
  is: { group: 'match' },
  contains: { group: 'match' },
  matches: { group: 'match' },
  regex: { group: 'match', cap: 'regex' },
  count: { group: 'match', arg: 'string', cap: 'relational' },
  value: { group: 'match', arg: 'string', cap: 'relational' },
};
export const ADDRESS_PART: Record<string, TagSpec> = {
  all: { group: 'addresspart' },
  localpart: { group: 'addresspart' },
  domain: { group: 'addresspart' },
  user: { group: 'addresspart', cap: 'subaddress' },
  detail: { group: 'addresspart', cap: 'subaddress' },
};
// RFC 5260 §6
export const INDEX: Record<string, TagSpec> = {
  index: { arg: 'number', cap: 'index' },
  last: { cap: 'index' },
};
const MATCHING = { ...COMPARATOR, ...MATCH };

export const COMMANDS: Record<string, Spec> = {
  require: { tags: {}, positional: ['stringlist'] },
  if: { tags: {}, positional: [], tests: 'one', block: true },
  elsif: { tags: {}, positional: [], tests: 'one', block: true },
  else: { tags: {}, positional: [], block: true },
  stop: { tags: {}, positional: [] },
  keep: { tags: { flags: { arg: 'stringlist', cap: 'imap4flags' } }, positional: [] },
  discard: { tags: {}, positional: [] },
  fileinto: {
    cap: 'fileinto',
    tags: {
      flags: { arg: 'stringlist', cap: 'imap4flags' },
      copy: { cap: 'copy' },
      create: { cap: 'mailbox' },
    },
    positional: ['string'],
  },
  redirect: { tags: { copy: { cap: 'copy' } }, positional: ['string'] },
  reject: { cap: 'reject', tags: {}, positional: ['string'] },
  ereject: { cap: 'ereject', tags: {}, positional: ['string'] },
  setflag: { cap: 'imap4flags', tags: {}, positional: ['string', 'stringlist'], min: 1, optional: 'leading' },
  addflag: { cap: 'imap4flags', tags: {}, positional: ['string', 'stringlist'], min: 1, optional: 'leading' },
  removeflag: {
    cap: 'imap4flags',
    tags: {},
    positional: ['string', 'stringlist'],
    min: 1,
    optional: 'leading',
  },
  set: {
    cap: 'variables',
    tags: {
      lower: { group: 'case' },
      upper: { group: 'case' },
      lowerfirst: { group: 'first' },
      upperfirst: { group: 'first' },
      quotewildcard: {},
      quoteregex: { cap: 'regex' },
      length: {},
    },
    positional: ['string', 'string'],
  },
  vacation: {
    cap: 'vacation',
    tags: {
      days: { arg: 'number', group: 'period' },
      seconds: { arg: 'number', group: 'period', cap: 'vacation-seconds' },
      subject: { arg: 'string' },
      from: { arg: 'string' },
      addresses: { arg: 'stringlist' },
      mime: {},
      handle: { arg: 'string' },
    },
    positional: ['string'],
  },
  addheader: { cap: 'editheader', tags: { last: {} }, positional: ['string', 'string'] },
  deleteheader: {
    cap: 'editheader',
    tags: { ...MATCHING, index: { arg: 'number' }, last: {} },
    positional: ['string', 'stringlist'],
    min: 1,
    optional: 'trailing',
  },
  include: {
    cap: 'include',
    tags: { personal: { group: 'location' }, global: { group: 'location' }, once: {}, optional: {} },
    positional: ['string'],
  },
  return: { cap: 'include', tags: {}, positional: [] },
  global: { cap: 'include', tags: {}, positional: ['stringlist'] },
};

export const TESTS: Record<string, Spec> = {
  true: { tags: {}, positional: [] },
  false: { tags: {}, positional: [] },
  not: { tags: {}, positional: [], tests: 'one' },
  allof: { tags: {}, positional: [], tests: 'list' },
  anyof: { tags: {}, positional: [], tests: 'list' },
  exists: { tags: {}, positional: ['stringlist'] },
  size: {
    tags: { over: { group: 'size' }, under: { group: 'size' } },
    positional: ['number'],
  },
  header: { tags: { ...MATCHING, ...INDEX }, positional: ['stringlist', 'stringlist'] },
  address: {
    tags: { ...MATCHING, ...ADDRESS_PART, ...INDEX },
    positional: ['stringlist', 'stringlist'],
  },
  envelope: {
    cap: 'envelope',
    tags: { ...MATCHING, ...ADDRESS_PART },
    positional: ['stringlist', 'stringlist'],
  },
  body: {
    cap: 'body',
    tags: {
      ...MATCHING,
      raw: { group: 'transform' },
      content: { group: 'transform', arg: 'stringlist' },
      text: { group: 'transform' },
    },
    positional: ['stringlist'],
  },
  string: { cap: 'variables', tags: MATCHING, positional: ['stringlist', 'stringlist'] },
  hasflag: {
    cap: 'imap4flags',
    tags: MATCHING,
    positional: ['stringlist', 'stringlist'],
    min: 1,
    optional: 'leading',
  },
  date: {
    cap: 'date',
    tags: {
      ...MATCHING,
      ...INDEX,
      zone: { arg: 'string', group: 'zone' },
      originalzone: { group: 'zone' },
    },
    positional: ['string', 'string', 'stringlist'],
  },
  currentdate: {
    cap: 'date',
    tags: { ...MATCHING, zone: { arg: 'string' } },
    positional: ['string', 'stringlist'],
  },
  mailboxexists: { cap: 'mailbox', tags: {}, positional: ['stringlist'] },
  environment: { cap: 'environment', tags: MATCHING, positional: ['string', 'stringlist'] },
};

/** Capabilities this implementation offers (ManageSieve SIEVE capability, "require" check). */
export const CAPABILITIES = [
  'fileinto',
  'reject',
  'ereject',
  'envelope',
  'encoded-character',
  'imap4flags',
  'copy',
  'body',
  'variables',
  'vacation',
  'vacation-seconds',
  'relational',
  'subaddress',
  'date',
  'index',
  'mailbox',
  'regex',
  'include',
  'environment',
  'editheader',
  'comparator-i;octet',
  'comparator-i;ascii-casemap',
  'comparator-i;ascii-numeric',
] as const;

export const COMPARATORS = ['i;octet', 'i;ascii-casemap', 'i;ascii-numeric'];
export const RELATIONS = ['gt', 'ge', 'lt', 'le', 'eq', 'ne'];
export const DATE_PARTS = [
  'year',
  'month',
  'day',
  'date',
  'julian',
  'hour',
  'minute',
  'second',
  'time',
  'iso8601',
  'std11',
  'zone',
  'weekday',
];
