/** What the front-ends show of finished steps and of the end result. Pure; secrets never leave here unmasked. */
import {buildConnectionUrl, parseConnectionUrl} from '../core/connection-url.js';
import {commandsToRunLater, installCommand, launchAsRun, pickShell, planLaunch} from '../core/launch-plan.js';
import {renderFormat} from '../core/connection-formats.js';
import type {ConnectionSetup} from '../core/setup.js';
import type {Answers} from './answers.js';
import type {Step} from './step-types.js';
import type {WizardState} from './machine.js';

/** One finished step as shown above the current one. */
export interface TranscriptLine {
	label: string;
	value: string;
	/** 'task' lines get a tick; 'skipped' tasks a warning sign. */
	kind: 'answer' | 'task' | 'skipped';
}

/** How a question's answer is shown: passwords never, pasted URLs with the password masked. */
function describeAnswer(step: Step, answers: Answers): string {
	if (step.kind === 'task') return '';
	if (step.kind === 'password') return answers[step.fills[0]!] ? '•'.repeat(8) : 'none';
	if (step.id === 'url') {
		const parsed = parseConnectionUrl(answers.url ?? '');
		return parsed.ok ? buildConnectionUrl(parsed.parts, 'mask') : '';
	}

	if (step.describe) return step.describe(answers);
	if (step.kind === 'confirm') return answers[step.fills[0]!] ? 'yes' : 'no';
	const value = answers[step.fills[0]!];
	if (step.kind === 'select' && step.choices) {
		const choice = step.choices(answers).find(c => c.value === value);
		return choice ? (choice.short ?? choice.label.split(' — ')[0]!) : String(value);
	}

	return String(value ?? '');
}

/** The steps shown so far in the given stage (or all stages), oldest first. */
export function transcript(flow: readonly Step[], state: WizardState, stage?: Step['stage']): TranscriptLine[] {
	return state.history
		.map(i => flow[i]!)
		.filter(step => stage === undefined || step.stage === stage)
		.map(step => {
			if (step.kind === 'task') {
				const note = state.notes[step.id] ?? '';
				return {label: step.title(state.answers), value: note, kind: note.startsWith('skipped') ? 'skipped' : 'task'};
			}

			return {label: step.message, value: describeAnswer(step, state.answers), kind: 'answer'};
		});
}

/** The end-of-wizard summary: label/value rows, none holding a secret. */
export function summaryRows(setup: ConnectionSetup, answers: Answers): Array<[string, string]> {
	const rows: Array<[string, string]> = [['Connection string', buildConnectionUrl(setup, 'omit')]];
	if (setup.password !== undefined) {
		rows.push(['Password', setup.passwordEnv ? `from $${setup.passwordEnv}; handed to the shell in its environment` : 'handed to the shell in its environment, never on its command line']);
	} else if (setup.sslcert) {
		rows.push(['Client certificate', `${setup.sslcert} (key ${setup.sslkey})`]);
	}

	if (answers.serverVersion) rows.push(['Server', answers.serverVersion.split(' (')[0]!]);
	const shell = answers.shells ? pickShell(answers.shells) : undefined;
	rows.push(['SQL shell', shell ? `${shell.shell} (${shell.path})` : 'none found on PATH']);
	return rows;
}

/** What happens after the summary: the shell opening (in a dry run, the launch it would make), or the commands to run later (no secrets). */
export function endNotice(setup: ConnectionSetup, answers: Answers, platform: NodeJS.Platform = process.platform, arch: string = process.arch, execute: readonly string[] = [], dryRun = false): string[] {
	if (answers.output && answers.output !== 'shell') {
		const note = answers.output === 'url' || answers.output === 'params' || answers.output === 'cockroach-sql' ? [] : ['(the password is read from the environment, never written into code)'];
		return [...renderFormat(answers.output, setup).split('\n'), ...note];
	}

	const shell = answers.shells ? pickShell(answers.shells) : undefined;
	if (shell && answers.launch !== false && dryRun) return [`Dry run: ${shell.shell} is not opened. It would run:`, `  ${launchAsRun(planLaunch(setup, shell.shell, shell.path, execute))}`];
	if (shell && answers.launch !== false) return [`Opening ${shell.shell}…`];
	const commands = commandsToRunLater(setup, execute).map(c => `  ${c}`);
	if (shell) return ['Run it later with one of:', ...commands];
	return ['No SQL shell found on PATH (looked for cockroach, cockroach-sql and psql). Install the CockroachDB SQL client:', `  ${installCommand(platform, arch)}`, 'then run one of:', ...commands];
}
