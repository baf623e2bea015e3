import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import type {Theme} from './theme.js';

/** One option of a ThemedSelect. */
export interface SelectItem<V extends string> {
	label: string;
	value: V;
}

/** ink-select-input with our theme: its own items and pointer are hard-wired blue, which ignores NO_COLOR. */
export function ThemedSelect<V extends string>(props: {items: Array<SelectItem<V>>; initialIndex?: number; theme: Theme; onSelect: (value: V) => void}) {
	const {theme} = props;
	return (
		<SelectInput
			items={props.items.map(i => ({key: i.value, label: i.label, value: i.value}))}
			initialIndex={props.initialIndex}
			onSelect={item => props.onSelect(item.value)}
			indicatorComponent={({isSelected}) => (
				<Box marginRight={1}>
					<Text {...theme.accent}>{isSelected ? '❯' : ' '}</Text>
				</Box>
			)}
			itemComponent={({isSelected, label}) => <Text {...(isSelected ? theme.accent : {})}>{label}</Text>}
		/>
	);
}
