import {Box, Static, Text, useApp} from 'ink';
import {useKeys} from './keys.js';
import {useEffect, useMemo, useReducer, useState} from 'react';
import {toSetup} from '../../wizard/answers.js';
import type {Wizard, WizardState} from '../../wizard/machine.js';
import type {WizardPorts} from '../../wizard/ports.js';
import {endNotice, summaryRows, transcript, type TranscriptLine} from '../../wizard/transcript.js';
import {stageNumber, stageTitle} from '../../wizard/flow.js';
import {STAGES, type StageId} from '../../wizard/step-types.js';
import {runTask} from '../run-tasks.js';
import {ConfirmQuestion} from './ConfirmQuestion.js';
import {SelectQuestion} from './SelectQuestion.js';
import {Summary} from './Summary.js';
import {FailedTask, RunningTask} from './TaskView.js';
import {TextQuestion} from './TextQuestion.js';
import type {Theme} from './theme.js';
import type {NoticeBoard} from '../notice-board.js';
import {backTarget, failureChoices} from '../navigation.js';
import {TranscriptRow} from './Transcript.js';
import {fitSelect, fitsFailure, type SelectFit, type TerminalSize} from './frame-fit.js';
import {useTerminalSize} from './use-terminal-size.js';

/** One line of the log printed above the live region (each printed once, into the scrollback). */
type LogEntry =
	| {kind: 'stage'; stage: StageId}
	| {kind: 'line'; line: TranscriptLine}
	| {kind: 'back'; to: string}
	| {kind: 'failed'; title: string; failure: string}
	/** A question's detail (e.g. the plan's rows) too tall to sit beside its choices in the window. */
	| {kind: 'detail'; lines: string[]}
	| {kind: 'summary'; rows: Array<[string, string]>; next: string};
/** A log entry with its position, Ink's key for it. */
type LogItem = LogEntry & {id: number};

/** The printed log and what it was built from, so the next state only appends what is new. */
interface Log {
	items: LogItem[];
	/** The steps passed when the log was last extended. */
	history: readonly number[];
	stage?: StageId;
	summarized?: boolean;
	/** The task failing when the log was last extended: printed if the person goes back from it, so the history says why. */
	failed?: {title: string; failure: string};
	/** That failure is printed already (it was too tall for the live frame beside its choices). */
	failurePrinted?: boolean;
	/** The question (by frame key) whose detail this log printed, so its live frame leaves the detail out. */
	detailKey?: string;
}

/** Ink's key for the current step's frame: a new one on every visit. */
const frameKey = (state: WizardState): string => `${state.index}:${state.history.length}`;

/** The key hints under the current step (`typed`: the text question's line holds text, so Tab does nothing). */
function hintOf(wizard: Wizard, state: WizardState, typed = false): string {
	const step = wizard.current(state);
	const back = wizard.canGoBack(state) ? ' · Esc back' : '';
	if (!step) return '';
	// Esc on a failed task goes where "Back to the question" goes (the reducer's back), so the hint names it too.
	if (step.kind === 'task') return state.failure ? `↑↓ choose · Enter confirm${back} · Ctrl-C quit` : 'Ctrl-C cancel';
	if (step.kind === 'select') {
		const letters = step.choices!(state.answers).filter(c => c.key).map(c => ` · ${c.key} ${c.short ?? c.label}`).join('');
		return `↑↓ choose · Enter confirm${letters}${back} · Ctrl-C quit`;
	}

	if (step.kind === 'confirm') return `y yes · n no · Enter ${wizard.initialOf(state, step) !== false ? 'yes' : 'no'}${back} · Ctrl-C quit`;
	const initialValue = wizard.initialOf(state, step);
	const hasDefault = typeof initialValue === 'string' && initialValue !== '';
	return `Enter confirm${hasDefault && step.kind === 'text' && !typed ? ' · Tab edit the default' : ''}${back} · Ctrl-C quit`;
}

/** How the current select question fits the window, and its detail. */
type QuestionFit = SelectFit & {detail: string[]};

/**
How the current select question fits the window. Once the detail has gone to the history the same limit holds:
the list's room was counted without the detail then (a window grown since keeps it, a little short, but fitting).
*/
function selectFit(wizard: Wizard, state: WizardState, size: TerminalSize): QuestionFit {
	const step = wizard.current(state);
	if (step?.kind !== 'select') return {detailLive: true, detail: []};
	const detail = step.detail?.(state.answers, wizard.ctx) ?? [];
	const labels = step.choices!(state.answers).map(c => c.label);
	return {...fitSelect(size, {message: step.message, detail, labels, error: state.error, hint: hintOf(wizard, state)}), detail};
}

/**
The log after `state`: it only ever grows (Ink's <Static> prints each item once). Finished steps are appended as
the history grows; going back appends a "back to" line rather than unprinting anything (after the failed check's
✖ line when the back is from a failure); the end summary is
printed too, so the last frame is never taller than the window (which makes Ink clear the screen and the
scrollback) and ends with a newline. Pure: returns a new log.
*/
function extendLog(log: Log, wizard: Wizard, state: WizardState, execute: readonly string[], dryRun: boolean, size: TerminalSize, fit: QuestionFit): Log {
	const items = [...log.items];
	let {stage: printedStage, summarized} = log;
	const push = (entry: LogEntry) => items.push({...entry, id: items.length});
	const lines = transcript(wizard.flow, state);
	// Compare by the steps passed, not their text: a line whose value fills in later (a generated password) is not a step back.
	let common = 0;
	while (common < state.history.length && common < log.history.length && state.history[common] === log.history[common]) common++;
	const step = wizard.current(state);
	if (common < log.history.length) {
		if (log.failed && !log.failurePrinted) push({kind: 'failed', ...log.failed});
		push({kind: 'back', to: backTarget(wizard, state)});
	} else if (state.status === 'quit' && log.failed && !log.failurePrinted) {
		// Quit from a failed task: the live frame that showed the ✖ line goes, the history keeps why the run stopped.
		push({kind: 'failed', ...log.failed});
	}

	for (let i = common; i < lines.length; i++) {
		const stage = wizard.flow[state.history[i]!]!.stage;
		if (stage !== printedStage) {
			push({kind: 'stage', stage});
			printedStage = stage;
		}

		push({kind: 'line', line: lines[i]!});
	}

	if (step && step.stage !== printedStage) {
		push({kind: 'stage', stage: step.stage});
		printedStage = step.stage;
	}

	if (state.status === 'done' && !summarized) {
		const setup = toSetup(state.answers);
		push({kind: 'summary', rows: summaryRows(setup, state.answers, dryRun), next: endNotice(setup, state.answers, process.platform, process.arch, execute, dryRun).join('\n')});
		summarized = true;
	}

	// A detail too tall for the window is printed once per visit of its question (the history unchanged since).
	let detailKey = log.detailKey === frameKey(state) && common === log.history.length && common === state.history.length ? log.detailKey : undefined;
	if (!detailKey && state.status === 'active') {
		if (!fit.detailLive) {
			push({kind: 'detail', lines: fit.detail});
			detailKey = frameKey(state);
		}
	}

	const failed = step?.kind === 'task' && state.failure !== undefined ? {title: step.title(state.answers), failure: state.failure} : undefined;
	// A failure too tall to sit beside its choices is printed, once, above them.
	let failurePrinted = Boolean(failed && log.failurePrinted && log.failed?.failure === failed.failure && common === log.history.length && common === state.history.length);
	if (failed && step?.kind === 'task' && !failurePrinted && !fitsFailure(size, {...failed, choices: failureChoices(wizard.canGoBack(state), step.canContinue).length, hint: hintOf(wizard, state)})) {
		push({kind: 'failed', ...failed});
		failurePrinted = true;
	}

	return {items, history: state.history, stage: printedStage, summarized, failed, failurePrinted, detailKey};
}

/**
The log for the current state, extended (during render, React's "state from previous renders" pattern) when the
state or the window's size changes (a detail or failure that no longer fits the smaller window is printed then).
*/
function useLog(wizard: Wizard, state: WizardState, execute: readonly string[], dryRun: boolean, size: TerminalSize, fit: QuestionFit): Log {
	const [log, setLog] = useState(() => extendLog({items: [], history: []}, wizard, state, execute, dryRun, size, fit));
	const [logged, setLogged] = useState({state, size});
	if (logged.state !== state || logged.size !== size) {
		setLogged({state, size});
		setLog(extendLog(log, wizard, state, execute, dryRun, size, fit));
	}

	return log;
}

/** "Step n of 4 · <stage>", with the four stages as a progress line below it. */
function StageHeading({stage, theme}: {stage: StageId; theme: Theme}) {
	const n = stageNumber(stage);
	return (
		<Box flexDirection="column" marginTop={n === 1 ? 0 : 1}>
			<Text bold {...theme.accent}>
				Step {n} of {STAGES.length} · {stageTitle(stage)}
			</Text>
			<Text {...theme.muted}>{STAGES.map((s, i) => `${i + 1 < n ? '✔' : i + 1 === n ? '●' : '○'} ${s.title}`).join('  ')}</Text>
		</Box>
	);
}

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
	/** --execute statements, shown in the "run it later" commands as they will be run. */
	execute?: readonly string[];
	/** --dry-run: the summary shows the launch it would make instead of opening the shell. */
	dryRun?: boolean;
	/** Where the running task's waits are reported (a Retry-After countdown, a poll's elapsed time). */
	notices?: NoticeBoard;
}

/** The Ink front-end: header, finished steps, the current step, and the summary. All logic is in the reducer. */
export function WizardApp({wizard, initial, ports, theme, onEnd, execute = [], dryRun = false, notices}: WizardAppProps) {
	const {exit} = useApp();
	const [state, dispatch] = useReducer(wizard.reduce, initial);
	const step = wizard.current(state);
	const size = useTerminalSize();
	// Once per state and size: the log (a detail too tall goes to the history) and the list's rows both use it.
	const fit = useMemo(() => selectFit(wizard, state, size), [wizard, state, size]);
	const {items: log, detailKey, failurePrinted} = useLog(wizard, state, execute, dryRun, size, fit);

	// Ctrl-C first paints a last frame without the key hints (they would otherwise stay on screen above the
	// cancel summary), then ends Ink; the summary is printed after it.
	const [cancelling, setCancelling] = useState(false);
	// The visit whose text line holds typed text (Tab only pulls the default into an empty line). A visit is named
	// by its history array, not its frame key: Back returns to a question with the same key, but a new history.
	const [typedIn, setTypedIn] = useState<WizardState['history'] | undefined>();
	useKeys((input, key) => {
		if (cancelling) return;
		if (key.ctrl && input === 'c') setCancelling(true);
		else if (key.escape) dispatch({type: 'back'});
	});
	useEffect(() => {
		if (cancelling) exit(new WizardCancelled('cancelled'));
	}, [cancelling, exit]);

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

	const printed = (
		<Static items={log}>
			{item =>
				item.kind === 'stage' ? (
					<StageHeading key={item.id} stage={item.stage} theme={theme} />
				) : item.kind === 'summary' ? (
					<Summary key={item.id} rows={item.rows} next={item.next} theme={theme} />
				) : item.kind === 'failed' ? (
					<Text key={item.id}>
						<Text {...theme.error}>✖ </Text>
						{item.title}
						<Text {...theme.error}> · {item.failure}</Text>
					</Text>
				) : item.kind === 'detail' ? (
					<Box key={item.id} flexDirection="column">
						{item.lines.map((line, i) => (
							<Text key={i}>  {line}</Text>
						))}
					</Box>
				) : item.kind === 'back' ? (
					<Text key={item.id} {...theme.muted}>
						↩ back to: {item.to}
					</Text>
				) : (
					<TranscriptRow key={item.id} line={item.line} theme={theme} />
				)
			}
		</Static>
	);

	// The same tree as below (a Box around the Static): a bare Static would be a new one, and Ink would print every
	// item of the history again.
	if (state.status === 'done') return <Box flexDirection="column">{printed}</Box>;
	if (cancelling && step?.kind === 'task' && !state.failure) {
		return (
			<Box flexDirection="column">
				{printed}
				<Text>
					<Text {...theme.error}>✖ </Text>
					{step.title(state.answers)} <Text {...theme.muted}>· cancelled</Text>
				</Text>
			</Box>
		);
	}

	if (!step) {
		return (
			<Box flexDirection="column">
				{printed}
				<Text>Quitting.</Text>
			</Box>
		);
	}

	const key = frameKey(state);
	const canGoBack = wizard.canGoBack(state);
	const hint = hintOf(wizard, state, typedIn === state.history);
	let body;
	if (step.kind === 'task') {
		const title = step.title(state.answers);
		body = state.failure ? (
			<FailedTask title={title} failure={state.failure} printed={failurePrinted} canGoBack={canGoBack} canContinue={step.canContinue} theme={theme} onChoose={choice => dispatch({type: choice})} />
		) : (
			<RunningTask key={`${key}:${state.attempt}`} title={title} theme={theme} notices={notices} />
		);
	} else if (step.kind === 'select') {
		const initialValue = wizard.initialOf(state, step);
		const choices = step.choices!(state.answers);
		// The frame must stay shorter than the window (Ink clears the screen and the scrollback otherwise): the
		// list shows the rows that fit, and a detail too tall to fit beside it was printed into the history.
		const detailPrinted = detailKey === key;
		const {detail, limit} = fit;
		body = <SelectQuestion key={key} message={step.message} detail={detailPrinted || detail.length === 0 ? undefined : detail} choices={choices} limit={limit} initial={typeof initialValue === 'string' ? initialValue : undefined} theme={theme} onSubmit={value => dispatch({type: 'answer', value, step: step.id})} />;
	} else if (step.kind === 'confirm') {
		const initialValue = wizard.initialOf(state, step) !== false;
		body = <ConfirmQuestion key={key} message={step.message} initial={initialValue} theme={theme} onSubmit={value => dispatch({type: 'answer', value, step: step.id})} />;
	} else {
		const initialValue = wizard.initialOf(state, step);
		body = <TextQuestion key={key} message={step.message} initial={typeof initialValue === 'string' ? initialValue : undefined} mask={step.kind === 'password'} theme={theme} onSubmit={value => dispatch({type: 'answer', value, step: step.id})} onChange={value => setTypedIn(value === '' ? undefined : state.history)} />;
	}

	return (
		<Box flexDirection="column">
			{printed}
			{body}
			{state.error ? <Text {...theme.error}>✖ {state.error}</Text> : null}
			{cancelling ? null : <Text {...theme.muted}>{hint}</Text>}
		</Box>
	);
}
