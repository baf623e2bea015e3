import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {useEffect, useState} from 'react';
import type {WaitNotice} from '../../core/wait-notice.js';
import type {NoticeBoard} from '../notice-board.js';
import {failureChoices, type FailureChoice} from '../navigation.js';
import {ThemedSelect} from './ThemedSelect.js';
import type {Theme} from './theme.js';

/** Tasks shorter than this show no spinner, so fast checks do not flicker. */
const SPINNER_DELAY_MS = 200;

/**
A running task: a spinner with elapsed seconds once it has taken longer than SPINNER_DELAY_MS, and under it the
wait the task is in, if it reports one on `notices` (a Retry-After counting down, a poll counting up), redrawn
with the seconds as they pass.
*/
export function RunningTask({title, theme, notices}: {title: string; theme: Theme; notices?: NoticeBoard}) {
	const [started] = useState(() => Date.now());
	const [now, setNow] = useState(started);
	const [notice, setNotice] = useState<WaitNotice | undefined>();
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), 100);
		return () => clearInterval(timer);
	}, []);
	// Only waits reported while this task runs: the board's listener goes when the task ends.
	useEffect(() => notices?.subscribe(setNotice), [notices]);
	const elapsed = now - started;
	if (elapsed < SPINNER_DELAY_MS && !notice) return <Text>  {title}</Text>;
	return (
		<Box flexDirection="column">
			<Text>
				<Text {...theme.accent}>
					<Spinner type="dots" />
				</Text>{' '}
				{title} <Text {...theme.muted}>({(elapsed / 1000).toFixed(1)} s)</Text>
			</Text>
			{notice ? <Text {...theme.muted}>  … {notice.at(Math.max(now, started))}</Text> : null}
		</Box>
	);
}

/** A failed task: the reason inline (unless `printed` above already), then retry / back / continue anyway / quit. */
export function FailedTask(props: {title: string; failure: string; printed?: boolean; canGoBack: boolean; canContinue: boolean; theme: Theme; onChoose: (choice: FailureChoice) => void}) {
	const items = failureChoices(props.canGoBack, props.canContinue);
	if (props.printed) return <ThemedSelect items={items} theme={props.theme} onSelect={props.onChoose} />;
	return (
		<Box flexDirection="column">
			<Text>
				<Text {...props.theme.error}>✖ </Text>
				{props.title}
			</Text>
			<Text {...props.theme.error}>  {props.failure}</Text>
			<ThemedSelect items={items} theme={props.theme} onSelect={props.onChoose} />
		</Box>
	);
}
