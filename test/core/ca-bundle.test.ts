import {describe, expect, it} from 'vitest';
import {defaultRootCertPath, mergeCaBundle, pemCertificates} from '../../src/core/ca-bundle.js';

const cert = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
const a = cert('QUFBQUFB\nQUFB');
const aRewrapped = cert('QUFBQUFBQUFB');
const b = cert('QkJCQkJC');

describe('CA bundles', () => {
	it('appends a new certificate and keeps the existing text', () => {
		expect(mergeCaBundle(`# mine\n${a}`, b)).toEqual({text: `# mine\n${a}\n${b}\n`, added: 1});
		expect(mergeCaBundle('', a)).toEqual({text: `${a}\n`, added: 1});
	});

	it('never duplicates a certificate, however it is wrapped', () => {
		expect(mergeCaBundle(`${a}\n`, aRewrapped)).toEqual({text: `${a}\n`, added: 0});
		expect(mergeCaBundle('', `${a}\n${aRewrapped}\n${b}`).added).toBe(2);
	});

	it('finds the blocks of a bundle', () => {
		expect(pemCertificates(`x\n${a}\ny\n${b}`)).toEqual([a, b]);
	});

	it('knows where libpq looks by default', () => {
		expect(defaultRootCertPath('linux', '/home/ana')).toBe('/home/ana/.postgresql/root.crt');
		expect(defaultRootCertPath('darwin', '/Users/ana')).toBe('/Users/ana/.postgresql/root.crt');
		expect(defaultRootCertPath('win32', 'C:\\Users\\ana', 'C:\\Users\\ana\\AppData\\Roaming')).toBe('C:\\Users\\ana\\AppData\\Roaming\\postgresql\\root.crt');
	});
});
