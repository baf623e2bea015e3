/**
Every `cert` flag through the real binary (bin/crdb-connect.js): what each one changes on disk, read back with
Node's own X.509 parser, OpenSSL and the files' modes; the in-process suite (test/commands/cert.test.ts) covers
the templates in depth.
*/
import {execFileSync} from 'node:child_process';
import {createPrivateKey, X509Certificate} from 'node:crypto';
import {existsSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {fingerprint, workspace} from '../helpers/cert-cli.js';
import {runCli} from '../helpers/cli.js';

const certCli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['cert', ...args], {env: {HOME: '/nonexistent', ...env}});
const pemCount = (file: string) => (readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
const keyBits = (file: string) => createPrivateKey(readFileSync(file)).asymmetricKeyDetails!.modulusLength;

describe('cert flags through the real binary', () => {
	it('--key-size and --lifetime: the CA key has that many bits, the certificate that lifetime', async () => {
		const ws = workspace();
		const made = await certCli(['create-ca', '--certs-dir', ws.certs, '--ca-key', ws.caKey, '--key-size', '1024', '--lifetime', '48h']);
		expect(made.code, made.stderr).toBe(0);
		expect(keyBits(ws.caKey)).toBe(1024);
		const ca = new X509Certificate(readFileSync(path.join(ws.certs, 'ca.crt')));
		// Valid from 24 h ago (cockroach's backdating) for 48 h from now.
		expect(Date.parse(ca.validTo) - Date.now()).toBeGreaterThan(47 * 3600_000);
		expect(Date.parse(ca.validTo) - Date.now()).toBeLessThan(49 * 3600_000);
		const bad = await certCli(['create-ca', ...ws.flags, '--key-size', '512']);
		expect(bad).toMatchObject({code: 2, stderr: 'crdb-connect: --key-size "512": give a whole number of bits from 1024 to 16384 (default 2048)\n'});
	});

	it('--allow-ca-key-reuse and --overwrite: a second CA from the same key is refused without them, then put in front of the old one', async () => {
		const ws = workspace();
		expect((await certCli(['create-ca', ...ws.flags, '--key-size', '1024'])).code).toBe(0);
		const before = fingerprint(ws.certs);
		const refused = await certCli(['create-ca', ...ws.flags, '--overwrite']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/--allow-ca-key-reuse/);
		expect(fingerprint(ws.certs)).toEqual(before);
		const reused = await certCli(['create-ca', ...ws.flags, '--allow-ca-key-reuse', '--overwrite']);
		expect(reused.code, reused.stderr).toBe(0);
		expect(pemCount(path.join(ws.certs, 'ca.crt'))).toBe(2);
	});

	it('--overwrite on create-node replaces the node certificate; without it the existing one is kept and the run refused', async () => {
		const ws = workspace();
		expect((await certCli(['create-ca', ...ws.flags, '--key-size', '1024'])).code).toBe(0);
		expect((await certCli(['create-node', 'localhost', ...ws.flags, '--key-size', '1024'])).code).toBe(0);
		const first = readFileSync(path.join(ws.certs, 'node.crt'), 'utf8');
		const refused = await certCli(['create-node', 'db.internal', ...ws.flags, '--key-size', '1024']);
		expect(refused.code).toBe(1);
		expect(readFileSync(path.join(ws.certs, 'node.crt'), 'utf8')).toBe(first);
		const replaced = await certCli(['create-node', 'db.internal', ...ws.flags, '--key-size', '1024', '--overwrite']);
		expect(replaced.code, replaced.stderr).toBe(0);
		expect(new X509Certificate(readFileSync(path.join(ws.certs, 'node.crt'))).subjectAltName).toBe('DNS:db.internal');
	});

	it('--also-generate-pkcs8-key writes client.<user>.key.pk8 (0600, DER) that OpenSSL reads; --disable-username-validation issues for a non-SQL name', async () => {
		const ws = workspace();
		expect((await certCli(['create-ca', ...ws.flags, '--key-size', '1024'])).code).toBe(0);
		const made = await certCli(['create-client', 'alice', ...ws.flags, '--key-size', '1024', '--also-generate-pkcs8-key']);
		expect(made.code, made.stderr).toBe(0);
		const pk8 = path.join(ws.certs, 'client.alice.key.pk8');
		expect(statSync(pk8).mode & 0o777).toBe(0o600);
		expect(execFileSync('openssl', ['pkey', '-inform', 'DER', '-in', pk8, '-noout', '-text'], {encoding: 'utf8'})).toMatch(/Private-Key: \(1024 bit/);
		expect((await certCli(['create-client', 'bob', ...ws.flags, '--key-size', '1024'])).code).toBe(0);
		expect(existsSync(path.join(ws.certs, 'client.bob.key'))).toBe(true);
		expect(existsSync(path.join(ws.certs, 'client.bob.key.pk8'))).toBe(false);

		const odd = 'Not A SQL Name!';
		const refused = await certCli(['create-client', odd, ...ws.flags, '--key-size', '1024']);
		expect(refused.code).toBe(1);
		expect(existsSync(path.join(ws.certs, `client.${odd}.crt`))).toBe(false);
		const issued = await certCli(['create-client', odd, ...ws.flags, '--key-size', '1024', '--disable-username-validation']);
		expect(issued.code, issued.stderr).toBe(0);
		const files = Object.keys(fingerprint(ws.certs)).filter(name => name.endsWith('.crt') && name.startsWith('client.') && !['client.alice.crt', 'client.bob.crt'].includes(name));
		expect(files).toHaveLength(1);
		expect(new X509Certificate(readFileSync(path.join(ws.certs, files[0]!))).subject).toContain('CN=');
	});

	it('list --json and --certs-dir; -h and --help print the same help; a flag on the wrong subcommand is a usage error', async () => {
		const ws = workspace();
		expect((await certCli(['create-ca', ...ws.flags, '--key-size', '1024'])).code).toBe(0);
		const listed = await certCli(['list', '--certs-dir', ws.certs, '--json']);
		expect(listed.code, listed.stderr).toBe(0);
		expect(JSON.stringify(JSON.parse(listed.stdout))).toContain('ca.crt');
		const long = await certCli(['--help']);
		expect(long.code).toBe(0);
		expect(long.stdout).toContain('  --disable-username-validation     create-client:');
		expect((await certCli(['-h'])).stdout).toBe(long.stdout);
		const wrong = await certCli(['list', '--certs-dir', ws.certs, '--overwrite']);
		expect(wrong).toMatchObject({code: 2, stderr: 'crdb-connect: unknown flag: --overwrite (cert list takes --certs-dir, --json)\n'});
	});
});
