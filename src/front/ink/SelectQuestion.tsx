import {Box, Text} from 'ink';
import type {Choice} from '../../wizard/flow.js';
import {ThemedSelect} from './ThemedSelect.js';
import type {Theme} from './theme.js';

/** A list to pick from with ↑/↓ and Enter; starts on the current answer. */
export function SelectQuestion(props: {message: string; choices: Choice[]; initial?: string; theme: Theme; onSubmit: (value: string) => void}) {
	const initialIndex = Math.max(0, props.choices.findIndex(c => c.value === props.initial));
	return (
		<Box flexDirection="column">
			<Box>
				<Text {...props.theme.accent}>? </Text>
				<Text bold>{props.message}</Text>
			</Box>
			<ThemedSelect items={props.choices} initialIndex={initialIndex} theme={props.theme} onSelect={props.onSubmit} />
		</Box>
	);
}
