// Runs a compiled script over a message view and returns the actions (RFC 5228 §2.10).
// Bounded: a step counter, action and redirect limits, include depth. Any runtime error
// gives back an implicit keep (RFC 5228 §2.10.6), so a failing script never loses mail.
import { DEFAULT_LIMITS, type SieveAction, type SieveLimits } from './actions.js';
import type { Argument, CommandNode, SieveScript, StringArg, TestNode } from './ast.js';
import { SieveRuntimeError, SieveSyntaxError } from './errors.js';
import { HeaderView } from './header-view.js';
import type { SieveEnvelope, SieveMessage } from './message.js';
import { evaluateTest, makeMatcher, type TestHost } from './tests.js';
import { applyModifiers, expandVariables } from './variables.js';

export interface RunOptions {
  message: SieveMessage;
  envelope: SieveEnvelope;
  /** RFC 5183 items ("domain", "host", "location", "phase", "remote-host", ...). */
  environment?: Record<string, string>;
  now?: Date;
  mailboxExists?(name: string): boolean;
  /** Loads a script for "include" (RFC 6609); null when it does not exist. */
  loadInclude?(name: string, location: 'personal' | 'global'): SieveScript | null;
  limits?: Partial<SieveLimits>;
}

export interface SieveResult {
  actions: SieveAction[];
  /** Set when the script failed; actions is then just the implicit keep. */
  error?: string;
  steps: number;
}

class Stop {}
class Return {}

interface Frame {
  script: SieveScript;
  vars: Map<string, string>;
  globals: Set<string>;
}

export function runScript(script: SieveScript, opts: RunOptions): SieveResult {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const run = new Run(opts, limits);
  try {
    run.execScript(script, 0);
  } catch (e) {
    if (!(e instanceof Stop)) {
      if (e instanceof SieveRuntimeError || e instanceof SieveSyntaxError)
        return { actions: [{ type: 'keep', flags: [], implicit: true }], error: e.message, steps: run.steps };
      throw e;
    }
  }
  return { actions: run.finish(), steps: run.steps };
}

class Run implements TestHost {
  steps = 0;
  readonly actions: SieveAction[] = [];
  implicitKeep = true;
  flags: string[] = [];
  matchVars: string[] = [];
  readonly globals = new Map<string, string>();
  readonly headers: HeaderView;
  private redirects = 0;
  private includes = 0;
  private readonly included = new Set<string>();
  private frame!: Frame;
  private vacationSeen = false;

  constructor(
    readonly opts: RunOptions,
    readonly limits: SieveLimits,
  ) {
    this.headers = new HeaderView(opts.message);
  }

  get message(): SieveMessage {
    return this.opts.message;
  }
  get caps(): Set<string> {
    return this.frame.script.capabilities;
  }

  charge(n: number, pos?: { line: number; column: number }) {
    this.steps += n;
    if (this.steps > this.limits.maxSteps)
      throw new SieveRuntimeError('script ran too long (step limit)', pos);
  }

  execScript(script: SieveScript, depth: number) {
    const saved = this.frame;
    this.frame = { script, vars: new Map(), globals: new Set() };
    try {
      this.block(script.commands);
    } catch (e) {
      if (!(e instanceof Return)) throw e;
    } finally {
      this.frame = saved;
    }
    void depth;
  }

  // ----- strings and variables (RFC 5229 §3) -----
  str(a: Argument | true | undefined): string {
    if (!a || a === true) return '';
    const v =
      a.kind === 'string'
        ? a.value
        : a.kind === 'stringlist'
          ? (a.values[0]?.value ?? '')
          : String(a.kind === 'number' ? a.value : '');
    return this.expand(v);
  }
  list(a: Argument | true | undefined): string[] {
    if (!a || a === true) return [];
    if (a.kind === 'string') return [this.expand(a.value)];
    if (a.kind === 'stringlist') return a.values.map((s) => this.expand(s.value));
    return [];
  }
  expand(s: string): string {
    if (!this.caps.has('variables')) return s;
    return expandVariables(s, (name) => this.getVar(name), this.limits.maxVariableLength);
  }
  getVar(name: string): string | undefined {
    if (/^[0-9]+$/.test(name)) return this.matchVars[Number(name)] ?? '';
    const key = name.toLowerCase();
    if (key.startsWith('global.')) return this.globals.get(key.slice(7)) ?? '';
    if (key.includes('.')) return undefined; // unknown namespace: leave as written
    if (this.frame.globals.has(key)) return this.globals.get(key) ?? '';
    return this.frame.vars.get(key) ?? '';
  }
  setVar(name: string, value: string) {
    const v = value.slice(0, this.limits.maxVariableLength);
    let key = name.toLowerCase();
    let store = this.frame.vars;
    if (key.startsWith('global.')) {
      key = key.slice(7);
      store = this.globals;
    } else if (this.frame.globals.has(key)) store = this.globals;
    if (!store.has(key) && store.size >= this.limits.maxVariables)
      throw new SieveRuntimeError('too many variables');
    store.set(key, v);
  }
  setMatch(groups: string[] | undefined) {
    if (groups && this.caps.has('variables')) this.matchVars = groups.slice(0, 10);
  }

  // ----- commands -----
  private block(cmds: CommandNode[]) {
    let lastIf: boolean | null = null; // null: no pending if/elsif chain
    for (const c of cmds) {
      this.charge(1, c.pos);
      switch (c.name) {
        case 'require':
          continue;
        case 'if':
          lastIf = this.test(c.tests[0]!);
          if (lastIf) this.block(c.block!);
          continue;
        case 'elsif':
          if (lastIf === false) {
            lastIf = this.test(c.tests[0]!);
            if (lastIf) this.block(c.block!);
          }
          continue;
        case 'else':
          if (lastIf === false) this.block(c.block!);
          lastIf = null;
          continue;
        default:
          lastIf = null;
          this.command(c);
      }
    }
  }

  private test(t: TestNode): boolean {
    this.charge(1, t.pos);
    return evaluateTest(this, t, (sub) => this.test(sub));
  }

  private add(a: SieveAction, pos: { line: number; column: number }) {
    if (this.actions.length >= this.limits.maxActions) throw new SieveRuntimeError('too many actions', pos);
    this.actions.push(withHeader(a, this.headers));
  }

  private flagArg(c: CommandNode): string[] {
    const f = c.tags.get('flags');
    return f ? normaliseFlags(this.list(f)) : [...this.flags];
  }

  private command(c: CommandNode) {
    const p = c.positional;
    switch (c.name) {
      case 'stop':
        throw new Stop();
      case 'return':
        throw new Return();
      case 'keep':
        this.implicitKeep = false;
        this.add({ type: 'keep', flags: this.flagArg(c), implicit: false }, c.pos);
        return;
      case 'discard':
        this.implicitKeep = false;
        this.add({ type: 'discard' }, c.pos);
        return;
      case 'fileinto': {
        const copy = c.tags.has('copy');
        if (!copy) this.implicitKeep = false;
        const mailbox = this.str(p[0]);
        if (!mailbox) throw new SieveRuntimeError('fileinto: empty mailbox name', c.pos);
        this.add(
          { type: 'fileinto', mailbox, flags: this.flagArg(c), create: c.tags.has('create'), copy },
          c.pos,
        );
        return;
      }
      case 'redirect': {
        const address = this.str(p[0]).trim();
        if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address))
          throw new SieveRuntimeError(`redirect: "${address}" is not an address`, c.pos);
        if (++this.redirects > this.limits.maxRedirects)
          throw new SieveRuntimeError('too many redirects', c.pos);
        const copy = c.tags.has('copy');
        if (!copy) this.implicitKeep = false;
        this.add({ type: 'redirect', address, copy }, c.pos);
        return;
      }
      case 'reject':
      case 'ereject':
        this.implicitKeep = false;
        this.add({ type: 'reject', reason: this.str(p[0]), ereject: c.name === 'ereject' }, c.pos);
        return;
      case 'setflag':
      case 'addflag':
      case 'removeflag':
        this.flagCommand(c);
        return;
      case 'set': {
        const value = applyModifiers(this.str(p[1]), c.tags);
        this.setVar((p[0] as StringArg).value, value);
        return;
      }
      case 'vacation':
        this.vacation(c);
        return;
      case 'addheader': {
        const name = this.str(p[0]);
        const value = this.str(p[1]);
        if (!/^[!-9;-~]+$/.test(name))
          throw new SieveRuntimeError(`addheader: bad field name "${name}"`, c.pos);
        const last = c.tags.has('last');
        this.headers.add(name, value, last);
        this.add({ type: 'addheader', name, value, last }, c.pos);
        return;
      }
      case 'deleteheader':
        this.deleteHeader(c);
        return;
      case 'include':
        this.include(c);
        return;
      case 'global':
        for (const n of this.list(p[0])) this.frame.globals.add(n.toLowerCase());
        return;
      default:
        throw new SieveRuntimeError(`command "${c.name}" cannot run here`, c.pos);
    }
  }

  // RFC 5232 §3: setflag/addflag/removeflag on the internal variable or a named one.
  private flagCommand(c: CommandNode) {
    const p = c.positional;
    const varName = p.length === 2 ? (p[0] as StringArg).value : null;
    const given = normaliseFlags(this.list(p[p.length - 1]));
    const current = varName === null ? this.flags : normaliseFlags([this.getVar(varName) ?? '']);
    let next: string[];
    if (c.name === 'setflag') next = given;
    else if (c.name === 'addflag') next = normaliseFlags([...current, ...given]);
    else {
      const drop = new Set(given.map((f) => f.toLowerCase()));
      next = current.filter((f) => !drop.has(f.toLowerCase()));
    }
    if (varName === null) this.flags = next;
    else this.setVar(varName, next.join(' '));
  }

  private vacation(c: CommandNode) {
    if (this.vacationSeen) throw new SieveRuntimeError('vacation used twice', c.pos);
    this.vacationSeen = true;
    const days = c.tags.get('days');
    const seconds = c.tags.get('seconds');
    let period = 7 * 86_400;
    if (days && days !== true && days.kind === 'number') period = days.value * 86_400;
    if (seconds && seconds !== true && seconds.kind === 'number') period = seconds.value;
    period = Math.min(Math.max(period, this.limits.minVacationPeriod), this.limits.maxVacationPeriod);
    const reason = this.str(c.positional[0]);
    const subject = c.tags.has('subject') ? this.str(c.tags.get('subject')) : null;
    const from = c.tags.has('from') ? this.str(c.tags.get('from')) : null;
    const mime = c.tags.has('mime');
    // RFC 5230 §4.2: without :handle, replies differing in these are different.
    const handle = c.tags.has('handle')
      ? this.str(c.tags.get('handle'))
      : `auto:${subject ?? ''}\u0000${from ?? ''}\u0000${mime ? 1 : 0}\u0000${reason}`;
    this.add(
      {
        type: 'vacation',
        reason,
        subject,
        from,
        addresses: this.list(c.tags.get('addresses')),
        mime,
        period,
        handle,
      },
      c.pos,
    );
  }

  // RFC 5293 §5
  private deleteHeader(c: CommandNode) {
    const name = this.str(c.positional[0]);
    // RFC 5293 §5: Received and Auto-Submitted... implementations MUST refuse to delete some
    if (/^(received|auto-submitted)$/i.test(name)) return;
    const idx = c.tags.get('index');
    const index = idx && idx !== true && idx.kind === 'number' ? idx.value : null;
    const last = c.tags.has('last');
    const patterns = c.positional.length > 1 ? this.list(c.positional[1]) : null;
    const matcher = patterns ? this.matcherFor(c) : null;
    const removed = this.headers.remove(name, index, last, (value) => {
      if (!patterns || !matcher) return true;
      this.charge(patterns.length);
      return matcher.test([value], patterns).matched;
    });
    this.add({ type: 'deleteheader', name, index, last, removed }, c.pos);
  }

  matcherFor(node: CommandNode | TestNode) {
    return makeMatcher(node, (a) => this.str(a));
  }

  // RFC 6609 §3.2
  private include(c: CommandNode) {
    const name = this.str(c.positional[0]);
    const location = c.tags.has('global') ? 'global' : 'personal';
    const key = `${location}/${name}`;
    if (c.tags.has('once') && this.included.has(key)) return;
    if (++this.includes > this.limits.maxIncludes) throw new SieveRuntimeError('too many includes', c.pos);
    const depth = this.includeDepth + 1;
    if (depth > this.limits.maxIncludeDepth) throw new SieveRuntimeError('includes nested too deeply', c.pos);
    const script = this.opts.loadInclude?.(name, location) ?? null;
    if (!script) {
      if (c.tags.has('optional')) return;
      throw new SieveRuntimeError(`include: ${location} script "${name}" not found`, c.pos);
    }
    this.included.add(key);
    this.includeDepth = depth;
    try {
      this.execScript(script, depth);
    } finally {
      this.includeDepth = depth - 1;
    }
  }
  private includeDepth = 0;

  finish(): SieveAction[] {
    if (this.implicitKeep)
      this.actions.push(withHeader({ type: 'keep', flags: [...this.flags], implicit: true }, this.headers));
    return dedupe(this.actions);
  }
}

/**
 * Keep, fileinto and redirect carry the header as edited so far: each stores or sends the
 * message as it was when the action ran, later edits do not reach it (the implicit keep
 * gets the final state). Vacation and reject answer the original (RFC 5293 §7).
 */
function withHeader(a: SieveAction, headers: HeaderView): SieveAction {
  if (a.type !== 'keep' && a.type !== 'fileinto' && a.type !== 'redirect') return a;
  const header = headers.snapshot();
  return header ? { ...a, header } : a;
}

/** Splits space-separated flag strings and removes duplicates (case-insensitive). */
export function normaliseFlags(list: string[]): string[] {
  const seen = new Map<string, string>();
  for (const s of list)
    for (const f of s.split(/\s+/)) if (f && !seen.has(f.toLowerCase())) seen.set(f.toLowerCase(), f);
  return [...seen.values()];
}

// RFC 5228 §4.1: filing twice into the same mailbox stores one copy.
function dedupe(actions: SieveAction[]): SieveAction[] {
  const seen = new Set<string>();
  const out: SieveAction[] = [];
  for (const a of actions) {
    const key =
      a.type === 'keep'
        ? 'mbox:INBOX'
        : a.type === 'fileinto'
          ? `mbox:${a.mailbox}`
          : a.type === 'redirect'
            ? `to:${a.address.toLowerCase()}`
            : null;
    if (key && seen.has(key)) continue;
    if (key) seen.add(key);
    out.push(a);
  }
  return out;
}
