/** What every front-end offers to move through the flow: the choices after a failed task, and the line after Back. */
import type {Wizard, WizardState} from '../wizard/machine.js';

/** What a person may do after a task failed. */
export type FailureChoice = 'retry' | 'back' | 'continue' | 'quit';

/** What a failed task offers: retry, back (when there is a question to go back to), continue anyway (when allowed), quit. */
export function failureChoices(canGoBack: boolean, canContinue: boolean): Array<{label: string; value: FailureChoice}> {
	const items: Array<{label: string; value: FailureChoice}> = [{label: 'Retry', value: 'retry'}];
	if (canGoBack) items.push({label: 'Back to the question', value: 'back'});
	if (canContinue) items.push({label: 'Continue anyway', value: 'continue'});
	items.push({label: 'Quit', value: 'quit'});
	return items;
}

/** Where Back went, as the printed history names it: the question now asked. */
export function backTarget(wizard: Wizard, state: WizardState): string {
	const step = wizard.current(state);
	return step && step.kind !== 'task' ? step.message : 'an earlier step';
}
