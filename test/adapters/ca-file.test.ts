import {mkdtempSync, writeFileSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {inject, describe, expect, it} from 'vitest';
import {readCaCertificate} from '../../src/adapters/ca-file.js';

const pg = inject('pg');
const dir = mkdtempSync(path.join(os.tmpdir(), 'crdb-ca-'));

describe('readCaCertificate', () => {
	it('reads the subject, expiry and count of a PEM bundle', async () => {
		const pem = readFileSync(pg.caCert, 'utf8');
		const bundle = path.join(dir, 'bundle.crt');
		writeFileSync(bundle, pem + pem);
		const info = await readCaCertificate(bundle);
		expect(info.subject).toBe('O=Test, CN=Test CA');
		expect(info.count).toBe(2);
		expect(info.notAfter.getTime()).toBeGreaterThan(Date.now());
	});

	it('says how to get the file when it is missing', async () => {
		await expect(readCaCertificate(path.join(dir, 'nope.crt'))).rejects.toThrow(/no file at .*nope\.crt: download the cluster's CA certificate/);
	});

	it('says when the file is not a certificate', async () => {
		const key = path.join(dir, 'key.pem');
		writeFileSync(key, '-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n');
		await expect(readCaCertificate(key)).rejects.toThrow(/holds no PEM certificate/);
	});
});
