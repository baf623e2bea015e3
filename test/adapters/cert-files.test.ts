import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {writeFilesAtomically} from '../../src/adapters/cert-files.js';

describe('writeFilesAtomically', () => {
	it('creates exclusive files only where nothing is, and keeps nothing of a set when one name is taken', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-files-'));
		const [crt, key] = [path.join(dir, 'client.a.crt'), path.join(dir, 'client.a.key')];
		// Another run got the key's name first (after our existence checks, before our write).
		writeFileSync(key, 'theirs');
		await expect(writeFilesAtomically([{path: crt, data: 'mine', mode: 0o644, exclusive: true}, {path: key, data: 'mine', mode: 0o600, exclusive: true}])).rejects.toThrow(`open ${key}: file exists (created meanwhile by another run; nothing of this run was kept)`);
		expect(readFileSync(key, 'utf8')).toBe('theirs');
		expect(existsSync(crt)).toBe(false);
		expect(readdirSync(dir)).toEqual(['client.a.key']);
	});

	it('replaces a file that is not exclusive', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-files-'));
		const file = path.join(dir, 'profile.json');
		writeFileSync(file, 'old');
		await writeFilesAtomically([{path: file, data: 'new', mode: 0o600}]);
		expect(readFileSync(file, 'utf8')).toBe('new');
		expect(process.listenerCount('SIGTERM')).toBe(0);
	});
});
