/** Running `cert` in-process and fingerprinting directories, for the certificate tests. */
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {runCert} from '../../src/commands/cert.js';

/** What one `cert` run printed and returned. */
export interface CertRun {
	code: number;
	out: string;
	err: string;
}

/** Run `crdb-connect cert <argv>` in-process with the real clock and key generator. */
export async function cert(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CertRun> {
	let out = '';
	let err = '';
	const code = await runCert(argv, {HOME: '/nonexistent', ...env}, {out: t => (out += t), err: t => (err += t)});
	return {code, out, err};
}

/** A fresh workspace: a certs dir path (not created) and a separate directory for the CA key. */
export function workspace(): {root: string; certs: string; caKey: string; flags: string[]} {
	const root = mkdtempSync(path.join(os.tmpdir(), 'crdb-cert-'));
	const certs = path.join(root, 'certs');
	const caKey = path.join(root, 'safe', 'ca.key');
	mkdirSync(path.dirname(caKey));
	return {root, certs, caKey, flags: ['--certs-dir', certs, '--ca-key', caKey]};
}

/** Every file under a directory with its mode and content hash: equal fingerprints mean nothing changed. */
export function fingerprint(dir: string): Record<string, string> {
	const result: Record<string, string> = {};
	if (!existsSync(dir)) return result;
	for (const name of readdirSync(dir, {recursive: true}).map(String).sort()) {
		const file = path.join(dir, name);
		const info = statSync(file);
		result[name] = info.isDirectory() ? `dir ${(info.mode & 0o777).toString(8)}` : `${(info.mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
	}

	return result;
}
