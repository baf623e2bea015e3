/**
How tall the live part of an Ink frame is, and what to leave out of it so it fits the window. Ink clears the
screen and the scrollback (ESC[2J ESC[3J) once a frame is as tall as the window, so a question's frame must stay
at most rows − 1 rows high, counting every wrapped line. Pure: the sizes come in, the decision goes out.
*/
import wrapAnsi from 'wrap-ansi';

/** The terminal's size; rows ≤ 0 means unknown (then nothing is left out). */
export interface TerminalSize {
	rows: number;
	cols: number;
}

/** The rows `text` takes in a column `cols` wide, wrapped as Ink wraps it (words, long ones cut). */
export function rowsOf(text: string, cols: number): number {
	if (cols <= 0) return text.split('\n').length;
	return wrapAnsi(text, cols, {trim: false, hard: true}).split('\n').length;
}

/** The parts of a select question's frame, as the Ink front-end draws them. */
export interface SelectParts {
	message: string;
	detail: readonly string[];
	labels: readonly string[];
	error?: string;
	hint: string;
}

/** Where a select question's detail goes, and how many choices its list shows at once (undefined: all). */
export interface SelectFit {
	/** The detail stays in the live frame (false: it is printed into the history above the question). */
	detailLive: boolean;
	limit?: number;
}

/** Choices a list should show at least before its detail is moved out of the live frame. */
const MIN_CHOICES = 4;

/**
Fit a select question into the window: the question, the selected choice and the hint always; the detail (e.g.
the plan's rows) while it fits beside at least a few choices, else it goes to the printed history; the list gets
the rows left, with a "↑/↓ N more" line on each side when it does not show every choice.
*/
export function fitSelect(size: TerminalSize, parts: SelectParts): SelectFit {
	if (size.rows <= 0) return {detailLive: true};
	const {cols} = size;
	const budget = size.rows - 1;
	// The question reads "? <message>"; a missing error keeps a row for one.
	const fixed = rowsOf(`? ${parts.message}`, cols) + (parts.error ? rowsOf(`✖ ${parts.error}`, cols) : 1) + rowsOf(parts.hint, cols);
	const itemRows = Math.max(1, ...parts.labels.map(label => rowsOf(`❯ ${label}`, cols)));
	const total = parts.labels.length;
	const listRows = (shown: number): number => shown * itemRows + (shown < total ? 2 : 0);
	const detailRows = parts.detail.reduce((sum, line) => sum + rowsOf(`  ${line}`, cols), 0);
	const detailLive = detailRows === 0 || fixed + detailRows + listRows(Math.min(total, MIN_CHOICES)) <= budget;
	const room = budget - fixed - (detailLive ? detailRows : 0);
	if (listRows(total) <= room) return {detailLive};
	return {detailLive, limit: Math.max(1, Math.floor((room - 2) / itemRows))};
}

/** Whether a failed task's frame (the ✖ title, the reason, its choices, the hint) is shorter than the window. */
export function fitsFailure(size: TerminalSize, parts: {title: string; failure: string; choices: number; hint: string}): boolean {
	if (size.rows <= 0) return true;
	return rowsOf(`✖ ${parts.title}`, size.cols) + rowsOf(`  ${parts.failure}`, size.cols) + parts.choices + rowsOf(parts.hint, size.cols) <= size.rows - 1;
}
