import {Box, Text} from 'ink';
import {stageNumber, stageTitle, STAGES, type StageId} from '../../wizard/flow.js';
import type {Theme} from './theme.js';

/** "Step n of 4 · <stage>", with the four stages as a progress line below it. */
export function Header({stage, theme}: {stage: StageId; theme: Theme}) {
	const n = stageNumber(stage);
	return (
		<Box flexDirection="column" marginBottom={1}>
			<Text bold {...theme.accent}>
				Step {n} of {STAGES.length} · {stageTitle(stage)}
			</Text>
			<Text {...theme.muted}>{STAGES.map((s, i) => `${i + 1 < n ? '✔' : i + 1 === n ? '●' : '○'} ${s.title}`).join('  ')}</Text>
		</Box>
	);
}
