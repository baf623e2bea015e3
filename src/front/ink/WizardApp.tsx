import {Box, Text, useApp, useInput} from 'ink';
import {useEffect, useReducer} from 'react';
import {toSetup} from '../../wizard/answers.js';
import type {Wizard, WizardState} from '../../wizard/machine.js';
import type {WizardPorts} from '../../wizard/ports.js';
import {endNotice, summaryRows, transcript} from '../../wizard/transcript.js';
import {runTask} from '../run-tasks.js';
import {ConfirmQuestion} from './ConfirmQuestion.js';
import {Header} from './Header.js';
import {SelectQuestion} from './SelectQuestion.js';
import {Summary} from './Summary.js';
import {FailedTask, RunningTask} from './TaskView.js';
import {TextQuestion} from './TextQuestion.js';
import type {Theme} from './theme.js';
import {Transcript} from './Transcript.js';

/** Raised through Ink's exit() when the person presses Ctrl-C. */
export class WizardCancelled extends Error {
	override name = 'WizardCancelled';
}

/** Props of the whole wizard. `onEnd` receives the final state just before Ink exits. */
export interface WizardAppProps {
	wizard: Wizard;
	initial: WizardState;
	ports: WizardPorts;
	theme: Theme;
	onEnd: (state: WizardState) => void;
}

/** The Ink front-end: header, finished steps, the current step, and the summary. All logic is in the reducer. */
export function WizardApp({wizard, initial, ports, theme, onEnd}: WizardAppProps) {
	const {exit} = useApp();
	const [state, dispatch] = useReducer(wizard.reduce, initial);
	const step = wizard.current(state);

	useInput((input, key) => {
		if (key.ctrl && input === 'c') exit(new WizardCancelled('cancelled'));
		else if (key.escape) dispatch({type: 'back'});
	});

	// Run the current task. A run belongs to one (step, answers, attempt): when any of them changes the run is
	// stale and its result is dropped. Keying on answers matters: Esc then Enter in one batch can bring back the
	// same step and attempt with different answers, and the old run must not report into the new one.
	const {answers, attempt} = state;
	const failed = state.failure !== undefined;
	useEffect(() => {
		if (step?.kind !== 'task' || failed) return;
		let live = true;
		void runTask(wizard, step, answers, ports).then(action => live && dispatch(action));
		return () => {
			live = false;
		};
	}, [wizard, ports, step, answers, attempt, failed]);

	// The reducer returns the same object once the wizard has ended, so this runs once per ending.
	const ended = state.status === 'active' ? undefined : state;
	useEffect(() => {
		if (!ended) return;
		onEnd(ended);
		// Let the final frame (the summary) paint before unmounting.
		const timer = setTimeout(() => exit(), 0);
		return () => clearTimeout(timer);
	}, [ended, onEnd, exit]);

	if (state.status === 'done') {
		const setup = toSetup(state.answers);
		return (
			<Box flexDirection="column">
				<Transcript lines={transcript(wizard.flow, state)} theme={theme} />
				<Summary rows={summaryRows(setup, state.answers)} next={endNotice(setup, state.answers).join('\n')} theme={theme} />
			</Box>
		);
	}

	if (!step) return <Text>Quitting.</Text>;
	const key = `${state.index}:${state.history.length}`;
	let body;
	if (step.kind === 'task') {
		const title = step.title(state.answers);
		body = state.failure ? (
			<FailedTask
				title={title}
				failure={state.failure}
				canGoBack={state.history.length > 0}
				canContinue={step.canContinue}
				theme={theme}
				onChoose={choice => dispatch({type: choice})}
			/>
		) : (
			<RunningTask key={`${key}:${state.attempt}`} title={title} theme={theme} />
		);
	} else if (step.kind === 'select') {
		const initialValue = wizard.initialOf(state, step);
		body = <SelectQuestion key={key} message={step.message} choices={step.choices!(state.answers)} initial={typeof initialValue === 'string' ? initialValue : undefined} theme={theme} onSubmit={value => dispatch({type: 'answer', value})} />;
	} else if (step.kind === 'confirm') {
		body = <ConfirmQuestion key={key} message={step.message} initial={wizard.initialOf(state, step) !== false} theme={theme} onSubmit={value => dispatch({type: 'answer', value})} />;
	} else {
		const initialValue = wizard.initialOf(state, step);
		body = <TextQuestion key={key} message={step.message} initial={typeof initialValue === 'string' ? initialValue : undefined} mask={step.kind === 'password'} theme={theme} onSubmit={value => dispatch({type: 'answer', value})} />;
	}

	return (
		<Box flexDirection="column">
			<Header stage={step.stage} theme={theme} />
			<Transcript lines={transcript(wizard.flow, state)} theme={theme} />
			{body}
			{state.error ? <Text {...theme.error}>✖ {state.error}</Text> : null}
			<Text {...theme.muted}>Enter confirm · Tab edit the default · Esc back · Ctrl-C quit</Text>
		</Box>
	);
}
