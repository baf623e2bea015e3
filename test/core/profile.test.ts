import {describe, expect, it} from 'vitest';
import {parseProfile, profileFromAnswers, profileInputs, PROFILE_VERSION} from '../../src/core/profile.js';
import {FLOW} from '../../src/wizard/flow.js';
import {ALLOW_CHOICES, AUTH_METHODS, CLUSTER_SOURCES, NET_MODES, USER_ACTIONS} from '../../src/wizard/answers.js';
import {SSL_MODES} from '../../src/core/sslmode.js';

const valid = {kind: 'crdb-connect-profile', version: PROFILE_VERSION, answers: {source: 'host', host: 'db', port: 26257, user: 'ana', sslmode: 'verify-full', caCert: '/certs/ca.crt'}, passwordEnv: 'PW'};
const refused = (data: unknown) => {
	const result = parseProfile(typeof data === 'string' ? data : JSON.stringify(data));
	return result.ok ? 'accepted' : result.error;
};

describe('profiles', () => {
	it('keep answers, never secrets: passwords become env references, a pasted URL loses its password', () => {
		const profile = profileFromAnswers({source: 'url', url: 'postgresql://ana:s3cret@db:26257/bank?sslmode=verify-full', host: 'db', user: 'ana', password: 's3cret', apiKey: 'CCDB1_x_y', serverVersion: 'v', shells: {psql: '/p'}}, {passwordEnv: 'PW', apiKeyEnv: 'COCKROACH_API_KEY'});
		expect(profile).toEqual({kind: 'crdb-connect-profile', version: 1, answers: {source: 'url', url: 'postgresql://ana@db:26257/bank?sslmode=verify-full', host: 'db', user: 'ana'}, passwordEnv: 'PW', apiKeyEnv: 'COCKROACH_API_KEY'});
		expect(JSON.stringify(profile)).not.toMatch(/s3cret|CCDB1/);
	});

	it('read back what they write, and turn into step inputs', () => {
		const result = parseProfile(JSON.stringify(valid));
		expect(result).toEqual({ok: true, profile: valid});
		expect(profileInputs(valid as never, FLOW)).toEqual({source: 'host', host: 'db', port: '26257', user: 'ana', sslmode: 'verify-full', caCert: '/certs/ca.crt'});
	});

	it('take every value the wizard has for each choice field, from the same lists, and refuse any other', () => {
		const lists = {source: CLUSTER_SOURCES, auth: AUTH_METHODS, sslmode: SSL_MODES, netMode: NET_MODES, allowChoice: ALLOW_CHOICES, userAction: USER_ACTIONS};
		for (const [field, values] of Object.entries(lists)) {
			for (const value of values) expect(refused({...valid, answers: {...valid.answers, [field]: value}})).toBe('accepted');
			expect(refused({...valid, answers: {...valid.answers, [field]: 'bogus'}})).toMatch(new RegExp(field));
		}
	});

	it('are read out of a doctor report', () => {
		expect(parseProfile(JSON.stringify({kind: 'crdb-connect-report', version: 1, profile: valid})).ok).toBe(true);
	});

	it.each([
		['not JSON', '{oops', 'the profile is not valid JSON'],
		['a newer version', {...valid, version: 2}, 'the profile has schema version 2, newer than this crdb-connect reads (1): upgrade crdb-connect'],
		['an older version', {...valid, version: 0}, 'the profile has schema version 0; this crdb-connect reads version 1: save it again with --save-profile'],
		['a wrong type', {...valid, answers: {...valid.answers, port: '26257'}}, /^answers\.port: /],
		['a port out of range', {...valid, answers: {...valid.answers, port: 70_000}}, /^answers\.port: /],
		['a huge value', {...valid, answers: {...valid.answers, host: 'h'.repeat(5000)}}, /^answers\.host: /],
		['path traversal', {...valid, answers: {...valid.answers, caCert: '/certs/../../etc/shadow'}}, 'answers.caCert: must be an absolute path without ".." segments'],
		['a relative path', {...valid, answers: {...valid.answers, certsDir: 'certs'}}, 'answers.certsDir: must be an absolute path without ".." segments'],
		['a password value', {...valid, answers: {...valid.answers, password: 'x'}}, /^answers: Unrecognized key/],
		['a URL holding a password', {...valid, answers: {...valid.answers, url: 'postgresql://a:b@h/d'}}, 'answers.url: must be a postgresql:// URL without a password or sslpassword'],
		['a URL holding sslpassword', {...valid, answers: {...valid.answers, url: 'postgresql://a@h/d?sslpassword=secret'}}, 'answers.url: must be a postgresql:// URL without a password or sslpassword'],
		['a bad env name', {...valid, passwordEnv: '$(rm -rf ~)'}, 'passwordEnv: must be an environment variable name'],
		['too many hosts', {...valid, answers: {...valid.answers, nodeHosts: Array(65).fill('h')}}, /^answers\.nodeHosts: /],
	])('refuse %s, naming the field', (_name, data, message) => {
		const error = refused(data);
		if (typeof message === 'string') expect(error).toBe(message);
		else expect(error).toMatch(message);
	});
});
