// Public face of the Sieve engine (pure: no store, no sockets).
export type { EditedHeader, SieveAction, SieveLimits } from './actions.js';
export { DEFAULT_LIMITS } from './actions.js';
export type { SieveScript } from './ast.js';
export { check, compile, MAX_SCRIPT_SIZE } from './compile.js';
export { SieveRuntimeError, SieveSyntaxError } from './errors.js';
export type { RunOptions, SieveResult } from './interpreter.js';
export { runScript } from './interpreter.js';
export type { BodyTransform, SieveEnvelope, SieveMessage } from './message.js';
export type { ReadRules, Rule, RuleAction, RuleCondition } from './rules.js';
export { checkRule, describeRule, rulesToSieve, sieveToRules } from './rules.js';
export { CAPABILITIES } from './specs.js';
export { vacationRefusal, vacationSubject } from './vacation.js';
