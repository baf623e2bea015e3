/**
The hostile-input suite (issue 11): each case runs the real binary against a stand-in that misbehaves on
purpose, asserts the outcome, and scans what the run printed and wrote for the test's secrets.
*/
import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {scanTexts, scanTree} from '../helpers/secret-scan.js';

const PASSWORD = 'hostile-Pw/+9!x';

describe('url --dotenv through the real binary (Node claims --env-file anywhere in argv)', () => {
	it('writes the .env file with --dotenv, --dotenv-key and --replace-dotenv', async () => {
		const home = mkdtempSync(path.join(os.tmpdir(), 'crdb-hostile-dotenv-'));
		const file = path.join(home, 'app.env');
		const flags = ['url', '--host', 'db.example', '--user', 'app', '--sslmode', 'disable', '--password-env', 'HOSTILE_PW', '--dotenv', file];
		const env = {HOME: home, HOSTILE_PW: PASSWORD};
		const first = await runCli([...flags, '--dotenv-key', 'DB'], {env});
		expect(first).toMatchObject({code: 0, stderr: `wrote DB in ${file} (mode 0600)\n`});
		expect(readFileSync(file, 'utf8')).toBe(`DB=postgresql://app:${encodeURIComponent(PASSWORD).replace('!', '%21')}@db.example:26257/defaultdb?sslmode=disable\n`);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const refused = await runCli([...flags, '--dotenv-key', 'DB', '--user', 'other'], {env});
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/DB is already set to something else .* Rerun with --replace-dotenv/);
		expect((await runCli([...flags, '--dotenv-key', 'DB', '--user', 'other', '--replace-dotenv'], {env})).code).toBe(0);
		expect(readFileSync(file, 'utf8')).toMatch(/^DB=postgresql:\/\/other:/);
		// Printed output never holds the password (only the file does).
		expect(scanTexts({stdout: first.stdout, stderr: first.stderr, refused: refused.stdout + refused.stderr}, [PASSWORD])).toEqual([]);
		expect(scanTree(home, [PASSWORD]).map(h => h.where)).toEqual([file]);
	});
});
