/** Running the built bundle as a user would, and stand-ins for programs that cannot be installed here. */
import {execFile} from 'node:child_process';
import {chmodSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {recordOutput} from './secret-ledger.js';

/** The built entry point (npm test builds it first). */
export const BIN = path.resolve('bin/crdb-connect.js');

/** What a run printed and how it ended. */
export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Run the CLI with piped stdio (no TTY), optional stdin text, and an environment of our choosing. */
export function runCli(args: string[], options: {env?: NodeJS.ProcessEnv; input?: string} = {}): Promise<CliResult> {
	return new Promise(resolve => {
		const child = execFile(process.execPath, [BIN, ...args], {env: {...process.env, CI: 'true', ...options.env}, timeout: 30_000}, (error, stdout, stderr) => {
			recordOutput(`runCli ${args.join(' ')}`, `${stdout}\n${stderr}`);
			// A run ended by a signal (the 30 s bound above, or a crash) says so, so a failing assertion shows why.
			const killed = error?.signal ? `\n[runCli: ended by ${error.signal}${error.killed ? ' (the 30 s bound)' : ''}]` : '';
			resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: stderr + killed});
		});
		child.stdin!.end(options.input ?? '');
	});
}

/**
A directory holding a stand-in program that records its argv and chosen environment variables as JSON
lines into `record`, then execs `then` (a real program) or exits with `exitCode`.
It is a stand-in only for what cannot be installed here (the cockroach binary), or a recording wrapper
around a real one (psql): it proves what we asked for, never that anything connected.
*/
export function standIn(name: string, options: {envKeys: string[]; exitCode?: number; then?: string}): {dir: string; record: string} {
	const dir = mkdtempSync(path.join(os.tmpdir(), `crdb-standin-${name}-`));
	const record = path.join(dir, 'calls.jsonl');
	const script = path.join(dir, name);
	const node = process.execPath;
	writeFileSync(script, `#!/bin/sh
"${node}" -e 'const fs=require("fs");const env={};for(const k of ${JSON.stringify(options.envKeys)})env[k]=process.env[k]??null;fs.appendFileSync(${JSON.stringify(record)},JSON.stringify({argv:process.argv.slice(1),env})+"\\n")' -- "$@"
${options.then ? `exec ${options.then} "$@"` : `exit ${options.exitCode ?? 0}`}
`);
	chmodSync(script, 0o755);
	return {dir, record};
}
