import type { Position } from './errors.js';

export interface StringArg {
  kind: 'string';
  value: string;
  pos: Position;
}
export interface StringListArg {
  kind: 'stringlist';
  values: StringArg[];
  pos: Position;
}
export interface NumberArg {
  kind: 'number';
  value: number;
  pos: Position;
}
export interface TagArg {
  kind: 'tag';
  name: string;
  pos: Position;
}
export type Argument = StringArg | StringListArg | NumberArg | TagArg;

/** A test as written; `tags` and `positional` are filled in by validation. */
export interface TestNode {
  name: string;
  pos: Position;
  args: Argument[];
  tests: TestNode[];
  tags: Map<string, Argument | true>;
  positional: Argument[];
}

export interface CommandNode {
  name: string;
  pos: Position;
  args: Argument[];
  tests: TestNode[];
  block: CommandNode[] | null;
  tags: Map<string, Argument | true>;
  positional: Argument[];
}

export interface SieveScript {
  commands: CommandNode[];
  /** Capabilities named by "require". */
  capabilities: Set<string>;
  /** Size of the source in characters. */
  size: number;
}
