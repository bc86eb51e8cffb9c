// The message headers as tests see them after editheader changes (RFC 5293 §2:
// later tests see added and deleted fields). Each field remembers which field of the
// original message it is (by position), so the core can rewrite the stored header block
// keeping the untouched fields byte for byte.
import type { EditedHeader } from './actions.js';
import type { SieveMessage } from './message.js';

interface Field {
  name: string;
  value: string;
  /** Position among the original message's fields; absent for an added field. */
  orig?: number;
}

export class HeaderView {
  private fields: Field[] | null = null;
  constructor(private readonly message: SieveMessage) {}

  get(name: string): string[] {
    if (!this.fields) return this.message.header(name);
    const n = name.toLowerCase();
    return this.fields.filter((f) => f.name.toLowerCase() === n).map((f) => f.value);
  }

  private materialise(): Field[] {
    if (this.fields) return this.fields;
    const counters = new Map<string, number>();
    const cache = new Map<string, string[]>();
    const out: Field[] = [];
    for (const name of this.message.headerNames()) {
      const key = name.toLowerCase();
      let values = cache.get(key);
      if (!values) cache.set(key, (values = this.message.header(key)));
      const k = counters.get(key) ?? 0;
      counters.set(key, k + 1);
      out.push({ name, value: values[k] ?? '', orig: out.length });
    }
    this.fields = out;
    return out;
  }

  /** The header as it stands, or null while no edit was made. */
  snapshot(): EditedHeader | null {
    if (!this.fields) return null;
    return this.fields.map((f) =>
      f.orig !== undefined ? { orig: f.orig } : { name: f.name, value: f.value },
    );
  }

  add(name: string, value: string, last: boolean) {
    const f = this.materialise();
    if (last) f.push({ name, value });
    else f.unshift({ name, value });
  }

  /** Removes the named fields (the index-th one only, when given) that pass `keep`; returns the count. */
  remove(name: string, index: number | null, last: boolean, matches: (value: string) => boolean): number {
    const f = this.materialise();
    const n = name.toLowerCase();
    const positions = f.map((x, i) => (x.name.toLowerCase() === n ? i : -1)).filter((i) => i >= 0);
    let chosen = positions;
    if (index !== null) {
      const at = last ? positions.length - index : index - 1;
      chosen = at >= 0 && at < positions.length ? [positions[at]!] : [];
    }
    const drop = new Set(chosen.filter((i) => matches(f[i]!.value)));
    this.fields = f.filter((_, i) => !drop.has(i));
    return drop.size;
  }
}
