import {Text} from 'ink';
import type {TranscriptLine} from '../../wizard/transcript.js';
import type {Theme} from './theme.js';

/** One finished step: a tick (or a warning sign when skipped), its label and its answer or result. */
export function TranscriptRow({line, theme}: {line: TranscriptLine; theme: Theme}) {
	return (
		<Text>
			{line.kind === 'skipped' ? <Text {...theme.warn}>! </Text> : <Text {...theme.ok}>✔ </Text>}
			{line.label}
			{line.value ? <Text {...theme.muted}> · {line.value}</Text> : null}
		</Text>
	);
}
