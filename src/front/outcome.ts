/** How a front-end's run of the wizard ended. */
import type {WizardState} from '../wizard/machine.js';

/** Done (with the final state), cancelled by Ctrl-C, quit after a failure, or stopped for missing flags. */
export type WizardOutcome =
	| {status: 'done'; state: WizardState}
	| {status: 'cancelled'}
	| {status: 'quit'; reason: string}
	| {status: 'missing'; flags: string[]};
