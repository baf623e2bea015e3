/**
The review screens. Stage 1 on the Cloud path with an API key, once the cluster and this machine's address are
known: the plan (network, SQL user, database, TLS, what happens then). Stage 3 for a host: the rest of the
connection (database, TLS and its CA, what happens then). Enter accepts a plan, so the questions it answered are
not asked; "e" asks each one. Pure data, like the rest of the flow.
*/
import path from 'node:path';
import {verifiesServer} from '../core/sslmode.js';
import {checkSqlUsername} from '../core/sql-username.js';
import {DEFAULT_DATABASE, type Answers, type Field} from '../wizard/answers.js';
import {chosenCluster, generating, withKey} from '../wizard/step-helpers.js';
import type {Choice, Step} from '../wizard/step-types.js';
import {offersClientCa} from './client-ca.js';

/** Accept or edit: the two answers of the host's review screen. */
const PLAN_CHOICES: Choice[] = [
	{value: 'accept', label: 'Accept the plan', short: 'accepted'},
	{value: 'edit', label: 'Edit each choice', short: 'edit each choice', key: 'e'},
];

/** A new SQL user's default name: this machine's login name when it makes a valid one (never root), else app_user; never one the cluster has. */
export function defaultSqlUser(localUser: string | undefined, taken: readonly string[]): string {
	const base = (localUser ?? '').toLowerCase().replace(/[^a-z0-9_]/g, '_');
	const checked = checkSqlUsername(base);
	const name = checked.ok && /^[a-z_]/.test(base) && base !== 'root' && base !== 'admin' ? checked.username : 'app_user';
	if (!taken.includes(name)) return name;
	for (let n = 2; ; n++) if (!taken.includes(`${name}_${n}`)) return `${name}_${n}`;
}

/** What the plan sets, for each answer not given already (by a flag, or an earlier visit). */
function recommendedPlan(a: Answers, localUser?: string): Partial<Answers> {
	const plan: Partial<Answers> = {};
	const fill = <K extends keyof Answers>(field: K, value: Answers[K]) => {
		if (a[field] === undefined && value !== undefined) plan[field] = value;
	};

	fill('netMode', 'allowlist');
	if (a.allowlistCovered !== true && a.publicIp) fill('allowChoice', 'current');
	fill('allowUi', false);
	fill('replaceOpen', false);
	if (a.user === undefined) {
		plan.user = defaultSqlUser(localUser, a.cloudUsers ?? []);
		fill('userAction', 'create');
		fill('generatePassword', true);
	}

	fill('database', 'defaultdb');
	fill('output', 'shell');
	return plan;
}

/** The answers an accepted plan settles, so their questions are not asked: each it holds a value for (a generated password settles the password). */
function settledByPlan(a: Answers, fields: readonly Field[]): Field[] {
	if (!a.planAccepted) return [];
	const settled = fields.filter(f => Boolean(a[f]));
	return a.generatePassword && fields.includes('generatePassword') ? [...settled, 'password'] : settled;
}

/** The plan's last row: what happens once it is accepted (in a dry run, nothing is logged in to or opened). */
function thenLine(planned: Answers, ctx: {dryRun?: boolean}): string {
	if (ctx.dryRun) return `Then      show what would be done (dry run: no login, no ${planned.output === 'shell' ? 'SQL shell' : 'change'})`;
	return `Then      check the login and ${planned.output === 'shell' ? 'open a SQL shell here' : `show the ${planned.output} format`}`;
}

/** The plan as the review screen shows it: one line per decision. */
function planLines(a: Answers, ctx: {userName?: string; rootCertPath: string; dryRun?: boolean}): string[] {
	const cluster = chosenCluster(a)!;
	const planned = {...a, ...recommendedPlan(a, ctx.userName)};
	const network = a.allowlistCovered
		? `this machine (${a.publicIp}) is already allowed by the IP allowlist`
		: planned.allowChoice === 'current'
			// An entry for exactly this /32 that allows only the DB Console gains SQL access: changed, not added.
			? a.allowlistUiRules?.includes(`${a.publicIp}/32`) ? `allow SQL access on the existing entry for this machine, ${a.publicIp}/32, in the IP allowlist` : `add this machine, ${a.publicIp}/32, to the IP allowlist`
			: 'this machine\'s public IP is unknown: you will be asked which network to allow';
	const user = a.user !== undefined && a.userAction !== 'create'
		? `${a.user}${a.cloudUsers?.includes(a.user) ? ' (exists)' : ''}`
		: a.auth === 'client-ca' ? `new user ${planned.user}` : `new user ${planned.user}, with a generated password (shown once)`;
	// Advanced: the sign-in without a password is one choice away, so the person sees it before accepting. The line
	// names no key: the plain front-end has none for it (Ink's hint line names "c").
	const signIn = a.auth === 'client-ca'
		? [`Sign-in   client.${planned.user}.crt signed by your client CA (no password), uploaded to the cluster`]
		: offersClientCa(a) ? ['Sign-in   password (or a client certificate, no password: the second choice below)'] : [];
	return [
		`Cluster   ${cluster.name} (${cluster.plan} on ${cluster.cloud}${a.region ? `, ${a.region}` : ''})`,
		`Network   ${network}`,
		`SQL user  ${user}`,
		...signIn,
		`Database  ${planned.database}`,
		`TLS       verify-full, with the cluster's CA in ${ctx.rootCertPath}`,
		thenLine(planned, ctx),
	];
}

/** The cluster's SQL users (so the plan's new user does not clash), then the review screen. */
export const PLAN_STEPS: Step[] = [
	{
		id: 'cloudUsers',
		stage: 'network',
		kind: 'task',
		canContinue: true,
		when: a => withKey(a) && a.interactive === true && chosenCluster(a) !== undefined,
		title: a => `List the SQL users of ${chosenCluster(a)?.name}`,
		uses: ['clusterRef', 'apiKey'],
		async run(ports, a) {
			const cloudUsers = await ports.cloud(a.apiKey!).sqlUsers(chosenCluster(a)!.id);
			return {patch: {cloudUsers}, detail: `${cloudUsers.length} SQL user${cloudUsers.length === 1 ? '' : 's'}`};
		},
	},
	{
		id: 'plan',
		stage: 'network',
		kind: 'select',
		when: a => withKey(a) && a.interactive === true && chosenCluster(a) !== undefined,
		message: 'The plan: accept it, or edit each choice',
		fills: ['planAccepted'],
		settles: a => settledByPlan(a, ['netMode', 'allowChoice', 'user', 'userAction', 'generatePassword', 'database', 'output']),
		detail: (a, ctx) => planLines(a, ctx),
		describe: a => (a.planAccepted ? (a.auth === 'client-ca' ? 'accepted, with a client certificate' : 'accepted') : 'edit each choice'),
		choices: a => [
			{value: 'accept', label: 'Accept the plan', short: 'accepted'},
			...(offersClientCa(a) && a.auth !== 'client-ca' && a.auth !== 'password' ? [{value: 'accept-cert', label: 'Accept, signing in with a client certificate (no password)', short: 'client certificate (no password)', key: 'c'}] : []),
			{value: 'edit', label: 'Edit each choice', short: 'edit each choice', key: 'e'},
		],
		initial: () => 'accept',
		accept(value, a, ctx) {
			if (value === 'edit') return {patch: {planAccepted: false}};
			if (value === 'accept-cert' && offersClientCa(a)) return {patch: {...recommendedPlan(a, ctx.userName), auth: 'client-ca', planAccepted: true}};
			if (value !== 'accept') return {error: 'choose accept or edit'};
			return {patch: {...recommendedPlan(a, ctx.userName), planAccepted: true}};
		},
	},
];

/** The CA certificate a host's plan verifies the server with: the one given, the generated one, or one found in the default places. */
function plannedCa(a: Answers, ctx: {caCandidates: readonly string[]}): string | undefined {
	return a.caCert ?? (generating(a) && a.certsDir ? path.join(a.certsDir, 'ca.crt') : ctx.caCandidates[0]);
}

/** What a host's plan sets, for each answer not given already: defaultdb, verify-full against the CA it knows of, a SQL shell. */
export function hostPlan(a: Answers, ctx: {caCandidates: readonly string[]}): Partial<Answers> {
	const plan: Partial<Answers> = {};
	if (a.database === undefined) plan.database = DEFAULT_DATABASE;
	if (a.sslmode === undefined) plan.sslmode = 'verify-full';
	const ca = plannedCa(a, ctx);
	if (a.caCert === undefined && ca !== undefined && verifiesServer(a.sslmode ?? 'verify-full')) plan.caCert = ca;
	if (a.output === undefined) plan.output = 'shell';
	return plan;
}

/** A host's plan as its review screen shows it. */
export function hostPlanLines(a: Answers, ctx: {caCandidates: readonly string[]; dryRun?: boolean}): string[] {
	const planned = {...a, ...hostPlan(a, ctx)};
	const mode = planned.sslmode!;
	const tls = !verifiesServer(mode)
		? `${mode} (the server's certificate is not checked)`
		: planned.caCert
			? `${mode}, checking the server against ${planned.caCert}`
			: `${mode}: you name the CA certificate that checks the server next`;
	return [
		`Database  ${planned.database}${a.database === undefined ? ' (another: edit each choice)' : ''}`,
		`TLS       ${tls}`,
		thenLine(planned, ctx),
	];
}

/** Stage 3 for a host, asked in a terminal: the rest of the connection on one screen. */
export const HOST_PLAN_STEP: Step = {
	id: 'hostPlan',
	stage: 'method',
	kind: 'select',
	// Worth a screen when two or more of its questions are open (flags may have answered the rest); once answered it stays.
	when: a => a.source === 'host' && a.interactive === true && !withKey(a) && (a.planAccepted !== undefined || [a.database, a.sslmode, a.output].filter(v => v === undefined).length >= 2),
	message: 'The rest of the connection: accept it, or edit each choice',
	fills: ['planAccepted'],
	settles: a => settledByPlan(a, ['database', 'sslmode', 'caCert', 'output']),
	detail: (a, ctx) => hostPlanLines(a, ctx),
	describe: a => (a.planAccepted ? 'accepted' : 'edit each choice'),
	choices: () => PLAN_CHOICES,
	initial: () => 'accept',
	accept(value, a, ctx) {
		if (value === 'edit') return {patch: {planAccepted: false}};
		if (value !== 'accept') return {error: 'choose accept or edit'};
		return {patch: {...hostPlan(a, ctx), planAccepted: true}};
	},
};
