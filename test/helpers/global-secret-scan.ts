/**
Vitest global setup: a secret scan over the whole test run (issue 11). It makes the ledger directory the
workers write to (test/helpers/secret-ledger.ts) and, when the run ends, looks for every registered secret,
and the test Cloud API key, raw and encoded (percent, form, JSON, base64: secret-scan.ts):
- in everything the real binary printed through runCli and in every pty session's output, in every suite;
- in every file under the temp directories the hostile suites made (crdb-hostile-*, crdb-gaps-*), except the
  files a test named with allowSecretIn.
A hit fails the run, naming where (never the secret).
*/
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {TestProject} from 'vitest/node';
import {TEST_API_KEY} from './cloud-api-server.js';
import {scanTree, type SecretHit} from './secret-scan.js';

declare module 'vitest' {
	export interface ProvidedContext {
		secretLedger: string;
	}
}

/** The temp directories of the suites whose files are scanned (other suites write secrets on purpose). */
const SCANNED_DIRS = /^crdb-(hostile|gaps)-/;

const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line) as string) : []);

export default function setup(project: TestProject) {
	const started = Date.now();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-secret-ledger-'));
	project.provide('secretLedger', dir);
	return () => {
		const secrets = [...new Set([TEST_API_KEY, ...lines(path.join(dir, 'secrets.jsonl'))])];
		const allowed = new Set(lines(path.join(dir, 'allowed.jsonl')));
		const hits: SecretHit[] = [];
		if (existsSync(path.join(dir, 'output'))) hits.push(...scanTree(path.join(dir, 'output'), secrets));
		for (const name of readdirSync(os.tmpdir())) {
			const tree = path.join(os.tmpdir(), name);
			if (!SCANNED_DIRS.test(name)) continue;
			try {
				// Only this run's directories (other checkouts run the same suites on this machine).
				if (statSync(tree).ctimeMs < started) continue;
				hits.push(...scanTree(tree, secrets).filter(hit => !allowed.has(hit.where)));
			} catch (error) {
				// Removed meanwhile (another checkout's run cleaning up): nothing of ours to scan.
				if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			}
		}

		if (hits.length > 0) {
			// A captured output is named by the command that printed it (its first line).
			const where = [...new Set(hits.map(hit => (hit.where.startsWith(dir) ? readFileSync(hit.where, 'utf8').split('\n')[0]! : hit.where)))];
			// Vitest reports an error thrown here but keeps exit status 0: set it, so CI fails.
			process.exitCode = 1;
			rmSync(dir, {recursive: true, force: true});
			throw new Error(`secret scan: a test secret was found in ${where.length} place(s) the run printed or wrote:\n${where.join('\n')}`);
		}

		rmSync(dir, {recursive: true, force: true});
	};
}
