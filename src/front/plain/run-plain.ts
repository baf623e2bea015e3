/**
The plain front-end: the same flow, asked line by line with @inquirer/prompts. For --plain, TERM=dumb
and screen readers. Ink is never mounted while these prompts run (ink-notes §2).
*/
import {confirm, input, password, select} from '@inquirer/prompts';
import {stageNumber, stageTitle} from '../../wizard/flow.js';
import {STAGES, type QuestionStep} from '../../wizard/step-types.js';
import type {Wizard, WizardState} from '../../wizard/machine.js';
import type {WizardPorts} from '../../wizard/ports.js';
import type {WizardOutcome} from '../outcome.js';
import {runTask} from '../run-tasks.js';

/** Where the plain front-end writes its own lines (prompts write to stdout themselves). */
export interface PlainOptions {
	write: (line: string) => void;
}

const BACK = '\u0000back';

function isExitPrompt(error: unknown): boolean {
	return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** Ask one question; resolves with the raw answer, or BACK. */
async function ask(wizard: Wizard, state: WizardState, step: QuestionStep): Promise<string | boolean> {
	const initial = wizard.initialOf(state, step);
	const validate = (value: string | boolean) => {
		const accepted = step.accept(value, state.answers, wizard.ctx);
		return 'error' in accepted ? accepted.error : true;
	};

	switch (step.kind) {
		case 'select': {
			const choices = step.choices!(state.answers).map(c => ({value: c.value, name: c.label}));
			if (state.history.length > 0) choices.push({value: BACK, name: '← Back'});
			return select({message: step.message, choices, default: typeof initial === 'string' ? initial : undefined});
		}

		case 'confirm':
			return confirm({message: step.message, default: initial !== false});
		case 'password':
			return password({message: step.message, mask: '*', validate});
		case 'text':
			return input({message: step.message, default: typeof initial === 'string' ? initial : undefined, validate});
	}
}

/** The line printed after going back, as the Ink front-end prints it. */
function writeBack(wizard: Wizard, state: WizardState, options: PlainOptions): void {
	const step = wizard.current(state);
	options.write(`↩ back to: ${step && step.kind !== 'task' ? step.message : 'an earlier step'}`);
}

/** Run the wizard with line-by-line prompts. */
export async function runPlain(wizard: Wizard, start: WizardState, ports: WizardPorts, options: PlainOptions): Promise<WizardOutcome> {
	let state = start;
	let shownStage: string | undefined;
	try {
		while (state.status === 'active') {
			const step = wizard.current(state)!;
			if (step.stage !== shownStage) {
				shownStage = step.stage;
				options.write(`\nStep ${stageNumber(step.stage)} of ${STAGES.length} · ${stageTitle(step.stage)}`);
			}

			if (step.kind !== 'task') {
				for (const line of step.detail?.(state.answers, wizard.ctx) ?? []) options.write(`  ${line}`);
				const value = await ask(wizard, state, step);
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
			const choices = [{value: 'retry', name: 'Retry'}];
			if (state.history.some(i => wizard.flow[i]!.kind !== 'task')) choices.push({value: 'back', name: 'Back to the question'});
			if (step.canContinue) choices.push({value: 'continue', name: 'Continue anyway'});
			choices.push({value: 'quit', name: 'Quit'});
			const choice = await select({message: 'What now?', choices});
			if (choice === 'quit') return {status: 'quit', reason: state.failure};
			state = wizard.reduce(state, {type: choice as 'retry' | 'back' | 'continue'});
			// The ✖ line above stays in the history: it says why the person went back.
			if (choice === 'back') writeBack(wizard, state, options);
		}
	} catch (error) {
		if (isExitPrompt(error)) return {status: 'cancelled'};
		throw error;
	}

	return state.status === 'done' ? {status: 'done', state} : {status: 'cancelled'};
}
