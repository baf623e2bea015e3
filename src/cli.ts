/** The crdb-connect command: parse flags, run the wizard in the right front-end, then hand off to a SQL shell. */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {parseCli} from './args.js';
import {readWizardContext} from './adapters/machine-context.js';
import {realPorts} from './adapters/wizard-ports.js';
import {launchAsRun, pickShell, planLaunch, shellQuote} from './core/launch-plan.js';
import {cancelLines, changeLines} from './front/journal-text.js';
import {createJournal, NO_JOURNAL, type Journal} from './wizard/journal.js';
import {chooseFrontEnd, type FrontEnd} from './front/choose.js';
import type {WizardOutcome} from './front/outcome.js';
import {runScripted} from './front/scripted.js';
import {HELP} from './help.js';
import {VERSION} from './version.js';
import {toSetup} from './wizard/answers.js';
import {FLOW} from './wizard/flow.js';
import {dryRunFlow, type DryTally} from './wizard/dry-flow.js';
import {createWizard, startWizard, type GivenAnswers, type WizardState} from './wizard/machine.js';
import {readRegularFile} from './adapters/regular-file.js';
import {writeFilesAtomically} from './adapters/cert-files.js';
import {buildConnectionUrl, isSecretParam} from './core/connection-url.js';
import {renderFormat} from './core/connection-formats.js';
import {endNotice, summaryRows} from './wizard/transcript.js';
import type {WaitReporter} from './core/wait-notice.js';
import {createNoticeBoard} from './front/notice-board.js';

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
		return runDoctorCommand(argv.slice(1), env, {out: text => process.stdout.write(text), err: text => process.stderr.write(text), isTTY: Boolean(process.stdout.isTTY)});
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

	// Every change the run makes is recorded here as it happens; a dry run changes nothing, so records nothing.
	const journal = request.dryRun ? NO_JOURNAL : createJournal();
	// A dry run counts what it only planned, so each task's line can say so instead of "created".
	const tally: DryTally = {changes: 0, unchecked: 0};
	const wizard = createWizard(request.dryRun ? dryRunFlow(FLOW, tally) : FLOW, {...readWizardContext(env), dryRun: request.dryRun === true}, journal);
	// --json is for scripts: nothing is asked and no shell is opened, whatever the terminal.
	const front = request.json ? 'scripted' : chooseFrontEnd({
		stdinIsTTY: Boolean(process.stdin.isTTY),
		stdoutIsTTY: Boolean(process.stdout.isTTY),
		term: env.TERM,
		plain: request.plain,
		yes: request.yes,
	});
	let given = request.given;
	if (request.profile !== undefined) {
		const loaded = await loadProfile(request.profile, given, env);
		if ('error' in loaded) {
			err(`crdb-connect: ${loaded.error}`);
			return 2;
		}

		given = loaded.given;
	}

	if (request.json) given = {...given, inputs: {launch: false, ...given.inputs}};
	// A person at the keyboard gets the Cloud path's one-screen plan; scripts keep answering by flags.
	if (front !== 'scripted') given = {...given, presets: {...given.presets, interactive: true}};
	// Checked before anything runs: a password file is never overwritten.
	const passwordFile = given.presets?.passwordFile;
	if (passwordFile !== undefined && existsSync(passwordFile)) {
		err(`crdb-connect: --password-file ${passwordFile} exists already: it is never overwritten; name a new file`);
		return 2;
	}

	const started = startWizard(wizard, given);
	if ('errors' in started) {
		for (const message of started.errors) err(`crdb-connect: ${message}`);
		return 2;
	}

	// Files are written after (or between) the Cloud changes: find out now, before the first change, if one cannot be.
	if (!request.dryRun) {
		const problem = await unwritableDestination(started.state.answers);
		if (problem) {
			err(`crdb-connect: ${problem}; nothing was changed. Choose a file in a writable directory`);
			return 2;
		}
	}

	// Ctrl-C aborts every Cloud API call and poll in flight, then says what was changed.
	const cancel = new AbortController();
	const cancelled = (): never => {
		cancel.abort(new Error('cancelled'));
		for (const line of cancelLines(journal.entries())) err(line);
		// Output to a terminal, pipe or file is written synchronously on Linux, so nothing printed is lost;
		// exiting now rather than when the event loop drains keeps Ctrl-C instant while a login times out.
		process.exit(130);
	};
	// Ink reads Ctrl-C as a key; the plain and scripted front-ends get SIGINT while a task runs.
	const onSigint = () => cancelled();
	if (front !== 'ink') process.once('SIGINT', onSigint);
	// Waits over a second (a Retry-After countdown, a slow Cloud answer, a poll) are printed as lines; Ink
	// redraws them under the running task, counting the seconds in place.
	const notices = front === 'ink' ? createNoticeBoard() : undefined;
	const print = front === 'scripted' ? err : out;
	const progress: WaitReporter = notices ? notices.report : notice => notice && print(`  … ${notice.line}`);
	const real = realPorts(request.ipLookupUrl ? {...env, CRDB_CONNECT_IP_URL: request.ipLookupUrl} : env, cancel.signal, progress, wizard.ctx.rootCertPath);
	const plan: string[] = [];
	const ports = request.dryRun ? (await import('./adapters/dry-run-ports.js')).dryRunPorts(real, plan, tally) : real;
	let outcome: WizardOutcome;
	if (front === 'scripted') {
		outcome = await runScripted(wizard, started.state, ports, {yes: request.yes, log: err});
	} else if (front === 'plain') {
		// Loaded only when used, so the Ink path never pulls readline prompts into the same tty.
		const {runPlain} = await import('./front/plain/run-plain.js');
		outcome = await runPlain(wizard, started.state, ports, {write: out});
	} else {
		const {runInk} = await import('./front/ink/run-ink.js');
		outcome = await runInk(wizard, started.state, ports, env, {}, request.execute, request.dryRun, notices);
	}

	process.removeListener('SIGINT', onSigint);
	switch (outcome.status) {
		case 'cancelled':
			return cancelled();
		case 'quit':
			err(`crdb-connect: stopped: ${outcome.reason}`);
			for (const line of changeLines(journal.entries())) err(line);
			if (request.json) out(JSON.stringify({ok: false, error: outcome.reason, changes: journal.entries().map(c => ({kind: c.kind, description: c.description, undo: c.undo ?? null}))}, null, 2));
			return 1;
		case 'missing':
			err(`crdb-connect: missing answers and no terminal to ask them on: ${outcome.flags.join(', ')}.`);
			err(request.yes ? 'Pass them as flags (--yes takes only answers that have a default), or run crdb-connect in a terminal.' : 'Pass them as flags, add --yes to take the defaults, or run crdb-connect in a terminal.');
			// A question met mid-run (a replacement to confirm) can stop a run that already changed something: say what.
			if (journal.entries().length > 0) for (const line of changeLines(journal.entries())) err(line);
			if (request.json) out(JSON.stringify({ok: false, error: 'missing flags', missing: outcome.flags, changes: journal.entries().map(c => ({kind: c.kind, description: c.description, undo: c.undo ?? null}))}, null, 2));
			return 2;
		case 'done':
			return finish(outcome.state, front, request.execute, request.dryRun ? plan : undefined, env, journal, request.json);
	}
}

/** The largest profile (or doctor report) read. */
const PROFILE_MAX_BYTES = 1024 * 1024;

/** Read --profile: its answers become inputs (flags win), its secret references are read from the environment. */
async function loadProfile(file: string, given: GivenAnswers, env: NodeJS.ProcessEnv): Promise<{given: GivenAnswers} | {error: string}> {
	let text: string;
	try {
		// A profile is untrusted input: a regular file of at most 1 MB (a FIFO or /dev/zero is refused, not waited on).
		text = await readRegularFile(file, PROFILE_MAX_BYTES);
	} catch (error) {
		return {error: `cannot read the profile ${file} (${(error as Error).message}): give the path of a profile or doctor report file`};
	}

	// zod (for the profile schema) is loaded only when a profile is read or written: it is large.
	const {parseProfile, profileInputs} = await import('./core/profile.js');
	const parsed = parseProfile(text);
	if (!parsed.ok) return {error: `the profile ${file} is refused: ${parsed.error}`};
	const {profile} = parsed;
	const inputs = {...profileInputs(profile, FLOW), ...given.inputs};
	const presets = {...given.presets};
	if (inputs.password === undefined && profile.passwordEnv) {
		const password = env[profile.passwordEnv];
		if (password === undefined) return {error: `the profile reads the password from $${profile.passwordEnv}, which is not set: export it, or pass --password-env`};
		inputs.password = password;
		presets.passwordEnv = profile.passwordEnv;
		// Never sent before the person confirms where it goes (src/wizard/consent.ts); scripts pass --password-env instead.
		presets.passwordFrom = 'profile';
	}

	if (profile.apiKeyEnv && presets.apiKey === undefined) {
		const key = env[profile.apiKeyEnv];
		if (!key) return {error: `the profile reads the Cloud API key from $${profile.apiKeyEnv}, which is not set: export it`};
		presets.apiKey = key;
	}

	return {given: {inputs, presets}};
}

/** After the wizard: save the profile if asked, show the result (Ink already did), then open the shell or print how to. */
async function finish(state: WizardState, front: FrontEnd, execute: readonly string[], plan: string[] | undefined, env: NodeJS.ProcessEnv, journal: Journal, json = false): Promise<number> {
	const setup = toSetup(state.answers);
	const profilePath = state.answers.profilePath;
	if (profilePath) {
		const apiKeyEnv = state.answers.apiKey && state.answers.apiKey === env.COCKROACH_API_KEY ? 'COCKROACH_API_KEY' : undefined;
		const {profileFromAnswers} = await import('./core/profile.js');
		const profile = profileFromAnswers(state.answers, {passwordEnv: state.answers.passwordEnv, apiKeyEnv});
		if (plan) {
			plan.push(`write the profile ${profilePath} (mode 0600)`);
		} else {
			await writeFilesAtomically([{path: profilePath, data: `${JSON.stringify(profile, null, 2)}\n`, mode: 0o600}]);
			journal.record({kind: 'profile', description: `saved the profile ${profilePath}`, undo: `rm -- ${shellQuote(profilePath)}`, key: profilePath});
			err(`Saved the setup to ${profilePath} (mode 0600; secrets only as references${profile.passwordEnv ? ` to $${profile.passwordEnv}` : ''}).`);
		}
	}
	const shell = state.answers.shells ? pickShell(state.answers.shells) : undefined;
	const output = state.answers.output ?? 'shell';
	const launching = output === 'shell' && shell !== undefined && state.answers.launch !== false;
	if (front !== 'ink') {
		const rows = summaryRows(setup, state.answers, plan !== undefined);
		const width = Math.max(...rows.map(([label]) => label.length));
		const show = front === 'plain' ? out : err;
		show('');
		for (const [label, value] of rows) show(`  ${label.padEnd(width)}  ${value}`);
		// A dry run opens nothing: the notice shows the launch it would make.
		for (const line of endNotice(setup, state.answers, process.platform, process.arch, execute, plan !== undefined)) show(line);
		// Scripts read the connection string (or the chosen format, or with --json the whole result) from stdout.
		if (json && !plan) {
			const {runReport} = await import('./wizard/json-report.js');
			out(JSON.stringify(runReport(FLOW, state.answers, state.notes, journal.entries(), execute), null, 2));
		} else if (front === 'scripted' && !launching) out(output === 'shell' ? buildConnectionUrl(setup, 'omit') : renderFormat(output, setup, execute));
	}

	if (plan) {
		if (launching) {
			plan.push(`launch ${launchAsRun(planLaunch(setup, shell.shell, shell.path, execute))}`);
		}

		out('Dry run: nothing was changed. The plan, in order:');
		plan.forEach((step, i) => out(`  ${String(i + 1).padStart(2)}. ${step}`));
		return 0;
	}

	if (journal.entries().length > 0) for (const line of changeLines(journal.entries())) err(line);
	if (!launching) return 0;
	const {handOff} = await import('./adapters/shell-launch.js');
	// The shell gets only the secrets it needs (in the plan's env); the API key and the variables secrets were read from stay here.
	const secrets = [setup.password, state.answers.apiKey, ...Object.entries(setup.params ?? {}).filter(([key]) => isSecretParam(key)).map(([, value]) => value)];
	return handOff(planLaunch(setup, shell.shell, shell.path, execute), {names: ['COCKROACH_API_KEY', state.answers.passwordEnv].filter((n): n is string => Boolean(n)), secrets: secrets.filter((s): s is string => Boolean(s))}, env);
}

/**
The first file destination the run will write that cannot be written, as `--flag: reason`: the profile
(written last), the generated password's file (written after the allowlist change), the certificates
directory and the CA key (client CA on the Cloud path). The Cloud CA destination is checked by the ports.
*/
async function unwritableDestination(answers: WizardState['answers']): Promise<string | undefined> {
	const {unwritableReason} = await import('./adapters/writable.js');
	const destinations: Array<[string, string | undefined, boolean]> = [
		['--save-profile', answers.profilePath, false],
		['--password-file', answers.passwordFile, false],
		['--certs-dir', answers.certsDir === undefined ? undefined : path.join(answers.certsDir, 'ca.crt'), true],
		['--ca-key', answers.caKey, true],
	];
	for (const [flag, file, createDirs] of destinations) {
		if (file === undefined) continue;
		// An existing CA key or certificate is reused, not replaced: only a missing one must be creatable.
		if (createDirs && existsSync(file)) continue;
		const reason = await unwritableReason(file, {createDirs});
		if (reason) return `${flag}: ${reason}`;
	}

	return undefined;
}
