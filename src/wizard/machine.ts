/**
The wizard's state machine: a pure reducer over the flow. Every front-end (Ink, plain, scripted) drives
the same reducer, so they cannot disagree about order, defaults, validation or going back.
*/
import type {Answers, Field} from './answers.js';
import type {BackReach, QuestionStep, Step, TaskResult, TaskStep} from './step-types.js';
import {createJournal, type Journal} from './journal.js';
import type {WizardContext} from './ports.js';
import {flagsForStep} from '../flags.js';

/** Where the wizard is. */
export interface WizardState {
	/** Index into the flow of the current step; equal to the flow's length once done. */
	index: number;
	answers: Answers;
	/** Answers fixed by flags: their steps are never asked. */
	fixedByFlags: readonly Field[];
	/** Answers fixed by the pasted connection string (only while the paste step applies). */
	fixedByUrl: readonly Field[];
	/** Answers an accepted review screen (the step at `step`) settled: their questions are not asked while that step is in the history. */
	fixedByPlan?: {step: number; fields: readonly Field[]};
	/** Indices of the steps shown before this one, for going back. */
	history: readonly number[];
	/** Why the last answer to the current question was refused. */
	error?: string;
	/** Why the current task failed, while it waits for retry / back / continue / quit. */
	failure?: string;
	/** The answers the failure rests on: "Back" after it goes to the question that set one of them. */
	blame?: readonly Field[];
	/** Finished tasks by step id, with the inputs they ran on: on the way forward a task whose inputs did not change is not run again. */
	memo?: Readonly<Record<string, {inputs: string; result: TaskResult}>>;
	/** The answers as given (before each step's accept), by step id: what a question takes again when it is passed over. */
	given?: Readonly<Record<string, string | boolean>>;
	/**
	After Back from a failed task to the question it blames: the steps that were shown between that question and
	the failed task. On the way forward again each of these questions whose given answer is still accepted is passed
	with it (not asked again), up to the failed task, which runs again.
	*/
	resume?: {from: number; steps: readonly number[]; until: number};
	/** Bumped on retry, so a front-end knows to run the task again. */
	attempt: number;
	/** One line per finished task, by step id. */
	notes: Readonly<Record<string, string>>;
	status: 'active' | 'done' | 'quit';
}

/** Everything that can happen to the wizard. */
export type WizardAction =
	/** `step`: the question it answers, when known; an answer meant for another question is dropped (a stale key). */
	| {type: 'answer'; value: string | boolean; step?: string}
	| {type: 'back'}
	| {type: 'taskDone'; result: TaskResult}
	| {type: 'taskFailed'; message: string; fields?: readonly Field[]}
	| {type: 'retry'}
	| {type: 'continue'}
	| {type: 'quit'}
	/** Move on without answering: only for a scripted dry pass that collects missing flags. */
	| {type: 'skip'};

/** Answers given up front: raw flag values by step id, plus answers that need no step (e.g. passwordEnv). */
export interface GivenAnswers {
	inputs: Partial<Record<string, string | boolean>>;
	presets?: Partial<Answers>;
}

/** A wizard bound to a flow and a context. */
export interface Wizard {
	flow: readonly Step[];
	ctx: WizardContext;
	/** Where this run's tasks record every change they make. */
	journal: Journal;
	reduce(state: WizardState, action: WizardAction): WizardState;
	current(state: WizardState): Step | undefined;
	/** The default answer the current question suggests. */
	initialOf(state: WizardState, step: QuestionStep): string | boolean | undefined;
	/** Move a fresh state onto the first step that applies. */
	enter(state: WizardState): WizardState;
	/** Whether Back has a question to go to (tasks are passed over on the way back). */
	canGoBack(state: WizardState): boolean;
}

/** Build the reducer for a flow. */
export function createWizard(flow: readonly Step[], ctx: WizardContext, journal: Journal = createJournal()): Wizard {
	const urlStep = flow.find(step => step.id === 'url');
	const isSkipped = (state: WizardState, step: Step): boolean => {
		if (step.when && !step.when(state.answers)) return true;
		if (step.kind === 'task') return false;
		const fixed = new Set<Field>(state.fixedByFlags);
		// What a pasted string said counts only while the flow still goes through the paste step.
		if (urlStep?.when?.(state.answers) ?? false) for (const f of state.fixedByUrl) fixed.add(f);
		// What a plan settled counts only while its screen is on the path: going back before it (or to it) asks again.
		if (state.fixedByPlan && state.history.includes(state.fixedByPlan.step)) for (const f of state.fixedByPlan.fields) fixed.add(f);
		return step.fills.every(f => fixed.has(f));
	};

	const nextIndex = (state: WizardState, from: number): number => {
		let i = from + 1;
		while (i < flow.length && isSkipped(state, flow[i]!)) i++;
		return i;
	};

	/** Move past the current step, remembering it for "back". */
	const advance = (state: WizardState, patch: Partial<Answers>, extra: Partial<WizardState> = {}): WizardState => {
		const moved: WizardState = {
			...state,
			...extra,
			answers: {...state.answers, ...patch},
			history: [...state.history, state.index],
			error: undefined,
			failure: undefined,
			blame: undefined,
			attempt: 0,
		};
		moved.index = nextIndex(moved, state.index);
		if (moved.resume && moved.index >= moved.resume.until) moved.resume = undefined;
		if (moved.index >= flow.length) {
			moved.status = 'done';
			return moved;
		}

		// A task that already ran on these very inputs is passed with its earlier result: going back and
		// forward again never repeats a check, nor a change (a created user stays created, not POSTed twice).
		const next = flow[moved.index]!;
		const memo = next.kind === 'task' ? moved.memo?.[next.id] : undefined;
		if (next.kind === 'task' && memo && memo.inputs === inputsOf(next, moved.answers)) {
			return advance(moved, memo.result.patch ?? {}, {notes: {...moved.notes, [next.id]: memo.result.detail}});
		}

		// On the way back to a failed task, a question answered before the failure keeps its answer while that
		// answer is still accepted (it is checked again: an earlier change may have made it wrong, then it is asked).
		const again = next.kind !== 'task' && moved.resume?.steps.includes(moved.index) ? moved.given?.[next.id] : undefined;
		if (next.kind !== 'task' && again !== undefined) {
			const accepted = next.accept(again, moved.answers, ctx);
			if (!('error' in accepted)) return advanceWithAnswer(moved, next, again, accepted.patch);
		}

		return moved;
	};

	/** Move past question `step`, answered `value` (accepted as `patch`). */
	const advanceWithAnswer = (state: WizardState, step: QuestionStep, value: string | boolean, patch: Partial<Answers>): WizardState => {
		const fixedByUrl = step.id === 'url' ? fieldsOf(patch).filter(f => f !== 'url') : state.fixedByUrl;
		const fixedByPlan = step.settles ? {step: state.index, fields: step.settles({...state.answers, ...patch})} : state.fixedByPlan;
		return advance(state, patch, {fixedByUrl, fixedByPlan, given: {...state.given, [step.id]: value}});
	};

	const current = (state: WizardState): Step | undefined => (state.status === 'active' ? flow[state.index] : undefined);

	function reduce(state: WizardState, action: WizardAction): WizardState {
		const step = current(state);
		if (!step) return state;
		switch (action.type) {
			case 'answer': {
				// An Enter that reached a question already answered must never answer the next one with its value.
				if (step.kind === 'task' || (action.step !== undefined && action.step !== step.id)) return state;
				const accepted = step.accept(action.value, state.answers, ctx);
				if ('error' in accepted) return {...state, error: step.refusal ? step.refusal(state.answers, backReach(state)) : accepted.error};
				return advanceWithAnswer(state, step, action.value, accepted.patch);
			}

			case 'back': {
				// Back means the previous question: checks in between are passed over (they re-run on the way
				// forward only if an answer they use changed). After a failure, the question whose answer it used.
				const target = backTarget(state);
				if (target === undefined) return {...state, error: 'this is the first step: there is nothing to go back to'};
				const history = state.history.slice(0, target);
				const index = state.history[target]!;
				// From a failure, the questions after the blamed one are not asked again on the way back to the task;
				// going back past the blamed question ends that (the path ahead may change).
				const resume = state.failure ? {from: index, steps: state.history.slice(target + 1), until: state.index} : state.resume && index >= state.resume.from ? state.resume : undefined;
				return {...state, index, history, resume, error: undefined, failure: undefined, blame: undefined, attempt: 0};
			}

			case 'taskDone': {
				if (step.kind !== 'task') return state;
				const result = action.result;
				const memo = {...state.memo};
				const answers = {...state.answers, ...result.patch};
				if (step.uses) memo[step.id] = {inputs: inputsOf(step, answers), result};
				return advance(state, result.patch ?? {}, {notes: {...state.notes, [step.id]: result.detail}, memo});
			}

			case 'taskFailed':
				return step.kind === 'task' ? {...state, failure: action.message, blame: action.fields} : state;
			case 'retry':
				return state.failure ? {...state, failure: undefined, attempt: state.attempt + 1} : state;
			case 'continue': {
				if (step.kind !== 'task' || !state.failure || !step.canContinue) return state;
				return advance(state, {}, {notes: {...state.notes, [step.id]: `skipped after: ${state.failure}`}});
			}

			case 'quit':
				return {...state, status: 'quit'};
			case 'skip': {
				const index = nextIndex(state, state.index);
				return {...state, index, error: undefined, failure: undefined, status: index >= flow.length ? 'done' : 'active'};
			}
		}
	}

	/** What going back can reach: an earlier question, and which answers no question can change (given by flags, or by a --url flag's string). */
	function backReach(state: WizardState): BackReach {
		const byUrlFlag = state.fixedByFlags.includes('url') ? state.fixedByUrl : [];
		return {canGoBack: backTarget(state) !== undefined, fixed: [...state.fixedByFlags, ...byUrlFlag]};
	}

	/** Where in the history "back" goes: the latest question (the latest one the failure blames, if any). */
	function backTarget(state: WizardState): number | undefined {
		const questions = state.history.map((index, at) => ({at, step: flow[index]!})).filter(({step}) => step.kind !== 'task');
		const blamed = state.failure && state.blame?.length ? questions.filter(({step}) => step.kind !== 'task' && step.fills.some(f => state.blame!.includes(f))) : [];
		return (blamed.at(-1) ?? questions.at(-1))?.at;
	}

	return {
		flow,
		ctx,
		journal,
		reduce,
		current,
		initialOf: (state, step) => step.initial(state.answers, ctx),
		canGoBack: state => backTarget(state) !== undefined,
		enter(state) {
			const index = flow[0] && !isSkipped(state, flow[0]) ? 0 : nextIndex(state, 0);
			return {...state, index, status: index >= flow.length ? 'done' : 'active'};
		},
	};
}

/** The answers a task reads, as one comparable string. */
function inputsOf(step: TaskStep, answers: Answers): string {
	return JSON.stringify((step.uses ?? []).map(f => answers[f] ?? null));
}

function fieldsOf(patch: Partial<Answers>): Field[] {
	return (Object.keys(patch) as Field[]).filter(k => patch[k] !== undefined);
}

/**
Start a wizard with the answers given as flags. Each flag goes through its step's own validation, in flow
order, so a later flag overrides what a pasted URL said. Returns every invalid flag at once.
*/
export function startWizard(wizard: Wizard, given: GivenAnswers): {state: WizardState} | {errors: string[]} {
	let answers: Answers = {...given.presets};
	const fixedByFlags = new Set<Field>(Object.keys(given.presets ?? {}) as Field[]);
	let fixedByUrl: Field[] = [];
	const errors: string[] = [];
	for (const step of wizard.flow) {
		if (step.kind === 'task') continue;
		const raw = given.inputs[step.id];
		if (raw === undefined) continue;
		const accepted = step.accept(raw, answers, wizard.ctx);
		if ('error' in accepted) {
			errors.push(`${flagOf(step)}: ${accepted.error}`);
			continue;
		}

		answers = {...answers, ...accepted.patch};
		for (const f of step.fills) fixedByFlags.add(f);
		if (step.id === 'url') fixedByUrl = fieldsOf(accepted.patch).filter(f => f !== 'url');
	}

	if (errors.length > 0) return {errors};
	const state: WizardState = {index: 0, answers, fixedByFlags: [...fixedByFlags], fixedByUrl, history: [], attempt: 0, notes: {}, status: 'active'};
	return {state: wizard.enter(state)};
}

/** The flag named in errors for a step (the first alternative when several answer it). */
export function flagOf(step: QuestionStep): string {
	return flagsForStep(step.id)[0] ?? step.id;
}
