/**
The plain front-end: the same flow, asked line by line with @inquirer/prompts. For --plain, TERM=dumb
and screen readers. Ink is never mounted while these prompts run (ink-notes §2).
*/
import {styleText} from 'node:util';
import {confirm, input, password, select} from '@inquirer/prompts';
import {stageNumber, stageTitle} from '../../wizard/flow.js';
import {STAGES, type QuestionStep} from '../../wizard/step-types.js';
import type {Wizard, WizardState} from '../../wizard/machine.js';
import type {WizardPorts} from '../../wizard/ports.js';
import type {WizardOutcome} from '../outcome.js';
import {backTarget, failureChoices} from '../navigation.js';
import {runTask} from '../run-tasks.js';

/** Where the plain front-end writes its own lines (prompts write to stdout themselves). */
export interface PlainOptions {
	write: (line: string) => void;
	/** The stream the prompts read keys from (process.stdin unless a test gives its own): Esc is watched there. */
	keys?: NodeJS.EventEmitter;
}

const BACK = '\u0000back';

function isExitPrompt(error: unknown): boolean {
	return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** A prompt's question line: while it is asked it says Esc goes back (as Ink's hint line does); once answered, the bare question. */
function messageStyle(canGoBack: boolean) {
	return (text: string, status: string) => styleText('bold', text) + (canGoBack && status !== 'done' ? styleText('dim', ' · Esc back') : '');
}

/** A list's key help line with Esc added, in the list's own "key action" form. */
function keysHelp(canGoBack: boolean) {
	return (keys: Array<[string, string]>) => [...keys, ...(canGoBack ? [['Esc', 'back'] as [string, string]] : [])]
		.map(([key, action]) => `${styleText('bold', key)} ${styleText('dim', action)}`)
		.join(styleText('dim', ' • '));
}

/** What a prompt is run with: the signal Esc aborts, and whether the prompt's lines are erased when it ends. */
interface PromptContext {
	signal?: AbortSignal;
	clearPromptOnDone?: boolean;
}

/**
Run one prompt so that Esc answers BACK, on every kind of question: @inquirer/prompts has no Back of its own, so
Esc (a lone ESC, which readline names "escape"; arrow keys are whole sequences and never match) aborts the prompt.
The abandoned prompt is erased, as Ink's live frame is: the history then reads "✔ <answer>" then "↩ back to: …",
not a half-typed question left above it. The prompt reads clearPromptOnDone when it ends, so it is set only on Esc
(an answered prompt keeps its "✔ question answer" line).
*/
async function escapable<T>(keys: NodeJS.EventEmitter, canGoBack: boolean, run: (context: PromptContext) => Promise<T>): Promise<T | typeof BACK> {
	if (!canGoBack) return run({});
	const controller = new AbortController();
	const context: PromptContext = {signal: controller.signal, clearPromptOnDone: false};
	const onKey = (_text: unknown, key?: {name?: string}) => {
		if (key?.name !== 'escape') return;
		context.clearPromptOnDone = true;
		controller.abort();
	};

	keys.on('keypress', onKey);
	try {
		return await run(context);
	} catch (error) {
		if (controller.signal.aborted && error instanceof Error && error.name === 'AbortPromptError') return BACK;
		throw error;
	} finally {
		keys.off('keypress', onKey);
	}
}

/** Ask one question; resolves with the raw answer, or BACK (the "← Back" choice of a list, or Esc on any question). */
async function ask(wizard: Wizard, state: WizardState, step: QuestionStep, keys: NodeJS.EventEmitter): Promise<string | boolean> {
	const initial = wizard.initialOf(state, step);
	const validate = (value: string | boolean) => {
		const accepted = step.accept(value, state.answers, wizard.ctx);
		return 'error' in accepted ? accepted.error : true;
	};

	const back = wizard.canGoBack(state);
	const style = {message: messageStyle(back)};
	return escapable(keys, back, async context => {
		switch (step.kind) {
			case 'select': {
				const choices = step.choices!(state.answers).map(c => ({value: c.value, name: c.label}));
				if (back) choices.push({value: BACK, name: '← Back'});
				const theme = {style: {message: messageStyle(false), keysHelpTip: keysHelp(back)}};
				return select({message: step.message, choices, default: typeof initial === 'string' ? initial : undefined, theme}, context);
			}

			case 'confirm':
				return confirm({message: step.message, default: initial !== false, theme: {style}}, context);
			case 'password':
				return password({message: step.message, mask: '*', validate, theme: {style}}, context);
			case 'text':
				return input({message: step.message, default: typeof initial === 'string' ? initial : undefined, validate, theme: {style}}, context);
		}
	});
}

/** The line printed after going back, as the Ink front-end prints it. */
function writeBack(wizard: Wizard, state: WizardState, options: PlainOptions): void {
	options.write(`↩ back to: ${backTarget(wizard, state)}`);
}

/** Run the wizard with line-by-line prompts. */
export async function runPlain(wizard: Wizard, start: WizardState, ports: WizardPorts, options: PlainOptions): Promise<WizardOutcome> {
	let state = start;
	let shownStage: string | undefined;
	const keys = options.keys ?? process.stdin;
	try {
		while (state.status === 'active') {
			const step = wizard.current(state)!;
			if (step.stage !== shownStage) {
				shownStage = step.stage;
				options.write(`\nStep ${stageNumber(step.stage)} of ${STAGES.length} · ${stageTitle(step.stage)}`);
			}

			if (step.kind !== 'task') {
				for (const line of step.detail?.(state.answers, wizard.ctx) ?? []) options.write(`  ${line}`);
				const value = await ask(wizard, state, step, keys);
				state = wizard.reduce(state, value === BACK ? {type: 'back'} : {type: 'answer', value});
				if (state.error) options.write(`✖ ${state.error}`);
				else if (value === BACK) writeBack(wizard, state, options);
				continue;
			}

			const title = step.title(state.answers);
			options.write(`… ${title}`);
			state = wizard.reduce(state, await runTask(wizard, step, state.answers, ports));
			if (!state.failure) {
				options.write(`✔ ${title}: ${state.notes[step.id]}`);
				continue;
			}

			options.write(`✖ ${title}: ${state.failure}`);
			const back = wizard.canGoBack(state);
			const choices = failureChoices(back, step.canContinue).map(c => ({value: c.value, name: c.label}));
			const picked = await escapable(keys, back, context => select({message: 'What now?', choices, theme: {style: {keysHelpTip: keysHelp(back)}}}, context));
			const choice = picked === BACK ? 'back' : picked;
			if (choice === 'quit') return {status: 'quit', reason: state.failure};
			state = wizard.reduce(state, {type: choice});
			// The ✖ line above stays in the history: it says why the person went back.
			if (choice === 'back') writeBack(wizard, state, options);
		}
	} catch (error) {
		if (isExitPrompt(error)) return {status: 'cancelled'};
		throw error;
	}

	return state.status === 'done' ? {status: 'done', state} : {status: 'cancelled'};
}
