/**
The scripted front-end: no prompts at all. Every answer comes from a flag, a pasted URL or (with --yes)
a default; anything else is reported up front as a missing flag, before any task runs.
*/
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

/** The dry pass itself: the flags still needed, and the answers it reached without running any task. */
export function dryRun(wizard: Wizard, start: WizardState, yes: boolean): {missing: string[]; state: WizardState} {
	const missing: string[] = [];
	let state = start;
	while (state.status === 'active') {
		const step = wizard.current(state)!;
		if (step.kind === 'task') {
			state = wizard.reduce(state, {type: 'skip'});
			continue;
		}

		const initial = wizard.initialOf(state, step);
		if (yes && initial !== undefined) {
			const next = wizard.reduce(state, {type: 'answer', value: initial});
			if (next.error) missing.push(`${flagOf(step)} (${next.error})`);
			state = next.error ? wizard.reduce(state, {type: 'skip'}) : next;
		} else {
			// "--host or --url" already covers a later "--host".
			if (!missing.some(m => m.split(' or ').includes(step.flag))) missing.push(step.flag);
			// Keep the flow's shape: later steps may depend on a default this step would have taken.
			state = initial === undefined ? wizard.reduce(state, {type: 'skip'}) : wizard.reduce(state, {type: 'answer', value: initial});
			if (state.error) state = wizard.reduce(state, {type: 'skip'});
		}
	}

	return {missing: [...new Set(missing)], state};
}

/** Run the wizard with no prompts. */
export async function runScripted(wizard: Wizard, start: WizardState, ports: WizardPorts, options: ScriptedOptions): Promise<WizardOutcome> {
	const missing = missingFlags(wizard, start, options.yes);
	if (missing.length > 0) return {status: 'missing', flags: missing};
	let state = start;
	while (state.status === 'active') {
		const step = wizard.current(state)!;
		if (step.kind === 'task') {
			const action = await runTask(wizard, step, state, ports);
			state = wizard.reduce(state, action);
			if (state.failure) {
				options.log(`✖ ${step.title(state.answers)}: ${state.failure}`);
				return {status: 'quit', reason: state.failure};
			}

			options.log(`✔ ${step.title(state.answers)}: ${state.notes[step.id]}`);
			continue;
		}

		// missingFlags() proved every remaining question has a default we may take.
		const next = wizard.reduce(state, {type: 'answer', value: wizard.initialOf(state, step)!});
		if (next.error) return {status: 'missing', flags: [`${flagOf(step)} (${next.error})`]};
		state = next;
	}

	return {status: 'done', state};
}
