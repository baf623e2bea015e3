import {Box, Text} from 'ink';
import type {Choice} from '../../wizard/step-types.js';
import {ThemedSelect} from './ThemedSelect.js';
import type {Theme} from './theme.js';

/** A list to pick from with ↑/↓ and Enter; starts on the current answer; lines of detail above the list. */
export function SelectQuestion(props: {message: string; detail?: string[]; choices: Choice[]; initial?: string; limit?: number; theme: Theme; onSubmit: (value: string) => void}) {
	const initialIndex = Math.max(0, props.choices.findIndex(c => c.value === props.initial));
	return (
		<Box flexDirection="column">
			{/* One <Text>, as in the other questions: a message wider than the window wraps as text; in a row of boxes
			the "? " box was squeezed to "?" (the message then glued to it). */}
			<Text>
				<Text {...props.theme.accent}>? </Text>
				<Text bold>{props.message}</Text>
			</Text>
			{props.detail?.map((line, i) => <Text key={i}>  {line}</Text>)}
			<ThemedSelect items={props.choices} initialIndex={initialIndex} limit={props.limit} theme={props.theme} onSelect={props.onSubmit} />
		</Box>
	);
}
