// Typed per-user settings over the store's opaque JSON. Reading never fails: a missing or
// broken field takes its default, so old rows and hand edits keep working. Writing
// validates strictly (Invalid with the offending path).
import { z } from 'zod';
import { MailError } from './errors.js';

const popSchema = z.object({
  /** Which messages POP3 sees: INBOX only, every folder but Trash/Junk, or mail since enabledAt. */
  scope: z.enum(['inbox', 'all', 'since-enabled']),
  /** What a RETR does on the server. */
  onDownload: z.enum(['keep', 'seen', 'archive']),
  /** What DELE (applied at QUIT) does. */
  onDelete: z.enum(['expunge', 'trash', 'archive']),
  /** Offer again messages already downloaded by POP (RFC 1939 behaviour) or each once. */
  offerAgain: z.boolean(),
  /** Server-side: delete mail downloaded by POP after this many days; null: never. */
  deleteAfterDays: z.number().int().positive().nullable(),
  /** When POP was enabled (ISO 8601), for scope 'since-enabled'. */
  enabledAt: z.iso.datetime(),
});

const settingsSchema = z.object({
  imapEnabled: z.boolean(),
  popEnabled: z.boolean(),
  /** 'trash': EXPUNGE moves \Deleted messages to Trash first (unless already there). */
  expungeMode: z.enum(['delete', 'trash']),
  /** Keep a copy of submitted mail in \Sent. */
  sentCopy: z.boolean(),
  pop: popSchema,
});

const strictSchema = settingsSchema.extend({ pop: popSchema.strict() }).strict();

export type UserSettings = z.infer<typeof settingsSchema>;
export type PopSettings = z.infer<typeof popSchema>;

export function defaultSettings(createdAt: Date): UserSettings {
  return {
    imapEnabled: true,
    popEnabled: true,
    expungeMode: 'delete',
    sentCopy: true,
    pop: {
      scope: 'inbox',
      onDownload: 'seen',
      onDelete: 'expunge',
      offerAgain: true,
      deleteAfterDays: null,
      enabledAt: createdAt.toISOString(),
    },
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Each valid stored field over the defaults; invalid or unknown fields are ignored. */
export function readSettings(raw: Record<string, unknown>, createdAt: Date): UserSettings {
  const d = defaultSettings(createdAt);
  const pick = <T extends Record<string, unknown>>(schema: z.ZodObject, base: T, src: unknown): T => {
    if (!isObject(src)) return base;
    const out: Record<string, unknown> = { ...base };
    for (const [k, field] of Object.entries(schema.shape)) {
      if (k in src && !isObject(base[k])) {
        const r = (field as z.ZodType).safeParse(src[k]);
        if (r.success) out[k] = r.data;
      }
    }
    return out as T;
  };
  const top = pick(settingsSchema, d, raw);
  top.pop = pick(popSchema, d.pop, raw.pop);
  return top;
}

export type SettingsPatch = Partial<Omit<UserSettings, 'pop'>> & { pop?: Partial<PopSettings> };

/** Applies a patch to the current settings; Invalid (naming the field) when it does not fit. */
export function mergeSettings(current: UserSettings, patch: unknown): UserSettings {
  if (!isObject(patch)) throw new MailError('Invalid', 'settings must be an object');
  const next = {
    ...current,
    ...patch,
    pop: { ...current.pop, ...(isObject(patch.pop) ? patch.pop : {}) },
  };
  if (patch.pop !== undefined && !isObject(patch.pop))
    throw new MailError('Invalid', 'pop: must be an object');
  const r = strictSchema.safeParse(next);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new MailError('Invalid', `${issue.path.join('.') || 'settings'}: ${issue.message}`);
  }
  return r.data;
}
