/**
The run-wide secret ledger (worker side). Tests register the secrets they use; every run of the real binary
through runCli (and every pty session) records what it printed; test/helpers/global-secret-scan.ts then scans
all of it, and the files the hostile suites wrote, once the whole run is over. A file that must hold a secret
(a .env written on purpose, a ~/.pgpass the test made) is named with allowSecretIn.
*/
import {appendFileSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {inject} from 'vitest';

let counter = 0;

function ledger(): string | undefined {
	try {
		return inject('secretLedger');
	} catch {
		// Outside a vitest worker (a helper used by a script): nothing to record.
		return undefined;
	}
}

/** Secrets that must not appear in any captured output, nor in the hostile suites' files. */
export function registerSecrets(...secrets: string[]): void {
	const dir = ledger();
	if (dir) appendFileSync(path.join(dir, 'secrets.jsonl'), secrets.map(secret => `${JSON.stringify(secret)}\n`).join(''));
}

/** A file that holds a registered secret on purpose (what the product promises to write there). */
export function allowSecretIn(file: string): void {
	const dir = ledger();
	if (dir) appendFileSync(path.join(dir, 'allowed.jsonl'), `${JSON.stringify(path.resolve(file))}\n`);
}

/** Keep what a run printed, for the scan at the end. */
export function recordOutput(label: string, text: string): void {
	const dir = ledger();
	if (!dir) return;
	mkdirSync(path.join(dir, 'output'), {recursive: true});
	writeFileSync(path.join(dir, 'output', `${process.pid}-${++counter}.txt`), `${label}\n${text}`);
}
