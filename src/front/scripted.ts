/**
The scripted front-end: no prompts at all. Every answer comes from a flag, a pasted URL or (with --yes)
a default; anything else is reported up front as a missing flag, before any task runs.
*/
import {dryRun} from '../wizard/dry-pass.js';
import {missingText} from '../flags.js';
import {flagOf, type Wizard, type WizardState} from '../wizard/machine.js';
import type {WizardPorts} from '../wizard/ports.js';
import type {WizardOutcome} from './outcome.js';
import {runTask} from './run-tasks.js';

/** Options for a scripted run. */
export interface ScriptedOptions {
	/** Accept defaults (--yes). */
	yes: boolean;
	/** Where progress lines go (stderr, so stdout carries only results). */
	log: (line: string) => void;
}

/** Walk the flow answering from defaults where allowed; list the flags still needed. Runs no task. */
export function missingFlags(wizard: Wizard, start: WizardState, yes: boolean): string[] {
	return dryRun(wizard, start, yes).missing;
}

/** Run the wizard with no prompts. */
export async function runScripted(wizard: Wizard, start: WizardState, ports: WizardPorts, options: ScriptedOptions): Promise<WizardOutcome> {
	const missing = missingFlags(wizard, start, options.yes);
	if (missing.length > 0) return {status: 'missing', flags: missing};
	let state = start;
	while (state.status === 'active') {
		const step = wizard.current(state)!;
		if (step.kind === 'task') {
			const action = await runTask(wizard, step, state.answers, ports);
			state = wizard.reduce(state, action);
			if (state.failure) {
				options.log(`✖ ${step.title(state.answers)}: ${state.failure}`);
				return {status: 'quit', reason: state.failure};
			}

			options.log(`✔ ${step.title(state.answers)}: ${state.notes[step.id]}`);
			continue;
		}

		// missingFlags() proved every remaining question has a default we may take, except deferred ones.
		const initial = wizard.initialOf(state, step);
		if (initial === undefined) return {status: 'missing', flags: [missingText(step.id)]};
		const next = wizard.reduce(state, {type: 'answer', value: initial});
		if (next.error) return {status: 'missing', flags: [`${flagOf(step)} (${next.error})`]};
		state = next;
	}

	return {status: 'done', state};
}
