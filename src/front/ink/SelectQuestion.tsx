import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import type {Choice} from '../../wizard/flow.js';
import type {Theme} from './theme.js';

/** A list to pick from with ↑/↓ and Enter; starts on the current answer. */
export function SelectQuestion(props: {message: string; choices: Choice[]; initial?: string; theme: Theme; onSubmit: (value: string) => void}) {
	const items = props.choices.map(c => ({key: c.value, label: c.label, value: c.value}));
	const initialIndex = Math.max(0, items.findIndex(i => i.value === props.initial));
	return (
		<Box flexDirection="column">
			<Box>
				<Text {...props.theme.accent}>? </Text>
				<Text bold>{props.message}</Text>
			</Box>
			<SelectInput items={items} initialIndex={initialIndex} onSelect={item => props.onSubmit(item.value)} />
		</Box>
	);
}
