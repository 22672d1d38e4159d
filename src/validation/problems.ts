// A problem before it has a text range: a path in the parsed document, where on the node to
// point, and (for quick fixes) edits expressed as paths, resolved against the text later.
import type { JsonPath, Severity } from './types';

/** Where on the node a diagnostic points: its value, or the property name. */
export type Anchor = 'value' | 'key';

export type FixOp =
  | { op: 'replace'; path: JsonPath; text: string }
  | { op: 'remove'; path: JsonPath }
  /** Replace the value at `to` with the text of the value at `from` (swaps are two copies). */
  | { op: 'copy'; from: JsonPath; to: JsonPath };

export interface FixPlan {
  title: string;
  ops: FixOp[];
}

export interface Problem {
  path: JsonPath;
  message: string;
  severity: Severity;
  code: string;
  anchor: Anchor;
  fix?: FixPlan;
}
