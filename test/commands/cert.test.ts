import {execFileSync} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import {chmodSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import forge from 'node-forge';
import {beforeAll, describe, expect, it} from 'vitest';
import {USERNAME_HINT} from '../../src/core/sql-username.js';
import {cert, fingerprint, workspace} from '../helpers/cert-cli.js';

/** The parts of a certificate the templates fix, read back with forge. */
function inspect(file: string) {
	const c = forge.pki.certificateFromPem(readFileSync(file, 'utf8'));
	const ext = (name: string) => c.getExtension(name) as Record<string, unknown> | undefined;
	return {c, ext, der: forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes()};
}

const openssl = (args: string[]) => execFileSync('openssl', args, {encoding: 'utf8'});

describe('cert create-ca, create-node, create-client', () => {
	const ws = workspace();
	let before: number;
	beforeAll(async () => {
		before = Date.now();
		expect(await cert(['create-ca', ...ws.flags])).toEqual({code: 0, out: `wrote ${ws.caKey}\nwrote ${ws.certs}/ca.crt\n`, err: ''});
		expect((await cert(['create-node', 'localhost', '127.0.0.1', '::1', '*.dev.example.com', ...ws.flags])).code).toBe(0);
		expect((await cert(['create-client', 'MaxRoach', '--also-generate-pkcs8-key', ...ws.flags])).code).toBe(0);
	}, 60_000);

	it('writes the files with cockroach\'s names and modes, certs dir 0700', () => {
		const modes = Object.fromEntries(Object.entries(fingerprint(ws.certs)).map(([k, v]) => [k, v.split(' ')[0]]));
		expect(modes).toEqual({'ca.crt': '644', 'node.crt': '644', 'node.key': '600', 'client.maxroach.crt': '644', 'client.maxroach.key': '600', 'client.maxroach.key.pk8': '600'});
		expect(statSync(ws.certs).mode & 0o777).toBe(0o700);
		expect(statSync(ws.caKey).mode & 0o777).toBe(0o600);
	});

	it('writes PEM with LF line endings and PKCS#1 keys', () => {
		for (const f of ['ca.crt', 'node.crt', 'node.key']) expect(readFileSync(path.join(ws.certs, f), 'utf8')).not.toContain('\r');
		expect(readFileSync(path.join(ws.certs, 'node.key'), 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
	});

	it('makes the CA from the template', () => {
		const {c, ext} = inspect(path.join(ws.certs, 'ca.crt'));
		expect(c.subject.attributes.map(a => `${a.shortName}=${a.value}`)).toEqual(['O=Cockroach', 'CN=Cockroach CA']);
		expect(c.issuer.hash).toBe(c.subject.hash);
		expect(ext('basicConstraints')).toMatchObject({critical: true, cA: true, pathLenConstraint: 1});
		expect(ext('keyUsage')).toMatchObject({critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: true, nonRepudiation: true});
		expect(ext('subjectKeyIdentifier')?.subjectKeyIdentifier).toBe(c.generateSubjectKeyIdentifier().toHex());
		expect(ext('authorityKeyIdentifier')).toBeNull();
		expect(ext('extKeyUsage')).toBeNull();
		expect(c.siginfo.algorithmOid).toBe(forge.pki.oids.sha256WithRSAEncryption);
		expect((c.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBe(2048);
		// NotBefore is now − 24 h; NotAfter is now + 87840 h (10 × 366 days).
		expect(Math.abs(c.validity.notBefore.getTime() - (before - 24 * 3_600_000))).toBeLessThan(60_000);
		expect(c.validity.notAfter.getTime() - c.validity.notBefore.getTime()).toBe((87_840 + 24) * 3_600_000);
		expect(c.extensions.map(e => e.name)).toEqual(['keyUsage', 'basicConstraints', 'subjectKeyIdentifier']);
	});

	it('makes the node certificate from the template', () => {
		const {c, ext} = inspect(path.join(ws.certs, 'node.crt'));
		const ca = inspect(path.join(ws.certs, 'ca.crt')).c;
		expect(c.subject.attributes.map(a => `${a.shortName}=${a.value}`)).toEqual(['O=Cockroach', 'CN=node']);
		expect(c.issuer.hash).toBe(ca.subject.hash);
		expect(ext('extKeyUsage')).toMatchObject({serverAuth: true, clientAuth: true});
		expect(ext('keyUsage')).toMatchObject({critical: true, digitalSignature: true, keyEncipherment: true});
		expect(ext('keyUsage')?.keyCertSign).toBeFalsy();
		expect(ext('basicConstraints')).toBeNull();
		expect(ext('subjectKeyIdentifier')).toBeNull();
		// AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier }: the CA's subject key id, nothing else.
		const aki = forge.asn1.fromDer(String(ext('authorityKeyIdentifier')!.value));
		expect((aki.value as forge.asn1.Asn1[]).map(v => v.type)).toEqual([0]);
		expect(forge.util.bytesToHex((aki.value as forge.asn1.Asn1[])[0]!.value as string)).toBe(ca.generateSubjectKeyIdentifier().toHex());
		expect((ext('subjectAltName')?.altNames as Array<{type: number; value: string; ip?: string}>).map(n => (n.type === 2 ? `DNS:${n.value}` : `IP:${n.ip}`))).toEqual(['DNS:localhost', 'DNS:*.dev.example.com', 'IP:127.0.0.1', 'IP:::1']);
		expect(c.validity.notAfter.getTime() - c.validity.notBefore.getTime()).toBe((43_920 + 24) * 3_600_000);
		expect(c.extensions.map(e => e.name)).toEqual(['keyUsage', 'extKeyUsage', 'authorityKeyIdentifier', 'subjectAltName']);
		expect(Number.parseInt(c.serialNumber.slice(0, 2), 16)).toBeLessThan(0x80);
	});

	it('makes the client certificate for the normalised user', () => {
		const {c, ext} = inspect(path.join(ws.certs, 'client.maxroach.crt'));
		expect(c.subject.getField('CN').value).toBe('maxroach');
		expect(ext('extKeyUsage')).toMatchObject({clientAuth: true});
		expect(ext('extKeyUsage')?.serverAuth).toBeFalsy();
		expect(ext('subjectAltName')).toBeNull();
	});

	it('gives distinct random serials', () => {
		const serials = ['ca.crt', 'node.crt', 'client.maxroach.crt'].map(f => inspect(path.join(ws.certs, f)).c.serialNumber);
		expect(new Set(serials).size).toBe(3);
	});

	it('passes openssl verify, and openssl reads the PKCS#8 DER key', () => {
		expect(openssl(['verify', '-CAfile', path.join(ws.certs, 'ca.crt'), path.join(ws.certs, 'node.crt'), path.join(ws.certs, 'client.maxroach.crt')])).toBe(`${ws.certs}/node.crt: OK\n${ws.certs}/client.maxroach.crt: OK\n`);
		const fromPk8 = openssl(['pkcs8', '-inform', 'DER', '-nocrypt', '-in', path.join(ws.certs, 'client.maxroach.key.pk8')]);
		expect(fromPk8).toMatch(/^-----BEGIN PRIVATE KEY-----/);
		const modulus = (args: string[]) => openssl(args).trim();
		expect(modulus(['rsa', '-noout', '-modulus', '-in', path.join(ws.certs, 'client.maxroach.key')])).toBe(modulus(['x509', '-noout', '-modulus', '-in', path.join(ws.certs, 'client.maxroach.crt')]));
	});

	it('uses PrintableString for the names Go would, UTF8String for the others', async () => {
		const asn1 = openssl(['asn1parse', '-in', path.join(ws.certs, 'client.maxroach.crt')]);
		expect(asn1).toMatch(/PRINTABLESTRING\s+:maxroach/);
		expect((await cert(['create-client', 'my_user', ...ws.flags])).code).toBe(0);
		expect(openssl(['asn1parse', '-in', path.join(ws.certs, 'client.my_user.crt')])).toMatch(/UTF8STRING\s+:my_user/);
	});

	it('lists what it made', async () => {
		const listed = await cert(['list', '--certs-dir', ws.certs]);
		const lines = listed.out.split('\n');
		expect(lines[0]).toBe(`Certificate directory: ${ws.certs}`);
		expect(lines[1]).toMatch(/^ Usage\s+\|\s+Certificate File\s+\|\s+Key File\s+\|\s+Expires\s+\|\s+Notes\s+\| Error$/);
		expect(lines.slice(3, 7).map(l => l.split('|').map(c => c.trim()).slice(0, 5).join('|'))).toEqual([
			`CA|ca.crt||${new Date(new X509Certificate(readFileSync(path.join(ws.certs, 'ca.crt'))).validTo).toISOString().slice(0, 10).replace(/-/g, '/')}|num certs: 1`,
			expect.stringMatching(/^Node\|node\.crt\|node\.key\|\d{4}\/\d\d\/\d\d\|addresses: localhost,\*\.dev\.example\.com,127\.0\.0\.1,::1$/),
			expect.stringMatching(/^Client\|client\.maxroach\.crt\|client\.maxroach\.key\|\d{4}\/\d\d\/\d\d\|user: maxroach$/),
			expect.stringMatching(/^Client\|client\.my_user\.crt\|client\.my_user\.key\|/),
		]);
		expect(lines.at(-2)).toBe('(4 rows)');
		const json = JSON.parse((await cert(['list', '--certs-dir', ws.certs, '--json'])).out);
		expect(json.certificates).toHaveLength(4);
		expect(json.certificates[0]).toMatchObject({usage: 'CA', certificateFile: 'ca.crt', notes: 'num certs: 1', error: ''});
	});
});

describe('refusals change nothing on disk', () => {
	const ws = workspace();
	beforeAll(async () => {
		await cert(['create-ca', ...ws.flags]);
		await cert(['create-node', 'localhost', ...ws.flags]);
		await cert(['create-client', 'root', ...ws.flags]);
	}, 60_000);

	async function refused(argv: string[], error: string, hint?: string, env: NodeJS.ProcessEnv = {}) {
		const before = {certs: fingerprint(ws.certs), safe: fingerprint(path.dirname(ws.caKey))};
		const run = await cert(argv, env);
		expect(run.code).toBe(1);
		expect(run.out).toBe('');
		expect(run.err).toBe(`ERROR: ${error}\n${hint ? `HINT: ${hint}\n` : ''}`);
		expect({certs: fingerprint(ws.certs), safe: fingerprint(path.dirname(ws.caKey))}).toEqual(before);
	}

	it('an existing CA key without --allow-ca-key-reuse (even with --overwrite)', async () => {
		await refused(['create-ca', '--overwrite', ...ws.flags], `failed to generate CA cert and key: CA key ${ws.caKey} exists, but key reuse is disabled`, 'rerun with --allow-ca-key-reuse to sign with that key, or choose another --ca-key path');
	});

	it('an existing ca.crt without --overwrite', async () => {
		await refused(['create-ca', '--allow-ca-key-reuse', ...ws.flags], `failed to generate CA cert and key: could not write CA certificate file ${ws.certs}/ca.crt: open ${ws.certs}/ca.crt: file exists`, 'rerun with --overwrite to add a new CA in front of the existing one');
	});

	it('an existing node certificate or client certificate without --overwrite', async () => {
		await refused(['create-node', 'localhost', ...ws.flags], `failed to generate node certificate and key: error writing node server certificate to ${ws.certs}/node.crt: open ${ws.certs}/node.crt: file exists`, 'rerun with --overwrite to replace it');
		await refused(['create-client', 'root', ...ws.flags], `failed to generate client certificate and key: error writing client certificate to ${ws.certs}/client.root.crt: open ${ws.certs}/client.root.crt: file exists`, 'rerun with --overwrite to replace it');
	});

	it('a leaf that would outlive its CA', async () => {
		const run = await cert(['create-client', 'alice', '--lifetime', '100000h', ...ws.flags]);
		expect(run.code).toBe(1);
		expect(run.err).toMatch(/^ERROR: failed to generate client certificate and key: error creating client certificate and key: CA lifetime is 878\d\d\.\d{6}h, shorter than the requested 100000\.000000h\. Renew CA certificate, or rerun with --lifetime=878\d\dh for a shorter duration\.\n$/);
		expect(fingerprint(ws.certs)).not.toHaveProperty('client.alice.crt');
	});

	it('an invalid username, with cockroach\'s hint', async () => {
		await refused(['create-client', 'bad name', ...ws.flags], 'failed to generate client certificate and key: username is invalid', USERNAME_HINT);
	});

	it('a missing --ca-key, and no host for create-node', async () => {
		await refused(['create-node', 'localhost', '--certs-dir', ws.certs], 'failed to generate node certificate and key: the path to the CA key is required', 'pass --ca-key <file> or set COCKROACH_CA_KEY');
		await refused(['create-node', ...ws.flags], 'create-node requires at least one host name or address, none was specified', 'name every address clients will use, e.g. localhost 127.0.0.1 db.example.com');
	});

	it('a CA key that does not match ca.crt', async () => {
		const other = workspace();
		await cert(['create-ca', ...other.flags]);
		await refused(['create-client', 'bob', '--certs-dir', ws.certs, '--ca-key', other.caKey], `failed to generate client certificate and key: error loading CA certificate ${ws.certs}/ca.crt and key ${other.caKey}: tls: private key does not match public key`, 'check --certs-dir and --ca-key: they must hold the CA made by create-ca');
	});

	it('a CA key readable by group or world, unless the check is skipped', async () => {
		chmodSync(ws.caKey, 0o644);
		try {
			// Root-owned keys in the process's group may be 0740; any other key 0700.
			const max = process.getuid?.() === 0 && statSync(ws.caKey).gid === process.getgid?.() ? '-rwxr-----' : '-rwx------';
			await refused(['create-client', 'carol', ...ws.flags], `failed to generate client certificate and key: error loading CA certificate ${ws.certs}/ca.crt and key ${ws.caKey}: key file ${ws.caKey} has permissions -rw-r--r--, exceeds ${max}`, `run chmod 600 ${ws.caKey}: a CA key must be readable by its owner only`);
			expect((await cert(['create-client', 'carol', ...ws.flags], {COCKROACH_SKIP_KEY_PERMISSION_CHECK: 'true'})).code).toBe(0);
		} finally {
			chmodSync(ws.caKey, 0o600);
		}
	});

	it('bad flags are usage errors (exit 2) that name the fix', async () => {
		expect(await cert(['create-ca', '--lifetime', '10 years', ...ws.flags])).toEqual({code: 2, out: '', err: 'crdb-connect: --lifetime "10 years": give a positive duration such as 8760h or 1h30m\n'});
		expect((await cert(['create-node', 'h', '--also-generate-pkcs8-key', ...ws.flags])).err).toMatch(/^crdb-connect: unknown flag: --also-generate-pkcs8-key \(cert create-node takes/);
		expect((await cert(['create-client', ...ws.flags])).err).toMatch(/accepts 1 arg\(s\), received 0/);
	});
});

describe('create-ca --overwrite and key reuse', () => {
	it('prepends a new CA and keeps the old one; --allow-ca-key-reuse signs with the existing key', async () => {
		const ws = workspace();
		await cert(['create-ca', ...ws.flags]);
		const first = readFileSync(path.join(ws.certs, 'ca.crt'), 'utf8');
		const key = readFileSync(ws.caKey, 'utf8');
		const run = await cert(['create-ca', '--overwrite', '--allow-ca-key-reuse', ...ws.flags]);
		expect(run).toEqual({code: 0, out: `wrote ${ws.certs}/ca.crt\n`, err: ''});
		const both = readFileSync(path.join(ws.certs, 'ca.crt'), 'utf8');
		expect(both.endsWith(first)).toBe(true);
		expect(both.length).toBeGreaterThan(first.length);
		expect(readFileSync(ws.caKey, 'utf8')).toBe(key);
		const listed = JSON.parse((await cert(['list', '--certs-dir', ws.certs, '--json'])).out);
		expect(listed.certificates[0].notes).toBe('num certs: 2');
	});

	it('honours COCKROACH_CERTS_DIR and COCKROACH_CA_KEY, with $VAR expansion', async () => {
		const ws = workspace();
		const run = await cert(['create-ca'], {COCKROACH_CERTS_DIR: ws.certs, COCKROACH_CA_KEY: '$SAFE/ca.key', SAFE: path.dirname(ws.caKey)});
		expect(run.out).toBe(`wrote ${ws.caKey}\nwrote ${ws.certs}/ca.crt\n`);
	});

	it('signs client certificates with ca-client.crt when it exists', async () => {
		const ws = workspace();
		await cert(['create-ca', ...ws.flags]);
		// A client CA made with its own key, beside the node CA.
		const clientCaKey = path.join(path.dirname(ws.caKey), 'client-ca.key');
		const side = workspace();
		await cert(['create-ca', '--certs-dir', side.certs, '--ca-key', clientCaKey]);
		writeFileSync(path.join(ws.certs, 'ca-client.crt'), readFileSync(path.join(side.certs, 'ca.crt')));
		expect((await cert(['create-client', 'dave', '--certs-dir', ws.certs, '--ca-key', clientCaKey])).code).toBe(0);
		expect(openssl(['verify', '-CAfile', path.join(ws.certs, 'ca-client.crt'), path.join(ws.certs, 'client.dave.crt')])).toContain(': OK');
	});
});

describe('cert list errors are per file', () => {
	it('reports a bad file, a missing key and a CN mismatch on their own rows', async () => {
		const ws = workspace();
		await cert(['create-ca', ...ws.flags]);
		await cert(['create-client', 'erin', ...ws.flags]);
		writeFileSync(path.join(ws.certs, 'client.frank.crt'), readFileSync(path.join(ws.certs, 'client.erin.crt')));
		writeFileSync(path.join(ws.certs, 'client.frank.key'), 'x', {mode: 0o600});
		writeFileSync(path.join(ws.certs, 'node.crt'), '');
		writeFileSync(path.join(ws.certs, 'client.gina.crt'), readFileSync(path.join(ws.certs, 'client.erin.crt')));
		const rows = JSON.parse((await cert(['list', '--certs-dir', ws.certs, '--json'])).out).certificates as Array<Record<string, string>>;
		const byFile = Object.fromEntries(rows.map(r => [r.certificateFile, r]));
		expect(byFile['node.crt']).toMatchObject({usage: 'Node', expires: '0001/01/01', notes: 'addresses: <unknown>', error: 'empty certificate file: node.crt'});
		expect(byFile['client.frank.crt']!.error).toBe('failed to validate certificate 0 in file client.frank.crt: client certificate has principals ["erin"], expected "frank"');
		expect(byFile['client.gina.crt']!.error).toMatch(/^failed to validate certificate 0 in file client\.gina\.crt/);
		expect(byFile['client.erin.crt']!.error).toBe('');
		expect(byFile['ca.crt']!.error).toBe('');
	});

	it('lists nothing for a missing directory', async () => {
		expect((await cert(['list', '--certs-dir', '/nonexistent/certs'])).out).toContain('(0 rows)');
	});
});

describe('usernames (property)', () => {
	it('any valid username becomes client.<user>.crt with CN=<user>; invalid ones are refused with the hint', async () => {
		const ws = workspace();
		await cert(['create-ca', ...ws.flags]);
		// Key generation is the slow part: a handful of generated names is enough to cover the shapes.
		const valid = fc.sample(fc.stringMatching(/^[a-z_][a-z0-9_.-]{0,20}$/), {numRuns: 4, seed: 42});
		for (const user of [...valid, 'UPPER', 'ομηρος']) {
			const run = await cert(['create-client', user, '--key-size', '1024', ...ws.flags]);
			expect(run.code, run.err).toBe(0);
			const normalised = user.toLowerCase();
			const c = forge.pki.certificateFromPem(readFileSync(path.join(ws.certs, `client.${normalised}.crt`), 'utf8'));
			expect(forge.util.decodeUtf8(String(c.subject.getField('CN').value))).toBe(normalised);
		}

		// (A name starting with '-' would be read as a flag, by cockroach too.)
		await fc.assert(fc.asyncProperty(fc.stringMatching(/^\.[a-z]{0,5}$|^[a-z]*[ @!#][a-z]*$/), async user => {
			const before = fingerprint(ws.certs);
			const run = await cert(['create-client', user, ...ws.flags]);
			expect(run.code).toBe(1);
			expect(run.err).toBe(`ERROR: failed to generate client certificate and key: username is invalid\nHINT: ${USERNAME_HINT}\n`);
			expect(fingerprint(ws.certs)).toEqual(before);
		}), {numRuns: 30});
	}, 60_000);
});
