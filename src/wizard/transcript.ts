/** What the front-ends show of finished steps and of the end result. Pure; secrets never leave here unmasked. */
import {buildConnectionUrl, parseConnectionUrl} from '../core/connection-url.js';
import {commandsToRunLater, installCommand, launchAsRun, pickShell, planLaunch} from '../core/launch-plan.js';
import {renderFormat, snippetPasswordEnv} from '../core/connection-formats.js';
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
	if (step.kind === 'password') return answers[step.fills[0]!] ? '•'.repeat(8) : answers.generatePassword && step.fills[0] === 'password' ? 'generated (shown once)' : 'none';
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

/** Whether the run ends by handing the terminal to a SQL shell here: not in a dry run, not with --no-launch, not for another output. */
function opensShell(answers: Answers, dryRun: boolean): boolean {
	return (answers.output ?? 'shell') === 'shell' && answers.launch !== false && !dryRun && answers.shells !== undefined && pickShell(answers.shells) !== undefined;
}

/** The end-of-wizard summary: label/value rows, none holding a secret, each saying only what happened. */
export function summaryRows(setup: ConnectionSetup, answers: Answers, dryRun = false): Array<[string, string]> {
	const rows: Array<[string, string]> = [['Connection string', buildConnectionUrl(setup, 'omit')]];
	const launching = opensShell(answers, dryRun);
	const shellOutput = (answers.output ?? 'shell') === 'shell';
	if (setup.password !== undefined) {
		const from = setup.passwordEnv ? `from $${setup.passwordEnv}; ` : '';
		const given = launching
			? 'handed to the shell in its environment, never on its command line'
			: dryRun && shellOutput && answers.launch !== false ? 'would be handed to the shell in its environment (dry run)' : 'not passed to any program (no shell is opened here): how to give it is below';
		rows.push(['Password', `${from}${given}`]);
	} else if (setup.sslcert) {
		rows.push(['Client certificate', `${setup.sslcert} (key ${setup.sslkey})`]);
	}

	if (answers.serverVersion) rows.push(['Server', answers.serverVersion.split(' (')[0]!]);
	// The shell is named only when the run is about one: a snippet or a connection string opens none.
	if (shellOutput) {
		const shell = answers.shells ? pickShell(answers.shells) : undefined;
		const opened = launching ? '' : dryRun ? ', not opened (dry run)' : ', not opened (--no-launch)';
		rows.push(['SQL shell', shell ? `${shell.shell} (${shell.path})${opened}` : 'none found on PATH']);
	}

	return rows;
}

/** How the password reaches the shell commands printed to run later (they never hold it). */
function passwordForLater(setup: ConnectionSetup): string[] {
	if (setup.password === undefined) return [];
	const psql = setup.passwordEnv ? `PGPASSWORD="$${setup.passwordEnv}" psql …` : 'read -rs PGPASSWORD && export PGPASSWORD, then psql …';
	return [`The password is not in these commands: psql reads it from PGPASSWORD (${psql}); cockroach sql asks for it.`];
}

/** How the password reaches what an output prints (never the password itself). */
function passwordForOutput(output: string, setup: ConnectionSetup): string[] {
	if (setup.password === undefined) return [];
	if (output === 'cockroach-sql') return ['(the password is not in it: cockroach sql asks for it)'];
	if (output === 'url' || output === 'params') return ['(the password is not in it: give it to your client separately, e.g. psql reads PGPASSWORD)'];
	const env = snippetPasswordEnv(setup);
	if (!env) return [];
	return [setup.passwordEnv ? `(the password is read from $${env}, never written into code)` : `(the password is read from $${env}, never written into code: set it before running this, e.g. read -rs ${env} && export ${env})`];
}

/** What happens after the summary: the shell opening (in a dry run, the launch it would make), or the commands to run later (no secrets). */
export function endNotice(setup: ConnectionSetup, answers: Answers, platform: NodeJS.Platform = process.platform, arch: string = process.arch, execute: readonly string[] = [], dryRun = false): string[] {
	if (answers.output && answers.output !== 'shell') return [...renderFormat(answers.output, setup, execute).split('\n'), ...passwordForOutput(answers.output, setup)];
	const shell = answers.shells ? pickShell(answers.shells) : undefined;
	if (shell && answers.launch !== false && dryRun) return [`Dry run: ${shell.shell} is not opened. It would run:`, `  ${launchAsRun(planLaunch(setup, shell.shell, shell.path, execute))}`];
	if (shell && answers.launch !== false) return [`Opening ${shell.shell}…`];
	const commands = commandsToRunLater(setup, execute).map(c => `  ${c}`);
	if (shell) return ['Run it later with one of:', ...commands, ...passwordForLater(setup)];
	return ['No SQL shell found on PATH (looked for cockroach, cockroach-sql and psql). Install the CockroachDB SQL client:', `  ${installCommand(platform, arch)}`, 'then run one of:', ...commands, ...passwordForLater(setup)];
}
