/**
What a step of the wizard is: the four stages, questions and tasks, and the failure a task reports. Types
only (and the one error class), so the stage files and the reducer share them without importing each other.
*/
import type {Answers, Field} from './answers.js';
import type {WizardContext, WizardPorts} from './ports.js';
import type {Journal} from './journal.js';

/** The four stages, in order. */
export const STAGES = [
	{id: 'network', title: 'Authorize network'},
	{id: 'user', title: 'Create SQL user'},
	{id: 'method', title: 'Choose connection method'},
	{id: 'connect', title: 'Connect'},
] as const;

/** One of the stage ids. */
export type StageId = (typeof STAGES)[number]['id'];

/** One option of a select question. */
export interface Choice {
	value: string;
	label: string;
	/** How the choice reads once made (defaults to the label up to its " — "). */
	short?: string;
	/** A letter that picks this choice at once (e.g. "e" for "Edit"). */
	key?: string;
}

/** The result of accepting an answer: fields to merge, or a one-line error to show. */
export type Acceptance = {patch: Partial<Answers>} | {error: string};

interface StepBase {
	id: string;
	stage: StageId;
	/** Whether the step applies given the answers so far (default: always). */
	when?: (answers: Answers) => boolean;
}

/** A step that asks the person one thing. */
export interface QuestionStep extends StepBase {
	kind: 'select' | 'text' | 'password' | 'confirm';
	message: string;
	/**
	Scripted runs: a missing answer stops the run only when this step is reached, so the tasks before it can
	show what to do first (the commands that create a private endpoint, before its id can be given).
	*/
	deferred?: boolean;
	/** The answers this step sets; the step is skipped when flags or a pasted URL fixed all of them. */
	fills: Field[];
	choices?: (answers: Answers) => Choice[];
	/** How the answer reads in the transcript, when the stored value is not one of the choices. */
	describe?: (answers: Answers) => string;
	/**
	A review screen: the answers it settled, given the answers once it is answered (none when its plan was not
	accepted). While this step is on the path taken, a question whose answers it all settled is not asked, as if
	flags had given them.
	*/
	settles?: (answers: Answers) => Field[];
	/** Lines shown under the question (e.g. the plan a review screen accepts). */
	detail?: (answers: Answers, ctx: WizardContext) => string[];
	/** The suggested answer (the previous answer when the person came back), if any. */
	initial: (answers: Answers, ctx: WizardContext) => string | boolean | undefined;
	/** Parse and validate an answer (typed text, a choice's value, or a confirm's boolean). */
	accept: (value: string | boolean, answers: Answers, ctx: WizardContext) => Acceptance;
	/**
	The line shown in place of accept's error when the person's answer is refused, told what going back can reach:
	so a refusal names Back (Esc) only when there is a question to go back to, and only the answers it can change.
	*/
	refusal?: (answers: Answers, back: BackReach) => string;
}

/** What going back can reach from a question: whether there is an earlier question, and the answers fixed before the run asked anything. */
export interface BackReach {
	canGoBack: boolean;
	/** Answers given by flags or a profile (or a connection string given so): no question of this run changes them. */
	fixed: readonly Field[];
}

/** What a finished task adds to the answers, and a one-line detail to show next to its tick. */
export interface TaskResult {
	patch?: Partial<Answers>;
	detail: string;
}

/** A step that runs one piece of I/O through the ports. */
export interface TaskStep extends StepBase {
	kind: 'task';
	title: (answers: Answers) => string;
	/** Whether "continue anyway" is offered when the task fails. */
	canContinue: boolean;
	/** The answers the task reads: on the way forward it runs again only when one of them changed (undefined: always runs). */
	uses?: Field[];
	/** Run it; every change made to the world is recorded in the journal as soon as it is made. */
	run: (ports: WizardPorts, answers: Answers, ctx: WizardContext, journal: Journal) => Promise<TaskResult>;
}

/** A task failure that names the answers it rests on, so "Back" goes to the question that set them. */
export class TaskFailure extends Error {
	override name = 'TaskFailure';
	constructor(message: string, readonly fields: Field[]) {
		super(message);
	}
}

/** Any step. */
export type Step = QuestionStep | TaskStep;
