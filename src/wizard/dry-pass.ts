/**
The dry pass: walk the flow answering from flags and (with --yes) defaults, running no task, to learn which
flags are still needed and which answers the flags alone reach. Pure: the scripted front-end and `url` share it.
*/
import {missingText} from '../flags.js';
import {flagOf, type Wizard, type WizardState} from './machine.js';

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
		} else if (step.deferred && initial === undefined) {
			// Asked for when the run reaches it (the scripted front-end stops there, naming the flag).
			state = wizard.reduce(state, {type: 'skip'});
		} else {
			// "--host or --url" already covers a later "--host".
			const text = missingText(step.id);
			if (!missing.some(m => m.split(' or ').includes(text))) missing.push(text);
			// Keep the flow's shape: later steps may depend on a default this step would have taken.
			state = initial === undefined ? wizard.reduce(state, {type: 'skip'}) : wizard.reduce(state, {type: 'answer', value: initial});
			if (state.error) state = wizard.reduce(state, {type: 'skip'});
		}
	}

	return {missing: [...new Set(missing)], state};
}
