/**
Stage 1, authorize network: how the cluster is reached (a host, a pasted connection string, or CockroachDB
Cloud); on the Cloud path with an API key, this machine's public IP and the IP allowlist; without a key, the
Console pages to do it by hand; then the host, the port and a TCP check. Private connectivity is in
private-network.ts, the cluster choice in cluster.ts. Pure data, like the rest of the flow.
*/
import {formatCidr, opensToInternet, parseIpv4Cidr, publicAddressesAdmitted, type Cidr} from '../core/cidr.js';
import {parseConnectionUrl, parsePort, DEFAULT_PORT} from '../core/connection-url.js';
import {isHostNotReached} from '../core/connect-errors.js';
import {consoleLinkLines, consoleLinks} from '../core/console-links.js';
import {checkHostInput} from '../core/host.js';
import {isLocalHost} from '../core/local-cluster.js';
import {isPlaceholderPassword} from '../core/password.js';
import {offersPrivateConnectivity, offersVpcPeering, privateEndpointKind} from '../core/private-endpoint.js';
import {resolveUserPath} from '../core/paths.js';
import type {Answers, Field} from '../wizard/answers.js';
import {cloudUndo} from '../wizard/journal.js';
import type {WizardContext} from '../wizard/ports.js';
import {chosenCluster, guided, hostOrigin, sentence, text, withKey} from '../wizard/step-helpers.js';
import {TaskFailure, type Acceptance, type Choice, type Step} from '../wizard/step-types.js';

/** The Cloud Console, where the guided path sends people. */
export const CONSOLE = 'https://cockroachlabs.cloud';

/** The word in an --allow-cidr list that stands for this machine's public address (--allow-current-ip with --allow-cidr). */
const CURRENT_IP = 'current';

const SOURCE_CHOICES: Choice[] = [
	{value: 'host', label: 'I have a host (self-hosted, or any cluster whose address I know)', short: 'a host'},
	{value: 'url', label: 'Paste a connection string (e.g. from the Cloud Console\'s Connect dialog)', short: 'a connection string'},
	{value: 'cloud', label: 'A CockroachDB Cloud cluster (with an API key, or guided through the Console)', short: 'CockroachDB Cloud'},
];

/** Parse a pasted connection string into answers; a placeholder password is dropped so it gets asked. */
function acceptUrl(value: string | boolean, ctx: WizardContext): Acceptance {
	const parsed = parseConnectionUrl(text(value));
	if (!parsed.ok) return {error: parsed.error};
	const {parts} = parsed;
	const patch: Partial<Answers> = {url: text(value).trim(), host: parts.host, port: parts.port};
	if (parts.user) patch.user = parts.user;
	if (parts.password && !isPlaceholderPassword(parts.password)) patch.password = parts.password;
	if (parts.database) patch.database = parts.database;
	if (parts.sslmode) patch.sslmode = parts.sslmode;
	if (parts.sslrootcert) patch.caCert = resolveUserPath(parts.sslrootcert, ctx);
	if (parts.sslcert) patch.sslcert = resolveUserPath(parts.sslcert, ctx);
	if (parts.sslkey) patch.sslkey = resolveUserPath(parts.sslkey, ctx);
	if (parts.params) patch.params = parts.params;
	// A string that carries a client certificate, or a password, already says how the user logs in.
	if (patch.sslcert && patch.sslkey) patch.auth = 'cert';
	else if (patch.password !== undefined) patch.auth = 'password';
	return {patch};
}

/** Whether the cluster is reached over the public internet, through the IP allowlist (not privately). */
const onAllowlist = (a: Answers): boolean => a.netMode === undefined || a.netMode === 'allowlist';

/** Whether the flow adds a rule: a network the person named always; this machine only when not yet allowed. */
const addsToAllowlist = (a: Answers): boolean =>
	withKey(a) && onAllowlist(a) && (a.allowChoice === 'cidr' || (a.allowChoice === 'current' && (a.allowlistCovered !== true || replacesOpen(a))));

/** Whether a rule this run added allows the DB Console otherwise than the answer now says (the answer was changed after Back). */
const uiChanged = (a: Answers): boolean => withKey(a) && onAllowlist(a) && Object.values(a.allowlistAdded ?? {}).some(ui => ui !== (a.allowUi === true));

/** What a rule allows, in words. */
const allows = (flags: {sql: boolean; ui: boolean}): string =>
	flags.sql && flags.ui ? 'SQL and DB Console access' : flags.sql ? 'SQL access, not the DB Console' : flags.ui ? 'DB Console access, not SQL' : 'nothing';

/** Whether this machine, admitted only by 0.0.0.0/0, gets its own rule so that 0.0.0.0/0 can go (--replace-open-network). */
const replacesOpen = (a: Answers): boolean => a.replaceOpen === true && a.openToAll === true && a.allowlistCoveredByOwnRule !== true;

/** This machine's /32, or why it is unknown. */
const machineCidr = (a: Answers): string => (a.publicIp ? `${a.publicIp}/32` : 'this machine\'s address');

/** The typed networks of an --allow-cidr list (without "current"). */
const typedCidrs = (a: Answers): Cidr[] =>
	(a.allowCidr ?? '').split(',').filter(item => item && item !== CURRENT_IP).map(item => parseIpv4Cidr(item)).flatMap(parsed => (parsed.ok ? [parsed.cidr] : []));

/** Whether the networks named open the cluster to a large part of the internet: judged on their union with the rules already there, so 0.0.0.0/1 + 128.0.0.0/1 counts. */
const opensNetwork = (a: Answers): boolean => {
	// The rules already on the cluster count too, so three runs of one /8 each cannot open three /8s unasked;
	// rules that add no public address (already covered) need no confirmation.
	const existing = (a.allowlistRules ?? []).map(item => parseIpv4Cidr(item)).flatMap(parsed => (parsed.ok ? [parsed.cidr] : []));
	const all = [...existing, ...typedCidrs(a)];
	return opensToInternet(all) && publicAddressesAdmitted(all) > publicAddressesAdmitted(existing);
};

/** The networks the allowlist task works on, this machine's as its /32 (or as words when its address is unknown). */
const namedCidrs = (a: Answers): string[] =>
	(a.allowChoice === 'current' ? [CURRENT_IP] : (a.allowCidr ?? '').split(',').filter(Boolean)).map(c => (c === CURRENT_IP ? machineCidr(a) : c));

/** What access a rule gains, in words ("SQL access", "DB Console access", both). */
const gains = (from: {sql: boolean; ui: boolean}, to: {sql: boolean; ui: boolean}): string =>
	allows({sql: to.sql && !from.sql, ui: to.ui && !from.ui}).replace(/, not (SQL|the DB Console)$/, '');

/** What the entry for exactly `cidr` allowed when the look-up before the task read the allowlist; undefined when it listed none. */
const entryBefore = (a: Answers, cidr: string): {sql: boolean; ui: boolean} | undefined => {
	const before = {sql: a.allowlistRules?.includes(cidr) === true, ui: a.allowlistUiRules?.includes(cidr) === true};
	return before.sql || before.ui ? before : undefined;
};

/** The answers the allowlist task acts on, as one string (its title is kept for exactly these). */
const allowlistInputs = (a: Answers): string => JSON.stringify([a.clusterRef, a.allowChoice, a.allowCidr, a.publicIp, a.allowUi === true, a.replaceOpen === true, a.openToAll === true]);

/**
The allowlist task's title: what it will do to each network, as far as the look-up before it knows — add it, give
a rule that was there before the access asked for (a PATCH, not an add), or change the DB Console answer of a
rule this run added. A rule the look-up did not see is taken as new (the result line then says what was done).
*/
export function allowlistTitle(a: Answers): string {
	// Once run, the title it ran under: the rules it added are then "ours" and would read as already there.
	if (a.allowlistDone && a.allowlistDone.inputs === allowlistInputs(a)) return a.allowlistDone.title;
	const wanted = {sql: true, ui: a.allowUi === true};
	const add: string[] = [];
	const other: string[] = [];
	const there: string[] = [];
	for (const cidr of namedCidrs(a)) {
		const ours = a.allowlistAdded?.[cidr];
		const before = entryBefore(a, cidr);
		if (ours !== undefined) {
			if (ours === wanted.ui) there.push(cidr);
			else other.push(`${wanted.ui ? 'allow' : 'stop allowing'} DB Console access on ${cidr} (added by this run)`);
		} else if (before) {
			if ((before.sql || !wanted.sql) && (before.ui || !wanted.ui)) there.push(cidr);
			else other.push(`allow ${gains(before, wanted)} on the existing entry ${cidr}`);
		} else {
			add.push(cidr);
		}
	}

	const done = [...(add.length > 0 ? [`add ${add.join(',')} to the allowlist`] : []), ...other];
	const what = done.length > 0 ? done.join(', ') : `check that ${there.join(',')} ${there.length === 1 ? 'is' : 'are'} on the allowlist`;
	return `${what[0]!.toUpperCase()}${what.slice(1)} and wait for it to apply${a.replaceOpen && a.openToAll ? ', then remove 0.0.0.0/0' : ''}`;
}

/** One or more IPv4 CIDRs, comma-separated; host bits are cleared (and the person told). "current" is this machine. */
function acceptAllowCidr(value: string | boolean): Acceptance {
	const items = text(value).split(/[,\s]+/).filter(Boolean);
	if (items.length === 0) return {error: 'type an IPv4 network such as 203.0.113.0/24'};
	const cidrs: string[] = [];
	let cleared = false;
	for (const item of items) {
		if (item.toLowerCase() === CURRENT_IP) {
			cidrs.push(CURRENT_IP);
			continue;
		}

		const parsed = parseIpv4Cidr(item);
		if (!parsed.ok) return {error: parsed.error};
		cidrs.push(formatCidr(parsed.cidr));
		cleared ||= parsed.cleared;
	}

	return {patch: {allowCidr: cidrs.join(','), allowCidrCleared: cleared}};
}

/** The first question: how the cluster is reached. */
export const SOURCE_STEP: Step = {
	id: 'source',
	stage: 'network',
	kind: 'select',
	message: 'How do you reach the cluster?',
	fills: ['source'],
	// With an API key in the environment the Cloud path comes first and is the default.
	choices: a => (a.apiKey ? [SOURCE_CHOICES[2]!, SOURCE_CHOICES[0]!, SOURCE_CHOICES[1]!] : SOURCE_CHOICES),
	initial: a => a.source ?? (a.apiKey ? 'cloud' : 'host'),
	accept: value => (value === 'host' || value === 'url' || value === 'cloud' ? {patch: {source: value}} : {error: 'choose host, url or cloud'}),
};

/** On the Cloud path (with a key or guided): this machine's public IP, and whether the allowlist admits it. */
export const IP_LOOKUP_STEP: Step = {
	id: 'ipLookup',
	stage: 'network',
	kind: 'task',
	canContinue: true,
	when: a => a.source === 'cloud',
	title: () => 'Find this machine\'s public IPv4 address and check the allowlist',
	uses: ['clusterRef', 'region', 'apiKey'],
	async run(ports, a) {
		let publicIp: string | undefined;
		let publicIpError: string | undefined;
		let note: string;
		try {
			publicIp = await ports.lookupPublicIp();
			note = `your public IP is ${publicIp}`;
		} catch (error) {
			// Never fatal: it matters only when a rule for this machine is needed (allowAdd says so then).
			publicIpError = (error as Error).message;
			note = `could not find your public IP (${publicIpError})`;
		}

		const cluster = chosenCluster(a);
		const patch: Partial<Answers> = {publicIp, publicIpError};
		if (!cluster) return {patch, detail: `${note}; add it under Networking → IP Allowlist in the Console`};
		const region = cluster.regions.find(r => r.name === a.region);
		if (!region) throw new Error(`${cluster.name} has no region "${a.region}": use one of ${cluster.regions.map(r => r.name).join(', ')}`);
		const session = ports.cloud(a.apiKey!);
		// The region's host; the port as the API reports it (26257 on every plan today).
		patch.host = region.host;
		patch.port = (await session.connectionDetails(cluster.id, {database: 'defaultdb'})).port;
		const {entries, covered, openToAll, coveredByOwnRule, sqlRules, uiRules, uiCovered} = await session.allowlistStatus(cluster.id, publicIp);
		patch.allowlistCovered = covered;
		patch.allowlistCoveredByOwnRule = coveredByOwnRule;
		patch.openToAll = openToAll;
		if (sqlRules) patch.allowlistRules = sqlRules;
		if (uiRules) patch.allowlistUiRules = uiRules;
		const rules = `${entries} rule${entries === 1 ? '' : 's'}`;
		const open = openToAll ? '; note: 0.0.0.0/0 lets the whole internet reach the SQL port' : '';
		const allowed = covered ? (coveredByOwnRule || !openToAll ? 'already allowed' : 'allowed only by 0.0.0.0/0') : 'not allowed yet';
		// Only Advanced offers DB Console access through the allowlist: say whether the rules that admit this machine give it.
		const console = covered && publicIp && cluster.plan === 'ADVANCED' ? `; DB Console access from here: ${uiCovered ? 'allowed' : 'not allowed by these rules'}` : '';
		return {patch, detail: `${note}; ${allowed} by the allowlist (${rules})${open}${console}`};
	},
};

/** With an API key: the internet or a private path, and the IP allowlist rule(s) to add (waiting until applied). */
export const ALLOWLIST_STEPS: Step[] = [
	{
		id: 'netMode',
		stage: 'network',
		kind: 'select',
		// Standard and Advanced offer private endpoints; before the clusters are listed (a dry pass) it is asked.
		when: a => withKey(a) && offersPrivateConnectivity(chosenCluster(a)?.plan ?? (a.createCluster ? 'BASIC' : 'STANDARD')),
		message: 'How will this machine reach the cluster?',
		fills: ['netMode'],
		choices: a => [
			{value: 'allowlist', label: 'Over the internet, through the IP allowlist', short: 'IP allowlist'},
			{value: 'private', label: `Privately, through ${privateEndpointKind(chosenCluster(a)?.cloud ?? 'AWS')}`, short: 'private endpoint'},
			...(offersVpcPeering(chosenCluster(a)) ? [{value: 'peering', label: 'Privately, through GCP VPC peering', short: 'VPC peering'}] : []),
		],
		initial: a => a.netMode ?? 'allowlist',
		accept: value => (value === 'allowlist' || value === 'private' || value === 'peering' ? {patch: {netMode: value}} : {error: 'choose allowlist, private or peering'}),
	},
	{
		id: 'allowChoice',
		stage: 'network',
		kind: 'select',
		when: a => withKey(a) && onAllowlist(a) && a.allowlistCovered !== true,
		message: 'Authorize which network?',
		fills: ['allowChoice'],
		choices: a => [
			...(a.publicIp ? [{value: 'current', label: `This machine: ${a.publicIp}/32`, short: `${a.publicIp}/32`}] : []),
			{value: 'cidr', label: 'A network I type (IPv4 CIDR)', short: 'a CIDR'},
			{value: 'skip', label: 'None: I use private connectivity, or it is already allowed', short: 'none'},
		],
		initial: a => a.allowChoice ?? (a.publicIp || a.publicIp === undefined ? 'current' : 'cidr'),
		accept: value => (['current', 'cidr', 'skip'].includes(text(value)) ? {patch: {allowChoice: text(value) as Answers['allowChoice']}} : {error: 'choose current, cidr or skip'}),
	},
	{
		id: 'allowCidr',
		stage: 'network',
		kind: 'text',
		when: a => withKey(a) && onAllowlist(a) && a.allowChoice === 'cidr',
		message: 'IPv4 network to allow (CIDR, e.g. 203.0.113.0/24)',
		fills: ['allowCidr'],
		initial: a => a.allowCidr,
		accept: acceptAllowCidr,
	},
	{
		id: 'allowAll',
		stage: 'network',
		kind: 'confirm',
		when: a => withKey(a) && onAllowlist(a) && a.allowChoice === 'cidr' && opensNetwork(a),
		message: 'These networks (with the rules already on the allowlist) let a large part of the internet (more than a /8; 0.0.0.0/0 is all of it) reach the SQL port, with only the password in the way. Add them anyway?',
		fills: ['allowAllConfirmed'],
		initial: () => false,
		accept: value => (value === true || value === 'true' ? {patch: {allowAllConfirmed: true}} : {error: 'not added: type a narrower network, or confirm with --confirm-open-network'}),
	},
	{
		id: 'allowUi',
		stage: 'network',
		kind: 'confirm',
		when: a => (addsToAllowlist(a) || a.allowlistAdded !== undefined) && !a.planAccepted && chosenCluster(a)?.plan === 'ADVANCED',
		message: 'Also allow DB Console (UI) access from this network?',
		fills: ['allowUi'],
		initial: a => a.allowUi ?? false,
		accept: value => ({patch: {allowUi: value === true || value === 'true'}}),
	},
	{
		id: 'replaceOpen',
		stage: 'network',
		kind: 'confirm',
		when: a => withKey(a) && onAllowlist(a) && !a.planAccepted && a.allowChoice !== undefined && a.allowChoice !== 'skip' && a.openToAll === true && chosenCluster(a)?.plan !== 'ADVANCED' && !opensNetwork(a),
		message: 'The allowlist admits every address (0.0.0.0/0). Remove that rule once this network is added?',
		fills: ['replaceOpen'],
		initial: a => a.replaceOpen ?? false,
		accept: value => ({patch: {replaceOpen: value === true || value === 'true'}}),
	},
	{
		id: 'allowAdd',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		// A network the person named is added even when this machine is already allowed; this machine is not added twice,
		// but a rule this run added is changed when the DB Console answer was changed after Back.
		when: a => addsToAllowlist(a) || uiChanged(a),
		title: allowlistTitle,
		uses: ['clusterRef', 'allowChoice', 'allowCidr', 'publicIp', 'allowUi', 'replaceOpen'],
		async run(ports, a, _ctx, journal) {
			const cluster = chosenCluster(a)!;
			const named = a.allowChoice === 'current' ? [CURRENT_IP] : a.allowCidr!.split(',');
			if (named.includes(CURRENT_IP) && !a.publicIp) {
				throw new Error(`the look-up of this machine's public IP failed (${a.publicIpError ?? 'no address'}), and a rule for it is needed: give the network with --allow-cidr CIDR (or go back and type it), or point --ip-lookup-url at a service that answers`);
			}

			const cidrs = named.map(c => (c === CURRENT_IP ? `${a.publicIp}/32` : c));
			const session = ports.cloud(a.apiKey!);
			const wanted = {sql: true, ui: a.allowUi === true};
			const ourRules = {...a.allowlistAdded};
			const newRules: string[] = [];
			const said: string[] = [];
			for (const cidr of cidrs) {
				const parsed = parseIpv4Cidr(cidr);
				if (!parsed.ok) throw new Error(parsed.error);
				const rulePath = `/api/v1/clusters/${cluster.id}/networking/allowlist/${parsed.cidr.ip}/${parsed.cidr.mask}`;
				// Said as what was done to the entry (allowed or stopped allowing), the same words as the task's title.
				const update = async (from: {sql: boolean; ui: boolean}, to: {sql: boolean; ui: boolean}, done: string) => {
					await session.updateAllowlistEntry(cluster.id, parsed.cidr, to);
					journal.record({
						kind: 'allowlist-entry',
						description: `${done} in the IP allowlist of ${cluster.name}: now ${allows(to)}, was ${allows(from)}`,
						undo: cloudUndo('PATCH', rulePath, from),
						key: `${cluster.id}/${cidr}`,
					});
					said.push(`${done}: now ${allows(to)}`);
				};

				// A rule this run added, gone back over with another DB Console answer: changed in place, not added again.
				const ours = ourRules[cidr];
				if (ours !== undefined) {
					if (ours !== wanted.ui) await update({sql: true, ui: ours}, wanted, `${wanted.ui ? 'allowed' : 'stopped allowing'} DB Console access on ${cidr} (added by this run)`);
					else said.push(`${cidr} is on the allowlist (added by this run): ${allows(wanted)}`);
					ourRules[cidr] = wanted.ui;
					continue;
				}

				// An entry the look-up before found is not POSTed again (the API would refuse it: 409); it is changed below.
				const known = entryBefore(a, cidr);
				const added = !known && (await session.addToAllowlist(cluster.id, {cidr: parsed.cidr, name: 'crdb-connect', sql: wanted.sql, ui: wanted.ui}));
				if (added) {
					ourRules[cidr] = wanted.ui;
					journal.record({
						kind: 'allowlist-entry',
						description: `added ${cidr} to the IP allowlist of ${cluster.name}${wanted.ui ? ' (SQL and DB Console)' : ''}`,
						undo: `ccloud cluster networking allowlist delete ${cluster.name} ${cidr}   (or: ${cloudUndo('DELETE', rulePath)})`,
						key: `${cluster.id}/${cidr}`,
					});
					newRules.push(cidr);
					continue;
				}

				// A rule for exactly this network was there before the run: it gains what was asked for, and loses nothing.
				// What it allows is known from the look-up before (so a replay makes the same calls); read only if it came after.
				const before = known ?? (await session.allowlistEntry(cluster.id, parsed.cidr)) ?? {sql: false, ui: false};
				const after = {sql: before.sql || wanted.sql, ui: before.ui || wanted.ui};
				if (after.sql !== before.sql || after.ui !== before.ui) await update(before, after, `allowed ${gains(before, after)} on the existing entry ${cidr}`);
				else said.push(`${cidr} was on the allowlist already (not added by this run): ${allows(before)}${before.ui && !wanted.ui ? ' (left as it is)' : ''}`);
			}

			const polls = await session.waitForAllowlist(cluster.id);
			const cleared = a.allowCidrCleared ? ' (host bits cleared)' : '';
			const applied = polls > 0 ? `applied after ${polls} check${polls === 1 ? '' : 's'} while it propagated` : 'applied';
			let removed = '';
			// Only once the new rule has applied, so this machine never loses access in between.
			if (a.replaceOpen && a.openToAll) {
				if ((await session.removeOpenRule(cluster.id)) > 0) {
					journal.record({kind: 'allowlist-removed', description: `removed 0.0.0.0/0 from the IP allowlist of ${cluster.name}`, undo: `ccloud cluster networking allowlist create ${cluster.name} 0.0.0.0/0 --sql`, key: `${cluster.id}/0.0.0.0/0`});
				}

				const after = await session.waitForAllowlist(cluster.id);
				removed = `; then removed 0.0.0.0/0 (${after > 0 ? `applied after ${after} check${after === 1 ? '' : 's'}` : 'applied'})`;
			}

			return {patch: {allowlistCovered: true, allowlistAdded: ourRules, allowlistDone: {inputs: allowlistInputs(a), title: allowlistTitle(a)}}, detail: `${[...(newRules.length > 0 ? [`added ${newRules.join(', ')}${cleared}${wanted.ui ? ' with DB Console access' : ''}`] : []), ...said].join('; ')}; ${applied}${removed}`};
		},
	},
];

/** Without an API key: the Console pages that do this stage (and the next two) by hand. */
export const GUIDED_STEPS: Step[] = [
	{
		id: 'consoleLinks',
		stage: 'network',
		kind: 'task',
		canContinue: true,
		when: guided,
		title: a => `Console pages for ${consoleLinks(CONSOLE, a.clusterRef).cluster}`,
		uses: ['clusterRef'],
		async run(_ports, a) {
			return {detail: consoleLinkLines(consoleLinks(CONSOLE, a.clusterRef)).join('\n')};
		},
	},
	{
		id: 'guide',
		stage: 'network',
		kind: 'confirm',
		when: guided,
		message: 'In the Console (the pages above): allow your network, make a SQL user, copy the connection string. Done?',
		fills: ['guideDone'],
		initial: () => true,
		accept: value => (value === true || value === 'true' ? {patch: {guideDone: true}} : {error: 'take your time: answer yes once the connection string is copied'}),
	},
];

/** The address: a pasted connection string, or a host and port; then a TCP check that it answers. */
export const HOST_STEPS: Step[] = [
	{
		id: 'url',
		stage: 'network',
		kind: 'text',
		when: a => a.source === 'url' || guided(a),
		message: 'Paste the connection string',
		fills: ['url'],
		initial: () => undefined,
		accept: (value, _a, ctx) => acceptUrl(value, ctx),
	},
	{
		id: 'host',
		stage: 'network',
		kind: 'text',
		when: a => a.source === 'host',
		message: 'Host name or IP address of a node or load balancer',
		fills: ['host'],
		initial: a => a.host ?? 'localhost',
		accept(value) {
			const checked = checkHostInput(text(value));
			if (!checked.ok) return {error: checked.error};
			return {patch: checked.port === undefined ? {host: checked.host} : {host: checked.host, port: checked.port}};
		},
	},
	{
		id: 'port',
		stage: 'network',
		kind: 'text',
		when: a => a.source === 'host',
		message: 'SQL port',
		fills: ['port'],
		initial: a => String(a.port ?? DEFAULT_PORT),
		accept(value) {
			const port = parsePort(text(value));
			if (port === undefined) return {error: 'the port must be a number from 1 to 65535 (CockroachDB uses 26257; 8080 is the DB Console)'};
			return {patch: {port}};
		},
	},
	{
		id: 'reach',
		stage: 'network',
		kind: 'task',
		canContinue: true,
		// Skipped when the flags already say a local node will be started later in the flow.
		when: a => a.startLocal !== true,
		title: a => `Reach ${a.host}:${a.port ?? DEFAULT_PORT} over TCP`,
		uses: ['host', 'port'],
		async run(ports, a) {
			try {
				const {address} = await ports.probeTcp(a.host!, a.port ?? DEFAULT_PORT, hostOrigin(a));
				return {detail: `reached ${address}`};
			} catch (error) {
				// A host not reached at all (its name does not resolve, no route, no answer) is the host's fault: Back goes
				// to the host question. A refused connection reached the host: the port is the likelier answer to change.
				const blamed: Field[] = isHostNotReached((error as {code?: string}).code) ? ['host'] : ['host', 'port'];
				if (!isLocalHost(a.host)) throw new TaskFailure((error as Error).message, blamed);
				throw new TaskFailure(`${sentence((error as Error).message)} Setting up a new local cluster? Choose "Continue anyway": the wizard can make certificates and start a node.`, blamed);
			}
		},
	},
];
