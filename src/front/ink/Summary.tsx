import {Box, Text} from 'ink';
import type {Theme} from './theme.js';

/** The end screen: what was assembled, and what happens next. */
export function Summary({rows, next, theme}: {rows: Array<[string, string]>; next: string; theme: Theme}) {
	const width = Math.max(...rows.map(([label]) => label.length));
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold {...theme.ok}>
				✔ Ready to connect
			</Text>
			{rows.map(([label, value]) => (
				<Text key={label}>
					{'  '}
					<Text bold>{label.padEnd(width)}</Text>  {value}
				</Text>
			))}
			<Text {...theme.accent}>{next}</Text>
		</Box>
	);
}
