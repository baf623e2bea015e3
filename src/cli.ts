/** The crdb-connect command: parse flags, run the wizard in the right front-end, then hand off to a SQL shell. */
import {parseCli} from './args.js';
import {readWizardContext} from './adapters/machine-context.js';
import {realPorts} from './adapters/wizard-ports.js';
import {pickShell, planLaunch} from './core/launch-plan.js';
import {chooseFrontEnd, type FrontEnd} from './front/choose.js';
import type {WizardOutcome} from './front/outcome.js';
import {runScripted} from './front/scripted.js';
import {HELP} from './help.js';
import {VERSION} from './version.js';
import {toSetup} from './wizard/answers.js';
import {FLOW} from './wizard/flow.js';
import {createWizard, startWizard, type WizardState} from './wizard/machine.js';
import {buildConnectionUrl} from './core/connection-url.js';
import {renderFormat} from './core/connection-formats.js';
import {endNotice, summaryRows} from './wizard/transcript.js';

const out = (line: string) => process.stdout.write(line + '\n');
const err = (line: string) => process.stderr.write(line + '\n');

/** Run the command; resolves with the exit status. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	if (argv[0] === 'url') {
		const {runUrlCommand} = await import('./commands/url.js');
		return runUrlCommand(argv.slice(1), env, {out: text => process.stdout.write(text), err: text => process.stderr.write(text)});
	}

	if (argv[0] === 'doctor') {
		const {runDoctorCommand} = await import('./commands/doctor.js');
		return runDoctorCommand(argv.slice(1), env, {out: text => process.stdout.write(text), err: text => process.stderr.write(text)});
	}

	if (argv[0] === 'cert') {
		const {runCert} = await import('./commands/cert.js');
		return runCert(argv.slice(1), env, {out: text => process.stdout.write(text), err: text => process.stderr.write(text)});
	}

	const request = parseCli(argv, env);
	switch (request.kind) {
		case 'help':
			process.stdout.write(HELP);
			return 0;
		case 'version':
			out(VERSION);
			return 0;
		case 'error':
			err(`crdb-connect: ${request.message}`);
			return 2;
		case 'wizard':
			break;
	}

	const wizard = createWizard(FLOW, readWizardContext(env));
	const started = startWizard(wizard, request.given);
	if ('errors' in started) {
		for (const message of started.errors) err(`crdb-connect: ${message}`);
		return 2;
	}

	const front = chooseFrontEnd({
		stdinIsTTY: Boolean(process.stdin.isTTY),
		stdoutIsTTY: Boolean(process.stdout.isTTY),
		term: env.TERM,
		plain: request.plain,
		yes: request.yes,
	});
	const ports = realPorts(request.ipLookupUrl ? {...env, CRDB_CONNECT_IP_URL: request.ipLookupUrl} : env);
	let outcome: WizardOutcome;
	if (front === 'scripted') {
		outcome = await runScripted(wizard, started.state, ports, {yes: request.yes, log: err});
	} else if (front === 'plain') {
		// Loaded only when used, so the Ink path never pulls readline prompts into the same tty.
		const {runPlain} = await import('./front/plain/run-plain.js');
		outcome = await runPlain(wizard, started.state, ports, {write: out});
	} else {
		const {runInk} = await import('./front/ink/run-ink.js');
		outcome = await runInk(wizard, started.state, ports, env);
	}

	switch (outcome.status) {
		case 'cancelled':
			err('Cancelled: nothing was changed.');
			return 130;
		case 'quit':
			err(`crdb-connect: stopped: ${outcome.reason}`);
			return 1;
		case 'missing':
			err(`crdb-connect: missing answers and no terminal to ask them on: ${outcome.flags.join(', ')}.`);
			err('Pass them as flags, add --yes to take the defaults, or run crdb-connect in a terminal.');
			return 2;
		case 'done':
			return finish(outcome.state, front, request.execute);
	}
}

/** After the wizard: show the result (Ink already did), then open the shell or print how to. */
async function finish(state: WizardState, front: FrontEnd, execute: readonly string[]): Promise<number> {
	const setup = toSetup(state.answers);
	const shell = state.answers.shells ? pickShell(state.answers.shells) : undefined;
	const output = state.answers.output ?? 'shell';
	const launching = output === 'shell' && shell !== undefined && state.answers.launch !== false;
	if (front !== 'ink') {
		const rows = summaryRows(setup, state.answers);
		const width = Math.max(...rows.map(([label]) => label.length));
		const show = front === 'plain' ? out : err;
		show('');
		for (const [label, value] of rows) show(`  ${label.padEnd(width)}  ${value}`);
		for (const line of endNotice(setup, state.answers, process.platform, process.arch, execute)) show(line);
		// Scripts read the connection string (or the chosen format) from stdout.
		if (front === 'scripted' && !launching) out(output === 'shell' ? buildConnectionUrl(setup, 'omit') : renderFormat(output, setup));
	}

	if (!launching) return 0;
	const {handOff} = await import('./adapters/shell-launch.js');
	return handOff(planLaunch(setup, shell.shell, shell.path, execute));
}
