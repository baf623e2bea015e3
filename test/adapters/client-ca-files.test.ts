/**
The client-CA files (made with our own certificate code, on a real file system): reused on a second run, and never
a silent replacement — another client CA in the certs directory, or a client certificate signed by another CA,
stops the run with what to do instead of orphaning (or keeping) certificates the cluster would refuse.
*/
import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ensureClientCaFiles, saveReplacedClientCa} from '../../src/adapters/client-ca-files.js';

const place = () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-ca-files-'));
	return {dir, certsDir: path.join(dir, 'certs'), caKey: path.join(dir, 'safe', 'ca.key')};
};

describe('client-CA files', () => {
	it('makes the CA beside its key and the client files, then reuses them', async () => {
		const where = place();
		const made = await ensureClientCaFiles({...where, user: 'ana'});
		expect(made.created.map(f => path.relative(where.dir, f)).sort()).toEqual(['certs/ca-client.crt', 'certs/client.ana.crt', 'certs/client.ana.key', 'certs/client.ana.key.pk8', 'safe/ca.crt', 'safe/ca.key']);
		expect(statSync(where.caKey).mode & 0o777).toBe(0o600);
		expect((await ensureClientCaFiles({...where, user: 'ana'})).created).toEqual([]);
	});

	it('refuses a certs directory whose ca-client.crt is another CA, and a client certificate signed by another CA', async () => {
		const first = place();
		await ensureClientCaFiles({...first, user: 'ana'});
		const second = place();
		// The second CA's key, with the first one's certs directory.
		await expect(ensureClientCaFiles({certsDir: first.certsDir, caKey: second.caKey, user: 'ana'})).rejects.toThrow(`${first.certsDir}/ca-client.crt holds another client CA than ${second.dir}/safe/ca.crt: use another --certs-dir, or the --ca-key of that CA`);
		const before = readFileSync(path.join(first.certsDir, 'ca-client.crt'), 'utf8');
		expect(readFileSync(path.join(first.certsDir, 'ca-client.crt'), 'utf8')).toBe(before);
		// A client certificate made by the first CA, in a directory the second CA starts afresh in.
		await ensureClientCaFiles({certsDir: second.certsDir, caKey: second.caKey, user: 'bo'});
		writeFileSync(path.join(second.certsDir, 'client.ana.crt'), readFileSync(path.join(first.certsDir, 'client.ana.crt')));
		await expect(ensureClientCaFiles({certsDir: second.certsDir, caKey: second.caKey, user: 'ana'})).rejects.toThrow(`${second.certsDir}/client.ana.crt was signed by another CA than ${second.dir}/safe/ca.crt: use another --certs-dir, or move it aside`);
	});

	it('keeps a replaced CA in a new file, never over an earlier copy', async () => {
		const {certsDir} = place();
		expect(await saveReplacedClientCa(certsDir, 'one')).toBe(path.join(certsDir, 'ca-client.replaced.crt'));
		expect(await saveReplacedClientCa(certsDir, 'two')).toBe(path.join(certsDir, 'ca-client.replaced-2.crt'));
		expect(readFileSync(path.join(certsDir, 'ca-client.replaced.crt'), 'utf8')).toBe('one');
	});
});
