/**
Stage 1 on the Cloud path with an API key, once the cluster and this machine's address are known: the one
review screen. It shows the plan (network, SQL user, database, TLS, what happens then) and Enter accepts it, so
the questions it answered are not asked; "e" asks each one. Pure data, like the rest of the flow.
*/
import {checkSqlUsername} from '../../core/sql-username.js';
import type {Answers} from '../answers.js';
import {chosenCluster, withKey} from '../step-helpers.js';
import type {Step} from '../step-types.js';
import {offersClientCa} from './client-ca.js';

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

/** The plan as the review screen shows it: one line per decision. */
function planLines(a: Answers, ctx: {userName?: string; rootCertPath: string}): string[] {
	const cluster = chosenCluster(a)!;
	const planned = {...a, ...recommendedPlan(a, ctx.userName)};
	const network = a.allowlistCovered
		? `this machine (${a.publicIp}) is already allowed by the IP allowlist`
		: planned.allowChoice === 'current'
			? `add this machine, ${a.publicIp}/32, to the IP allowlist`
			: 'this machine\'s public IP is unknown: you will be asked which network to allow';
	const user = a.user !== undefined && a.userAction !== 'create'
		? `${a.user}${a.cloudUsers?.includes(a.user) ? ' (exists)' : ''}`
		: a.auth === 'client-ca' ? `new user ${planned.user}` : `new user ${planned.user}, with a generated password (shown once)`;
	// Advanced: the sign-in without a password is one key away ("c"), so the person sees it before accepting.
	const signIn = a.auth === 'client-ca'
		? [`Sign-in   client.${planned.user}.crt signed by your client CA (no password), uploaded to the cluster`]
		: offersClientCa(a) ? ['Sign-in   password (or c: a client certificate, no password)'] : [];
	return [
		`Cluster   ${cluster.name} (${cluster.plan} on ${cluster.cloud}${a.region ? `, ${a.region}` : ''})`,
		`Network   ${network}`,
		`SQL user  ${user}`,
		...signIn,
		`Database  ${planned.database}`,
		`TLS       verify-full, with the cluster's CA in ${ctx.rootCertPath}`,
		`Then      check the login and ${planned.output === 'shell' ? 'open a SQL shell here' : `show the ${planned.output} format`}`,
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
		message: 'The plan (Enter accepts it, e edits each choice)',
		fills: ['planAccepted'],
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
