/** The editing rules of LineInput as a pure function, so they are tested without a terminal. */

/** The text and the cursor position (0 = before the first character). */
export interface LineState {
	value: string;
	cursor: number;
}

/** The subset of Ink's Key that editing reads. */
export interface EditKey {
	backspace?: boolean;
	delete?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	upArrow?: boolean;
	downArrow?: boolean;
	tab?: boolean;
	escape?: boolean;
	ctrl?: boolean;
	meta?: boolean;
	home?: boolean;
	end?: boolean;
}

/** Apply one keypress (or a pasted chunk) to the line. */
export function editLine(line: LineState, input: string, key: EditKey, placeholder?: string): LineState {
	const {value, cursor} = line;
	if (key.tab) return placeholder !== undefined && value === '' ? {value: placeholder, cursor: placeholder.length} : line;
	if (key.escape || key.upArrow || key.downArrow) return line;
	// Terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`: both erase before the cursor.
	// Several Backspaces in one read arrive as "\x7f\x7f…" with neither flag set: apply each key of the chunk in turn.
	// eslint-disable-next-line no-control-regex -- BS and DEL are the keys looked for
	if (!key.backspace && !key.delete && !key.ctrl && !key.meta && input.length > 1 && /[\u0008\u007F]/.test(input)) {
		return [...input].reduce((edited, char) => (char === '\u007F' || char === '\u0008' ? editLine(edited, '', {backspace: true}) : editLine(edited, char, {})), line);
	}

	if (key.backspace || key.delete) {
		return cursor === 0 ? line : {value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1};
	}

	if (key.leftArrow) return {value, cursor: Math.max(0, cursor - 1)};
	if (key.rightArrow) return {value, cursor: Math.min(value.length, cursor + 1)};
	if (key.home || (key.ctrl && input === 'a')) return {value, cursor: 0};
	if (key.end || (key.ctrl && input === 'e')) return {value, cursor: value.length};
	if (key.ctrl && input === 'u') return {value: value.slice(cursor), cursor: 0};
	if (key.ctrl || key.meta) return line;
	// Pasted text may carry a trailing newline or other control characters: keep only printable ones.
	// eslint-disable-next-line no-control-regex -- stripping control characters is the point
	const text = input.replace(/[\u0000-\u001F\u007F]/g, '');
	if (!text) return line;
	return {value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length};
}
