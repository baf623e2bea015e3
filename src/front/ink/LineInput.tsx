/**
A one-line editor. Written here rather than taken from ink-text-input because the wizard needs what that
widget lacks: the default shown as a placeholder that Enter accepts and typing replaces (as Inquirer does),
Tab to pull the default in for editing, and Ctrl-U to clear the line.
*/
import {Text} from 'ink';
import {useKeys} from './keys.js';
import {useRef, useState} from 'react';
import {editLine, type LineState} from './line-editing.js';

/** Props: `placeholder` is the default answer, submitted when the line is left empty. */
export interface LineInputProps {
	placeholder?: string;
	mask?: boolean;
	onSubmit: (value: string) => void;
	/** Told the line after every edit (the hints under the question depend on whether it is empty). */
	onChange?: (value: string) => void;
	muted: {dimColor?: boolean};
	/** Without colour a dimmed default would read like typed text: say "(default)" after it. */
	markDefault?: boolean;
}

/** A text field with a cursor; masked with `*` for passwords. */
export function LineInput({placeholder, mask, onSubmit, onChange, muted, markDefault}: LineInputProps) {
	const [line, setLine] = useState<LineState>({value: '', cursor: 0});
	// Keys can arrive faster than React re-renders (a typed word, then Enter, in one read): keep the
	// latest line in a ref so Enter never submits a stale value.
	const latest = useRef(line);
	useKeys((input, key) => {
		// A paste (or a fast typist's chunk) can carry the Enter inside the same read: take the text, then submit.
		const newline = key.return ? 0 : input.search(/[\r\n]/);
		if (newline !== -1) {
			if (newline > 0) latest.current = editLine(latest.current, input.slice(0, newline), {}, placeholder);
			const {value} = latest.current;
			onSubmit(value === '' && placeholder !== undefined ? placeholder : value);
			return;
		}

		latest.current = editLine(latest.current, input, key, placeholder);
		setLine(latest.current);
		onChange?.(latest.current.value);
	});

	if (line.value === '' && placeholder) {
		return (
			<Text>
				<Text inverse>{placeholder[0]}</Text>
				<Text {...muted}>{placeholder.slice(1)}</Text>
				{markDefault ? ' (default)' : null}
			</Text>
		);
	}

	const shown = mask ? '*'.repeat(line.value.length) : line.value;
	return (
		<Text>
			{shown.slice(0, line.cursor)}
			<Text inverse>{shown[line.cursor] ?? ' '}</Text>
			{shown.slice(line.cursor + 1)}
		</Text>
	);
}
