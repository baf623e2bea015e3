import {Text} from 'ink';
import {LineInput} from './LineInput.js';
import type {Theme} from './theme.js';

/** A one-line text (or masked password) question; Enter submits, an empty line takes the default. */
export function TextQuestion(props: {message: string; initial?: string; mask?: boolean; theme: Theme; onSubmit: (value: string) => void; onChange?: (value: string) => void}) {
	return (
		// One <Text> so a long line wraps as text instead of squeezing the boxes beside each other.
		<Text>
			<Text {...props.theme.accent}>? </Text>
			<Text bold>{props.message}: </Text>
			<LineInput placeholder={props.initial} mask={props.mask} muted={props.theme.muted} markDefault={props.theme.plain} onSubmit={props.onSubmit} onChange={props.onChange} />
		</Text>
	);
}
