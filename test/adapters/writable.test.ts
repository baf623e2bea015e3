/** Checking a destination before the first change: what can and cannot be written, on the real file system. */
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {unwritableReason} from '../../src/adapters/writable.js';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'crdb-writable-'));

describe('unwritableReason', () => {
	it('takes a new file in an existing directory, and an existing regular file', async () => {
		const home = dir();
		expect(await unwritableReason(path.join(home, 'p.json'))).toBeUndefined();
		writeFileSync(path.join(home, 'p.json'), '{}');
		expect(await unwritableReason(path.join(home, 'p.json'))).toBeUndefined();
	});

	it('takes missing directories only when the writer makes them (the CA installer does)', async () => {
		const home = dir();
		const target = path.join(home, '.postgresql', 'sub', 'root.crt');
		expect(await unwritableReason(target)).toBe(`the directory ${path.dirname(target)} does not exist`);
		expect(await unwritableReason(target, {createDirs: true})).toBeUndefined();
	});

	it('refuses a destination that is a directory, or under a file', async () => {
		const home = dir();
		mkdirSync(path.join(home, 'root.crt'));
		expect(await unwritableReason(path.join(home, 'root.crt'), {createDirs: true})).toBe(`${path.join(home, 'root.crt')} exists and is not a regular file`);
		writeFileSync(path.join(home, '.postgresql'), 'a file');
		expect(await unwritableReason(path.join(home, '.postgresql', 'root.crt'), {createDirs: true})).toBe(`${path.join(home, '.postgresql')} is not a directory`);
	});
});
