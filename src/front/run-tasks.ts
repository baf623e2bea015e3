/** Running a task step and folding its outcome into the reducer: shared by every front-end. */
import type {Answers} from '../wizard/answers.js';
import type {TaskStep} from '../wizard/step-types.js';
import type {WizardAction, Wizard} from '../wizard/machine.js';
import type {WizardPorts} from '../wizard/ports.js';
import {printable} from '../core/printable.js';

/** Run the task; resolve with the action that reports how it went (never rejects). */
export async function runTask(wizard: Wizard, step: TaskStep, answers: Answers, ports: WizardPorts): Promise<WizardAction> {
	try {
		const result = await step.run(ports, answers, wizard.ctx, wizard.journal);
		// What a task reports may quote a server or the Cloud API: no escape sequences reach the terminal.
		return {type: 'taskDone', result: {...result, detail: printable(result.detail)}};
	} catch (error) {
		const fields = (error as {fields?: unknown}).fields;
		return {type: 'taskFailed', message: printable((error as Error).message), ...(Array.isArray(fields) ? {fields} : {})};
	}
}
