import type { ProgrammeAxis, ProgrammeDocument } from './documents';

/** One axis of a programme, with its programme (for its indicators) and its place among the axes. */
export interface AxisView {
  programme: ProgrammeDocument;
  axis: ProgrammeAxis;
  order: number;
}
