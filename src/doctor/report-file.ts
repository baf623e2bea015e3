/**
`doctor --report`: the checklist, facts about this machine and a replayable profile, for a support ticket.
Nothing secret goes in: the URL loses its password, the password is only named by its environment variable,
no key file is read, and the API key is never involved.
*/
import {execFile} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {buildConnectionUrl, parseConnectionUrl} from '../core/connection-url.js';
import type {DoctorCheck} from '../core/doctor-report.js';
import {profileFromAnswers} from '../core/profile.js';
import {writeFilesAtomically} from '../adapters/cert-files.js';
import {locateShells} from '../adapters/shell-locator.js';

const run = promisify(execFile);

/** A client's version line, or why there is none. */
async function versionOf(command: string | undefined, args: string[]): Promise<string> {
	if (!command) return 'not on PATH';
	try {
		const {stdout} = await run(command, args, {timeout: 5000});
		return stdout.trim().split('\n')[0] ?? '';
	} catch {
		return `${command} did not report a version`;
	}
}

/** Write the report (0600); resolves with its absolute path. */
export async function writeReport(file: string, input: {url: string; passwordEnv?: string; checks: DoctorCheck[]; env: NodeJS.ProcessEnv}): Promise<string> {
	const parsed = parseConnectionUrl(input.url);
	const safeUrl = parsed.ok ? buildConnectionUrl({...parsed.parts, password: undefined}, 'omit') : '(unparseable)';
	const shells = await locateShells(input.env.PATH ?? '');
	const report = {
		kind: 'crdb-connect-report',
		version: 1,
		createdAt: new Date().toISOString(),
		url: safeUrl,
		ok: !input.checks.some(c => c.status === 'fail'),
		checks: input.checks.map(c => ({...c, ms: Math.round(c.ms)})),
		environment: {
			os: `${os.type()} ${os.release()} (${process.platform}/${process.arch})`,
			node: process.version,
			cockroach: await versionOf(shells.cockroach, ['version', '--build-tag']),
			psql: await versionOf(shells.psql, ['--version']),
		},
		profile: profileFromAnswers(parsed.ok ? {source: 'url', url: safeUrl} : {}, {passwordEnv: input.passwordEnv}),
	};
	const target = path.resolve(file);
	await writeFilesAtomically([{path: target, data: `${JSON.stringify(report, null, 2)}\n`, mode: 0o600}]);
	return target;
}
