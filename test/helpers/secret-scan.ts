/**
A secret scanner for tests: given the test's secrets (passwords, API keys, key passphrases, private keys), it
looks for them — raw and in the encodings they could leak in (percent, form, base64 at every byte offset,
JSON) — in captured output, in every file under a directory, and in every process's /proc/<pid>/cmdline.
*/
import {readdirSync, readFileSync, lstatSync} from 'node:fs';
import path from 'node:path';

/** base64 of the secret at each of the three byte alignments, trimmed to the characters that do not depend on neighbours. */
function base64Forms(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const forms: string[] = [];
	for (let pad = 0; pad < 3; pad++) {
		const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
		// Skip the characters that mix in the padding bytes, and the last (partial) group.
		const start = Math.ceil((pad * 4) / 3);
		const usable = Math.floor(((pad + bytes.length) * 4) / 3) - 1;
		const core = encoded.slice(start, usable);
		if (core.length >= 8) forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
	}

	return forms;
}

/** Every form a secret is looked for in. */
export function secretForms(secret: string): string[] {
	const strict = encodeURIComponent(secret).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	const forms = [secret, encodeURIComponent(secret), strict, strict.toLowerCase() === strict ? strict : strict.replace(/%[0-9A-F]{2}/g, m => m.toLowerCase()), new URLSearchParams({x: secret}).toString().slice(2), JSON.stringify(secret).slice(1, -1), ...base64Forms(secret)];
	return [...new Set(forms)].filter(f => f.length >= 6);
}

/** One place a secret was found. */
export interface SecretHit {
	where: string;
	form: string;
}

/** Look for every secret in each named text. */
export function scanTexts(texts: Record<string, string | Buffer>, secrets: readonly string[]): SecretHit[] {
	const hits: SecretHit[] = [];
	for (const [where, value] of Object.entries(texts)) {
		const text = Buffer.isBuffer(value) ? value.toString('latin1') + '\n' + value.toString('utf8') : value;
		for (const secret of secrets) for (const form of secretForms(secret)) if (text.includes(form)) hits.push({where, form});
	}

	return hits;
}

/** Look for the secrets in every regular file under dir (symlinks are not followed). */
export function scanTree(dir: string, secrets: readonly string[]): SecretHit[] {
	const texts: Record<string, Buffer> = {};
	const walk = (d: string) => {
		for (const name of readdirSync(d)) {
			const file = path.join(d, name);
			const info = lstatSync(file);
			if (info.isDirectory()) walk(file);
			else if (info.isFile() && info.size < 10_000_000) texts[file] = readFileSync(file);
		}
	};

	walk(dir);
	return scanTexts(texts, secrets);
}

/** The argv of every process now running (the /proc/<pid>/cmdline of each), NULs as spaces. */
export function allCmdlines(): Record<string, string> {
	const lines: Record<string, string> = {};
	for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
		try {
			lines[`/proc/${pid}/cmdline`] = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ');
		} catch {
			// The process ended meanwhile.
		}
	}

	return lines;
}

/** Look for the secrets in every running process's argv. */
export function scanCmdlines(secrets: readonly string[]): SecretHit[] {
	return scanTexts(allCmdlines(), secrets);
}
