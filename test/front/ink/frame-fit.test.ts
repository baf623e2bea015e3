import {describe, expect, it} from 'vitest';
import {fitSelect, fitsFailure, rowsOf} from '../../../src/front/ink/frame-fit.js';

const plan = ['Cluster   multi (ADVANCED on GCP, europe-west1)', 'Network   add this machine, 198.51.100.77/32, to the IP allowlist', 'SQL user  new user ana, with a generated password (shown once)', 'Sign-in   password (or c: a client certificate, no password)', 'Database  defaultdb', 'TLS       verify-full, with the cluster\'s CA in /home/ana/.postgresql/root.crt', 'Then      check the login and open a SQL shell here'];
const choices = ['Accept the plan', 'Accept, signing in with a client certificate (no password)', 'Edit each choice'];
const hint = '↑↓ choose · Enter confirm · c client certificate (no password) · e edit each choice · Esc back · Ctrl-C quit';
const message = 'The plan: accept it, or edit each choice';

describe('rowsOf', () => {
	it('counts the rows a text wraps to, by words, long words cut', () => {
		expect(rowsOf('abc', 10)).toBe(1);
		expect(rowsOf('aaaa bbbb cccc', 10)).toBe(2);
		expect(rowsOf('x'.repeat(25), 10)).toBe(3);
		expect(rowsOf('a\nb', 10)).toBe(2);
	});
});

describe('fitSelect', () => {
	it('keeps the plan beside its choices when the window is tall enough (100x30, 80x24)', () => {
		expect(fitSelect({rows: 30, cols: 100}, {message, detail: plan, labels: choices, hint})).toEqual({detailLive: true});
		expect(fitSelect({rows: 24, cols: 80}, {message, detail: plan, labels: choices, hint}).detailLive).toBe(true);
	});

	it('at 60x15 moves the plan into the history and shows every choice: the frame stays shorter than the window', () => {
		const fit = fitSelect({rows: 15, cols: 60}, {message, detail: plan, labels: choices, hint});
		expect(fit).toEqual({detailLive: false});
		const height = rowsOf(`? ${message}`, 60) + 1 + choices.reduce((sum, c) => sum + rowsOf(`❯ ${c}`, 60), 0) + rowsOf(hint, 60);
		expect(height).toBeLessThan(15);
	});

	it('a long list gets the rows left, with a row for each "more" line', () => {
		const labels = Array.from({length: 14}, (_, i) => `choice ${i}`);
		expect(fitSelect({rows: 15, cols: 60}, {message: 'How will you connect?', detail: [], labels, hint: 'Enter confirm'})).toEqual({detailLive: true, limit: 9});
	});

	it('the refusal shown under the client-CA choice moves the two fingerprints out of the frame', () => {
		const fingerprint = Array.from({length: 32}, () => 'AB').join(':');
		const detail = [`Trusted now  SHA-256 ${fingerprint}`, `Yours        SHA-256 ${fingerprint}`];
		const parts = {message: 'The cluster trusts another client CA. Replace it with yours? (certificates signed by the other one stop working)', detail, labels: ['No: leave it in place', 'Yes: replace it with yours'], hint: '↑↓ choose · Enter confirm · Esc back · Ctrl-C quit'};
		expect(fitSelect({rows: 15, cols: 60}, parts).detailLive).toBe(true);
		expect(fitSelect({rows: 15, cols: 60}, {...parts, error: `the cluster's client CA (SHA-256 ${fingerprint}; yours is ${fingerprint}) was left in place: replace it (--replace-client-ca), or go back (Esc) and sign in with a password`}).detailLive).toBe(false);
	});

	it('an unknown height (0 rows) leaves everything in', () => {
		expect(fitSelect({rows: 0, cols: 60}, {message, detail: plan, labels: choices, hint})).toEqual({detailLive: true});
	});
});

describe('fitsFailure', () => {
	const failure = 'localhost:1 refused the connection: nothing listens there. Fix: start the node, or check the port (CockroachDB\'s SQL port is 26257; psql\'s default is 5432). Setting up a new local cluster? Choose "Continue anyway": the wizard can make certificates and start a node.';
	it('a failed check with its reason, three choices and the hint: fits 60x15, not 40x12', () => {
		const parts = {title: 'Reach localhost:1 over TCP', failure, choices: 3, hint: '↑↓ choose · Enter confirm · Esc back · Ctrl-C quit'};
		expect(fitsFailure({rows: 15, cols: 60}, parts)).toBe(true);
		expect(fitsFailure({rows: 12, cols: 40}, parts)).toBe(false);
		expect(fitsFailure({rows: 0, cols: 40}, parts)).toBe(true);
	});
});
