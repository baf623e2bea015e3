/**
The questions asked before a password leaves the machine when nobody at this keyboard chose where it goes
(issue 11): a password read through a replayed profile (a file someone else may have written: it can name
any variable and any host), and a password about to go over a connection that does not check who answers
(sslmode disable/allow/prefer/require) to a host that is not this machine. Naming the variable on the
command line (--password-env, or --url-env for a URL holding the password) is the consent of scripted runs.
*/
import {DEFAULT_PORT} from '../core/connection-url.js';
import {isLocalHost} from '../core/local-cluster.js';
import {verifiesServer} from '../core/sslmode.js';
import type {Answers, Field} from './answers.js';
import type {BackReach, Choice, QuestionStep} from './step-types.js';

/** Where the password would go: what a consent is given for (going back and changing any of it asks again). */
const passwordTarget = (a: Answers): string => `${a.host ?? ''}:${a.port ?? DEFAULT_PORT} sslmode=${a.sslmode ?? ''}`;

/** Whether the password may go where the answers say: named on the command line (true), or confirmed for this target. */
const confirmed = (a: Answers): boolean => a.passwordConsent === true || a.passwordConsent === passwordTarget(a);

/** Whether the password came through a replayed profile and nobody has said it may go. */
export const profilePasswordUnconfirmed = (a: Answers): boolean => a.password !== undefined && a.passwordFrom === 'profile' && !confirmed(a);

/** Whether the password would go unprotected (no server check) to a host that is not this machine, unconfirmed. */
export const unverifiedPasswordUnconfirmed = (a: Answers): boolean =>
	a.password !== undefined && (a.auth ?? 'password') === 'password' && a.sslmode !== undefined && !verifiesServer(a.sslmode) && a.host !== undefined && !isLocalHost(a.host) && !confirmed(a);

function choices(a: Answers): Choice[] {
	const from = a.passwordEnv ? ` (from $${a.passwordEnv})` : '';
	const where = `${a.host ?? 'the host'}:${a.port ?? DEFAULT_PORT}`;
	const how = a.sslmode && !verifiesServer(a.sslmode) ? `, sslmode=${a.sslmode}: the server is not verified` : '';
	return [
		{value: 'no', label: 'No: stop here; the password is not sent', short: 'no'},
		{value: 'yes', label: `Yes: send the password${from} to ${where}${how}`, short: `yes, to ${where}`},
	];
}

const accept: QuestionStep['accept'] = (value, a) =>
	value === 'yes' ? {patch: {passwordConsent: passwordTarget(a)}} : {error: 'the password was not sent'};

/** The answers that decide where the password goes, as the refusal names them. */
const TARGET: ReadonlyArray<[Field, string]> = [['host', 'the host'], ['sslmode', 'the sslmode'], ['password', 'the password']];

const listed = (names: string[]): string => (names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]!);

/**
"No": the password stays here. The line names Back (Esc, in Ink and --plain alike) only when there is a question to
go back to, and only for the answers going back can change; the ones given when the run started need a new run.
*/
function refusal(_a: Answers, back: BackReach): string {
	const fixed = TARGET.filter(([field]) => back.fixed.includes(field)).map(([, name]) => name);
	const open = back.canGoBack ? TARGET.filter(([field]) => !back.fixed.includes(field)).map(([, name]) => name) : [];
	if (open.length === 0) return `the password was not sent: ${listed(TARGET.map(([, name]) => name)).replace(' or ', ' and ')} came with the command line or the profile, so run again with others to connect, or quit (Ctrl-C)`;
	const given = fixed.length > 0 ? ` (${listed(fixed).replace(' or ', ' and ')} came with the command line: run again to change ${fixed.length === 1 ? 'it' : 'them'})` : '';
	return `the password was not sent: go back (Esc) to change ${listed(open)}${given}, or quit (Ctrl-C)`;
}

/** Asked early, before any task could send a password that a replayed profile pointed at. */
export const PROFILE_PASSWORD_STEP: QuestionStep = {
	id: 'sendProfilePassword',
	stage: 'user',
	kind: 'select',
	when: profilePasswordUnconfirmed,
	message: 'The replayed profile reads the password from the environment. Send it where the profile says?',
	fills: ['passwordConsent'],
	choices,
	// No default: scripted runs must name the variable on the command line instead.
	initial: () => undefined,
	accept,
	refusal,
};

/** Asked just before the login check when the connection would not verify the server. */
export const UNVERIFIED_PASSWORD_STEP: QuestionStep = {
	id: 'sendPassword',
	stage: 'connect',
	kind: 'select',
	when: a => profilePasswordUnconfirmed(a) || unverifiedPasswordUnconfirmed(a),
	message: 'This connection does not verify the server, so whoever answers at that address gets the password. Send it?',
	fills: ['passwordConsent'],
	choices,
	initial: () => undefined,
	accept,
	refusal,
};
