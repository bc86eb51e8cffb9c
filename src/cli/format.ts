// Small output formatters shared by the list commands.

/** A quota for display: the number, or 'unlimited' for null. */
export function formatLimit(limit: number | null): string {
  return limit === null ? 'unlimited' : String(limit);
}

export function formatDate(d: Date | null): string {
  return d === null ? 'never' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
