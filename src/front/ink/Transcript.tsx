import {Box, Text} from 'ink';
import type {TranscriptLine} from '../../wizard/transcript.js';
import type {Theme} from './theme.js';

/** The finished steps of the current stage, one line each. */
export function Transcript({lines, theme}: {lines: TranscriptLine[]; theme: Theme}) {
	return (
		<Box flexDirection="column">
			{lines.map((line, i) => (
				<Text key={i}>
					{line.kind === 'skipped' ? <Text {...theme.warn}>! </Text> : <Text {...theme.ok}>✔ </Text>}
					{line.label}
					{line.value ? <Text {...theme.muted}> · {line.value}</Text> : null}
				</Text>
			))}
		</Box>
	);
}
