/**
The CockroachDB Cloud steps of the flow. With an API key they pick the cluster, authorize this network,
create or reset the SQL user and fetch the connection details through the Cloud API (via the ports);
without one they guide the person through the Console and take back the connection string they paste.
Pure data, like the rest of the flow.
*/
import {formatCidr, opensToInternet, parseIpv4Cidr, type Cidr} from '../core/cidr.js';
import {consoleLinkLines, consoleLinks} from '../core/console-links.js';
import {unusableFlags} from '../flags.js';
import {azureDnsForEndpoint, endpointCommands, endpointIdProblem, looksLikeEndpointId, offersPrivateConnectivity, offersVpcPeering, privateEndpointKind, vpcPeeringCommands} from '../core/private-endpoint.js';
import {MIN_NEW_PASSWORD_LENGTH, passwordProblem} from '../core/password.js';
import {checkSqlUsername} from '../core/sql-username.js';
import type {Answers} from './answers.js';
import {TaskFailure, type Acceptance, type Choice, type Step} from './flow.js';
import type {CloudClusterSummary, WizardPorts} from './ports.js';
import type {Journal} from './journal.js';
import {shellQuote} from '../core/launch-plan.js';
import {cloudUndo} from './journal.js';
import {NEW_CLUSTER, newClusterChoice, regionLabel, suggestedRegion} from './beyond-steps.js';

/** Whether the flow talks to the Cloud API (a key was given). */
export const withKey = (a: Answers): boolean => a.source === 'cloud' && Boolean(a.apiKey);
/** Whether the flow guides the person through the Console instead. */
export const guided = (a: Answers): boolean => a.source === 'cloud' && !a.apiKey;

/** Whether the cluster is reached over the public internet, through the IP allowlist (not privately). */
const onAllowlist = (a: Answers): boolean => a.netMode === undefined || a.netMode === 'allowlist';

/** Whether the flow adds a rule: a network the person named always; this machine only when not yet allowed. */
const addsToAllowlist = (a: Answers): boolean =>
	withKey(a) && onAllowlist(a) && (a.allowChoice === 'cidr' || (a.allowChoice === 'current' && (a.allowlistCovered !== true || replacesOpen(a))));

/** Whether this machine, admitted only by 0.0.0.0/0, gets its own rule so that 0.0.0.0/0 can go (--replace-open-network). */
const replacesOpen = (a: Answers): boolean => a.replaceOpen === true && a.openToAll === true && a.allowlistCoveredByOwnRule !== true;

/** This machine's /32, or why it is unknown. */
const machineCidr = (a: Answers): string => (a.publicIp ? `${a.publicIp}/32` : 'this machine\'s address');

/** Whether to help create the private endpoint (not when its id was given up front: it exists already). */
const needsEndpointCommands = (a: Answers): boolean => withKey(a) && a.netMode === 'private' && a.peEndpoint === undefined;

/** The Cloud Console, where the guided path sends people. */
export const CONSOLE = 'https://cockroachlabs.cloud';

const text = (value: string | boolean): string => (typeof value === 'string' ? value : String(value));

/** Why a cluster in this state cannot be connected to, with what to do; undefined when it can. */
export function clusterStateProblem(cluster: CloudClusterSummary): string | undefined {
	switch (cluster.state) {
		case 'CREATED':
			return undefined;
		case 'CREATING':
			return `${cluster.name} is still being created: wait until the Console shows it ready, then run crdb-connect again`;
		case 'LOCKED':
			return `${cluster.name} is locked by an operation in progress (an upgrade or scaling): try again in a few minutes`;
		default:
			return `${cluster.name} is ${cluster.state.toLowerCase().replace(/_/g, ' ')} and cannot be connected to: pick another cluster`;
	}
}

/** The cluster the answers name, by id or name. */
export function chosenCluster(a: Answers): CloudClusterSummary | undefined {
	return a.cloudClusters?.find(c => c.id === a.clusterRef || c.name === a.clusterRef);
}

/** The word in an --allow-cidr list that stands for this machine's public address (--allow-current-ip with --allow-cidr). */
export const CURRENT_IP = 'current';

/** The typed networks of an --allow-cidr list (without "current"). */
const typedCidrs = (a: Answers): Cidr[] =>
	(a.allowCidr ?? '').split(',').filter(item => item && item !== CURRENT_IP).map(item => parseIpv4Cidr(item)).flatMap(parsed => (parsed.ok ? [parsed.cidr] : []));

/** Whether the networks named open the cluster to a large part of the internet: judged on their union, so 0.0.0.0/1 + 128.0.0.0/1 counts. */
const opensNetwork = (a: Answers): boolean => opensToInternet(typedCidrs(a));

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

/** Steps for stage 1 (after the source is chosen), up to the point where the host is known. */
export const CLOUD_NETWORK_STEPS: Step[] = [
	{
		id: 'apiKey',
		stage: 'network',
		kind: 'password',
		when: a => a.source === 'cloud',
		message: 'CockroachDB Cloud API key (Enter without one to be guided through the Console)',
		fills: ['apiKey'],
		initial: () => '',
		accept: value => ({patch: {apiKey: text(value).trim()}}),
	},
	{
		id: 'cloudLogin',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: withKey,
		title: () => 'Check the API key and list the clusters',
		uses: ['apiKey'],
		async run(ports, a) {
			const {organization, clusters} = await ports.cloud(a.apiKey!).connect();
			const only = clusters.length === 1 && a.clusterRef === undefined && a.createCluster !== true ? clusters[0]! : undefined;
			const patch: Partial<Answers> = {cloudClusters: clusters, ...(only ? {clusterRef: only.id} : {})};
			return {patch, detail: `organization ${organization}: ${clusters.length} cluster${clusters.length === 1 ? '' : 's'}${only ? ` (using ${only.name})` : ''}`};
		},
	},
	{
		id: 'cluster',
		stage: 'network',
		kind: 'select',
		// --create-cluster answers it too (beyond-steps.ts); a single cluster is picked for you (the key's listing set it).
		when: a => withKey(a) && a.createCluster !== true && a.cloudClusters?.length !== 1,
		message: 'Which cluster?',
		fills: ['clusterRef'],
		choices: a => [...(a.cloudClusters ?? []).map<Choice>(c => ({value: c.id, label: `${c.name} — ${c.plan}, ${c.cloud}, ${c.regions.map(r => r.name).join(' + ')}${c.state === 'CREATED' ? '' : ` (${c.state})`}`, short: c.name})), newClusterChoice],
		// With no cluster yet, creating one is the default.
		initial: a => a.clusterRef ?? a.cloudClusters?.[0]?.id ?? (a.cloudClusters ? NEW_CLUSTER : undefined),
		accept(value) {
			if (value === NEW_CLUSTER) return {patch: {createCluster: true}};
			return text(value).trim() ? {patch: {clusterRef: text(value).trim(), createCluster: false}} : {error: 'name the cluster (its name or id)'};
		},
	},
	{
		id: 'clusterCheck',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: withKey,
		title: a => `Check cluster ${chosenCluster(a)?.name ?? a.clusterRef}`,
		uses: ['clusterRef', 'cloudClusters'],
		async run(_ports, a) {
			const cluster = chosenCluster(a);
			if (!cluster) throw new Error(`no cluster named "${a.clusterRef}" is visible to this API key: pick one of ${(a.cloudClusters ?? []).map(c => c.name).join(', ') || '(none)'}`);
			const problem = clusterStateProblem(cluster);
			if (problem) throw new Error(problem);
			// A flag this cluster cannot use would silently do nothing: stop before anything changes.
			const unusable = unusableFlags(cluster, a.givenFlags ?? []);
			if (unusable.length > 0) throw new Error(`${unusable.join('; ')}: drop ${unusable.length === 1 ? 'it' : 'them'} or pick another cluster`);
			const patch: Partial<Answers> = {clusterRef: cluster.id};
			if (cluster.regions.length === 1) patch.region = cluster.regions[0]!.name;
			return {patch, detail: `${cluster.plan} on ${cluster.cloud}, ${cluster.regions.length} region${cluster.regions.length === 1 ? '' : 's'}`};
		},
	},
	{
		id: 'region',
		stage: 'network',
		kind: 'select',
		// Unknown until the clusters are listed: a dry pass assumes one region; the real run asks if there are more.
		when: a => withKey(a) && (chosenCluster(a)?.regions.length ?? 1) > 1,
		message: 'Which region?',
		fills: ['region'],
		// Labelled with the measured round trip; the fastest is suggested (beyond-steps.ts).
		choices: a => (chosenCluster(a)?.regions ?? []).map(r => ({value: r.name, label: regionLabel(a, r), short: r.name})),
		initial: a => a.region ?? suggestedRegion(a),
		accept: value => (text(value).trim() ? {patch: {region: text(value).trim()}} : {error: 'name the region'}),
	},
	{
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
			const {entries, covered, openToAll, coveredByOwnRule} = await session.allowlistStatus(cluster.id, publicIp);
			patch.allowlistCovered = covered;
			patch.allowlistCoveredByOwnRule = coveredByOwnRule;
			patch.openToAll = openToAll;
			const rules = `${entries} rule${entries === 1 ? '' : 's'}`;
			const open = openToAll ? '; note: 0.0.0.0/0 lets the whole internet reach the SQL port' : '';
			const allowed = covered ? (coveredByOwnRule || !openToAll ? 'already allowed' : 'allowed only by 0.0.0.0/0') : 'not allowed yet';
			return {patch, detail: `${note}; ${allowed} by the allowlist (${rules})${open}`};
		},
	},
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
		describe: a => (a.planAccepted ? 'accepted' : 'edit each choice'),
		choices: () => [
			{value: 'accept', label: 'Accept the plan', short: 'accepted'},
			{value: 'edit', label: 'Edit each choice', short: 'edit each choice', key: 'e'},
		],
		initial: () => 'accept',
		accept(value, a, ctx) {
			if (value === 'edit') return {patch: {planAccepted: false}};
			if (value !== 'accept') return {error: 'choose accept or edit'};
			return {patch: {...recommendedPlan(a, ctx.userName), planAccepted: true}};
		},
	},
	{
		id: 'netMode',
		stage: 'network',
		kind: 'select',
		// Standard and Advanced offer private endpoints; before the clusters are listed (a dry pass) it is asked.
		when: a => withKey(a) && !(a.planAccepted && a.netMode) && offersPrivateConnectivity(chosenCluster(a)?.plan ?? (a.createCluster ? 'BASIC' : 'STANDARD')),
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
		when: a => withKey(a) && onAllowlist(a) && a.allowlistCovered !== true && !(a.planAccepted && a.allowChoice),
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
		message: 'These networks let a large part of the internet (more than a /8; 0.0.0.0/0 is all of it) reach the SQL port, with only the password in the way. Add them anyway?',
		fills: ['allowAllConfirmed'],
		initial: () => false,
		accept: value => (value === true || value === 'true' ? {patch: {allowAllConfirmed: true}} : {error: 'not added: go back (Esc) and type a narrower network'}),
	},
	{
		id: 'allowUi',
		stage: 'network',
		kind: 'confirm',
		when: a => addsToAllowlist(a) && !a.planAccepted && chosenCluster(a)?.plan === 'ADVANCED',
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
		// A network the person named is added even when this machine is already allowed; this machine is not added twice.
		when: addsToAllowlist,
		title: a => `Add ${a.allowChoice === 'current' ? machineCidr(a) : a.allowCidr!.split(',').map(c => (c === CURRENT_IP ? machineCidr(a) : c)).join(',')} to the allowlist and wait for it to apply${a.replaceOpen && a.openToAll ? ', then remove 0.0.0.0/0' : ''}`,
		uses: ['clusterRef', 'allowChoice', 'allowCidr', 'publicIp', 'allowUi', 'replaceOpen'],
		async run(ports, a, _ctx, journal) {
			const cluster = chosenCluster(a)!;
			const named = a.allowChoice === 'current' ? [CURRENT_IP] : a.allowCidr!.split(',');
			if (named.includes(CURRENT_IP) && !a.publicIp) {
				throw new Error(`the look-up of this machine's public IP failed (${a.publicIpError ?? 'no address'}), and a rule for it is needed: give the network with --allow-cidr CIDR (or go back and type it), or point --ip-lookup-url at a service that answers`);
			}

			const cidrs = named.map(c => (c === CURRENT_IP ? `${a.publicIp}/32` : c));
			const session = ports.cloud(a.apiKey!);
			for (const cidr of cidrs) {
				const parsed = parseIpv4Cidr(cidr);
				if (!parsed.ok) throw new Error(parsed.error);
				const added = await session.addToAllowlist(cluster.id, {cidr: parsed.cidr, name: 'crdb-connect', sql: true, ui: a.allowUi === true});
				if (added) {
					journal.record({
						kind: 'allowlist-entry',
						description: `added ${cidr} to the IP allowlist of ${cluster.name}${a.allowUi ? ' (SQL and DB Console)' : ''}`,
						undo: `ccloud cluster networking allowlist delete ${cluster.name} ${cidr}   (or: ${cloudUndo('DELETE', `/api/v1/clusters/${cluster.id}/networking/allowlist/${parsed.cidr.ip}/${parsed.cidr.mask}`)})`,
						key: `${cluster.id}/${cidr}`,
					});
				}
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

			return {patch: {allowlistCovered: true}, detail: `added ${cidrs.join(', ')}${cleared}${a.allowUi ? ' with DB Console access' : ''}; ${applied}${removed}`};
		},
	},
	{
		id: 'peService',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: a => withKey(a) && a.netMode === 'private',
		title: a => `Find the private endpoint service of ${chosenCluster(a)?.name} in ${a.region}`,
		uses: ['clusterRef', 'region'],
		async run(ports, a) {
			const cluster = chosenCluster(a)!;
			const service = await ports.cloud(a.apiKey!).privateEndpointService(cluster.id, cluster.plan, a.region!);
			return {patch: {peService: service}, detail: `${privateEndpointKind(service.cloud)} service ${service.name}`};
		},
	},
	{
		id: 'peNetwork',
		stage: 'network',
		kind: 'text',
		when: a => needsEndpointCommands(a) || (withKey(a) && a.netMode === 'peering'),
		message: 'Your network: the AWS VPC id, GCP network name or Azure VNet name',
		fills: ['peNetwork'],
		initial: a => a.peNetwork,
		accept: value => (text(value).trim() ? {patch: {peNetwork: text(value).trim()}} : {error: 'name the network the endpoint goes into'}),
	},
	{
		id: 'peSubnets',
		stage: 'network',
		kind: 'text',
		when: needsEndpointCommands,
		message: 'Subnet id(s) for the endpoint (comma-separated)',
		fills: ['peSubnets'],
		initial: a => a.peSubnets?.join(','),
		accept(value) {
			const subnets = text(value).split(/[,\s]+/).filter(Boolean);
			return subnets.length ? {patch: {peSubnets: subnets}} : {error: 'name at least one subnet'};
		},
	},
	{
		id: 'peGroups',
		stage: 'network',
		kind: 'text',
		when: a => needsEndpointCommands(a) && (a.peService?.cloud ?? chosenCluster(a)?.cloud) === 'AWS',
		message: 'Security group id(s) for the endpoint (they must allow TCP 26257)',
		fills: ['peGroups'],
		initial: a => a.peGroups?.join(','),
		accept(value) {
			const groups = text(value).split(/[,\s]+/).filter(Boolean);
			return groups.length ? {patch: {peGroups: groups}} : {error: 'name at least one security group (sg-…)'};
		},
	},
	{
		id: 'peResourceGroup',
		stage: 'network',
		kind: 'text',
		when: a => needsEndpointCommands(a) && (a.peService?.cloud ?? chosenCluster(a)?.cloud) === 'AZURE',
		message: 'Azure resource group for the endpoint',
		fills: ['peResourceGroup'],
		initial: a => a.peResourceGroup,
		accept: value => (text(value).trim() ? {patch: {peResourceGroup: text(value).trim()}} : {error: 'name the resource group'}),
	},
	{
		id: 'peOwner',
		stage: 'network',
		kind: 'text',
		// Asked also when the endpoint exists already: trust is what lets it connect.
		when: a => withKey(a) && a.netMode === 'private' && chosenCluster(a)?.plan === 'ADVANCED' && (a.peService?.cloud ?? chosenCluster(a)?.cloud) === 'AWS',
		message: 'AWS account id to trust for endpoints (12 digits; Enter to skip)',
		fills: ['peOwner'],
		initial: a => a.peOwner ?? '',
		accept(value) {
			const id = text(value).trim();
			if (id === '') return {patch: {peOwner: ''}};
			return /^\d{12}$/.test(id) ? {patch: {peOwner: id}} : {error: `"${id}" is not a 12-digit AWS account id`};
		},
	},
	{
		id: 'peTrust',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: a => withKey(a) && a.netMode === 'private' && Boolean(a.peOwner),
		title: a => `Trust AWS account ${a.peOwner}'s private endpoints`,
		uses: ['clusterRef', 'peOwner'],
		async run(ports, a, _ctx, journal) {
			const cluster = chosenCluster(a)!;
			const added = await ports.cloud(a.apiKey!).addTrustedOwner(cluster.id, a.peOwner!);
			if (added) journal.record({kind: 'trusted-owner', description: `trusted AWS account ${a.peOwner} to create private endpoints to ${cluster.name}`, undo: `ccloud cluster networking private-endpoint trusted-owner remove ${cluster.name} ${a.peOwner}`, key: `${cluster.id}/${a.peOwner}`});
			return {detail: added ? `trusted ${a.peOwner}` : `${a.peOwner} was trusted already`};
		},
	},
	{
		id: 'peCommands',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: needsEndpointCommands,
		title: () => 'Commands that create your endpoint (run them, then give its id)',
		uses: ['clusterRef', 'peService', 'peNetwork', 'peSubnets', 'peGroups', 'peResourceGroup', 'region'],
		async run(_ports, a) {
			const service = a.peService!;
			const internalHost = chosenCluster(a)!.regions.find(r => r.name === a.region)?.internalHost;
			const lines = endpointCommands(service.cloud, service, {region: a.region!, network: a.peNetwork!, subnets: a.peSubnets ?? [], securityGroups: a.peGroups ?? [], resourceGroup: a.peResourceGroup, internalHost});
			return {patch: {peDnsShown: service.cloud === 'AZURE'}, detail: lines.join('\n')};
		},
	},
	{
		id: 'peEndpoint',
		stage: 'network',
		kind: 'text',
		when: a => withKey(a) && a.netMode === 'private',
		message: 'The endpoint id you created (vpce-…, the PSC connection id, or the Azure resource id)',
		deferred: true,
		fills: ['peEndpoint'],
		initial: a => a.peEndpoint,
		accept(value, a) {
			const id = text(value).trim();
			const cloud = a.peService?.cloud;
			const problem = cloud ? endpointIdProblem(cloud, id) : looksLikeEndpointId(id) ? undefined : `"${id}" is not an endpoint id (vpce-…, a numeric PSC id, or an Azure resource id)`;
			return problem ? {error: problem} : {patch: {peEndpoint: id}};
		},
	},
	{
		id: 'peConnect',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: a => withKey(a) && a.netMode === 'private',
		title: a => `Accept endpoint ${a.peEndpoint} and wait until it is available`,
		uses: ['clusterRef', 'peEndpoint', 'region'],
		async run(ports, a, _ctx, journal) {
			const cluster = chosenCluster(a)!;
			const problem = endpointIdProblem(a.peService!.cloud, a.peEndpoint!);
			if (problem) throw new TaskFailure(problem, ['peEndpoint']);
			const checks = await ports.cloud(a.apiKey!).connectPrivateEndpoint(cluster.id, a.peEndpoint!, () => {
				journal.record({kind: 'private-endpoint', description: `accepted private endpoint ${a.peEndpoint} on ${cluster.name}`, undo: `ccloud cluster networking private-endpoint connection remove ${cluster.name} ${a.peEndpoint}`, key: `${cluster.id}/${a.peEndpoint}`});
			});
			const region = cluster.regions.find(r => r.name === a.region)!;
			// PSC has its own host; PrivateLink, Private Link and VPC peering use the internal one.
			const host = a.peService!.cloud === 'GCP' ? region.pscHost : region.internalHost;
			return {patch: {host}, detail: `available${checks ? ` after ${checks} check${checks === 1 ? '' : 's'}` : ''}; connecting to ${host}`};
		},
	},
	{
		id: 'peDns',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		// An endpoint given up front (--private-endpoint) skipped the creation commands, and with them this DNS step.
		when: a => withKey(a) && a.netMode === 'private' && a.peService?.cloud === 'AZURE' && a.peDnsShown !== true,
		title: () => 'Azure private DNS: run these so the cluster\'s internal host resolves to your endpoint',
		uses: ['clusterRef', 'region', 'peEndpoint', 'peNetwork'],
		async run(_ports, a) {
			const internalHost = chosenCluster(a)!.regions.find(r => r.name === a.region)!.internalHost;
			return {detail: azureDnsForEndpoint(a.peEndpoint!, internalHost, a.peNetwork).join('\n')};
		},
	},
	{
		id: 'peProject',
		stage: 'network',
		kind: 'text',
		when: a => withKey(a) && a.netMode === 'peering',
		message: 'Your GCP project id (the project of the VPC network to peer)',
		fills: ['peProject'],
		initial: a => a.peProject,
		accept: value => (/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(text(value).trim()) ? {patch: {peProject: text(value).trim()}} : {error: `"${text(value).trim()}" is not a GCP project id (6–30 lowercase letters, digits, dashes)`}),
	},
	{
		id: 'peeringCommands',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: a => withKey(a) && a.netMode === 'peering',
		title: () => 'VPC peering: request it in the Console, run these commands, then connect by the internal host',
		uses: ['clusterRef', 'region', 'peProject', 'peNetwork'],
		async run(_ports, a) {
			const cluster = chosenCluster(a)!;
			if (!offersVpcPeering(cluster)) throw new Error(`${cluster.name} is ${cluster.plan} on ${cluster.cloud}: VPC peering is for Advanced clusters on GCP; use --private-endpoint or the allowlist`);
			const region = cluster.regions.find(r => r.name === a.region)!;
			const lines = [
				`# first, in the Console (${CONSOLE}/cluster/${cluster.id}/networking → VPC Peering): set up a peering with project ${a.peProject}, network ${a.peNetwork}`,
				...vpcPeeringCommands({project: a.peProject!, network: a.peNetwork!, clusterProject: cluster.accountId ?? '', clusterRange: cluster.cidrRange ?? '', clusterName: cluster.name}),
			];
			return {patch: {host: region.internalHost}, detail: `${lines.join('\n')}\nconnecting to ${region.internalHost}`};
		},
	},
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

/** A new SQL user's default name: this machine's login name when it makes a valid one (never root), else app_user; never one the cluster has. */
export function defaultSqlUser(localUser: string | undefined, taken: readonly string[]): string {
	const base = (localUser ?? '').toLowerCase().replace(/[^a-z0-9_]/g, '_');
	const checked = checkSqlUsername(base);
	const name = checked.ok && /^[a-z_]/.test(base) && base !== 'root' && base !== 'admin' ? checked.username : 'app_user';
	if (!taken.includes(name)) return name;
	for (let n = 2; ; n++) if (!taken.includes(`${name}_${n}`)) return `${name}_${n}`;
}

/** What the plan sets, for each answer not given already (by a flag, or an earlier visit). */
export function recommendedPlan(a: Answers, localUser?: string): Partial<Answers> {
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
export function planLines(a: Answers, ctx: {userName?: string; rootCertPath: string}): string[] {
	const cluster = chosenCluster(a)!;
	const planned = {...a, ...recommendedPlan(a, ctx.userName)};
	const network = a.allowlistCovered
		? `this machine (${a.publicIp}) is already allowed by the IP allowlist`
		: planned.allowChoice === 'current'
			? `add this machine, ${a.publicIp}/32, to the IP allowlist`
			: 'this machine\'s public IP is unknown: you will be asked which network to allow';
	const user = a.user !== undefined && a.userAction !== 'create'
		? `${a.user}${a.cloudUsers?.includes(a.user) ? ' (exists)' : ''}`
		: `new user ${planned.user}, with a generated password (shown once)`;
	return [
		`Cluster   ${cluster.name} (${cluster.plan} on ${cluster.cloud}${a.region ? `, ${a.region}` : ''})`,
		`Network   ${network}`,
		`SQL user  ${user}`,
		`Database  ${planned.database}`,
		`TLS       verify-full, with the cluster's CA in ${ctx.rootCertPath}`,
		`Then      check the login and ${planned.output === 'shell' ? 'open a SQL shell here' : `show the ${planned.output} format`}`,
	];
}

/**
Write a generated password to --password-file (a new file, 0600) before the user is made: `remove` takes it
back if that fails, `keep` records it in the journal once it holds a working password.
*/
export async function writePasswordFile(ports: WizardPorts, file: string, password: string, journal: Journal): Promise<{remove: () => Promise<void>; keep: () => void}> {
	await ports.writeSecretFile(file, `${password}\n`);
	return {
		remove: () => ports.removeFile(file),
		keep: () => journal.record({kind: 'file-written', description: `wrote the generated password to ${file} (mode 0600)`, undo: `rm ${shellQuote(file)}`, key: file}),
	};
}

/** Steps for stage 2 with an API key: does the user exist, and create it or set its password. */
export const CLOUD_USER_STEPS: Step[] = [
	{
		id: 'cloudUserCheck',
		stage: 'user',
		kind: 'task',
		canContinue: false,
		when: withKey,
		title: a => `Look up SQL user ${a.user}`,
		uses: ['clusterRef', 'user', 'userAction'],
		async run(ports, a, _ctx, journal) {
			const cluster = chosenCluster(a)!;
			const users = await ports.cloud(a.apiKey!).sqlUsers(cluster.id);
			const exists = users.includes(a.user!);
			if (!exists) return {patch: {sqlUserExists: false, auth: 'password', userAction: 'create'}, detail: `${a.user} does not exist yet: it will be created`};
			// Made by this very run (the person went back): it is ours, and stays "created".
			if (journal.has('sql-user-created', `${cluster.id}/${a.user}`)) return {patch: {sqlUserExists: true, auth: 'password'}, detail: `${a.user} exists (created by this run)`};
			// --create-user on a second run: converge rather than POST again; the login check tries the password.
			if (a.userAction === 'create') {
				if (a.password === undefined) throw new TaskFailure(`${a.user} exists already: give its password (--password-env), or --reset-password to set a new one`, ['user']);
				return {patch: {sqlUserExists: true, auth: 'password', userAction: 'existing', userExisted: true}, detail: `${a.user} exists already: not created again; its password is tried at login`};
			}

			return {patch: {sqlUserExists: true, auth: 'password'}, detail: `${a.user} exists`};
		},
	},
	{
		id: 'userAction',
		stage: 'user',
		kind: 'select',
		when: a => withKey(a) && a.sqlUserExists !== false && !(a.planAccepted && a.userAction),
		message: 'The SQL user exists. Its password?',
		fills: ['userAction'],
		choices: () => [
			{value: 'existing', label: 'I know it', short: 'known'},
			{value: 'reset', label: 'Set a new password', short: 'set a new one'},
		],
		initial: a => a.userAction ?? 'existing',
		accept: value => (['existing', 'reset', 'create'].includes(text(value)) ? {patch: {userAction: text(value) as Answers['userAction']}} : {error: 'choose existing or reset'}),
	},
	{
		id: 'newPassword',
		stage: 'user',
		kind: 'password',
		when: a => withKey(a) && (a.userAction === 'create' || a.userAction === 'reset') && !(a.planAccepted && a.generatePassword) && !a.passwordFile,
		message: `New password (at least ${MIN_NEW_PASSWORD_LENGTH} characters; Enter to generate a strong one, shown once)`,
		fills: ['password'],
		initial: () => undefined,
		accept(value) {
			if (text(value) === '') return {patch: {password: undefined, generatePassword: true}};
			const problem = passwordProblem(text(value), 'create');
			return problem ? {error: problem} : {patch: {password: text(value), generatePassword: false}};
		},
	},
	{
		id: 'cloudUserApply',
		stage: 'user',
		kind: 'task',
		canContinue: false,
		when: a => withKey(a) && (a.userAction === 'create' || a.userAction === 'reset'),
		title: a => `${a.userAction === 'create' ? 'Create' : 'Set the password of'} SQL user ${a.user}`,
		uses: ['clusterRef', 'user', 'userAction', 'password', 'generatePassword'],
		async run(ports, a, _ctx, journal) {
			const session = ports.cloud(a.apiKey!);
			const generated = a.password === undefined ? ports.generatePassword() : undefined;
			const password = a.password ?? generated!;
			// A password given by flag skipped the question, and its length rule, so check it here.
			const problem = passwordProblem(password, 'create');
			if (problem) throw new Error(problem);
			const cluster = chosenCluster(a)!;
			const key = `${cluster.id}/${a.user}`;
			// --password-file: the generated password goes into a new 0600 file first, and only there.
			const file = generated && a.passwordFile ? await writePasswordFile(ports, a.passwordFile, generated, journal) : undefined;
			// A user this run created already is never POSTed again (going back and on): its password is set instead.
			const create = a.userAction === 'create' && !journal.has('sql-user-created', key);
			try {
				await (create ? session.createSqlUser(cluster.id, a.user!, password) : session.setSqlUserPassword(cluster.id, a.user!, password));
			} catch (error) {
				if (file) await file.remove();
				throw error;
			}

			if (create) {
				journal.record({kind: 'sql-user-created', description: `created SQL user ${a.user} on ${cluster.name}`, undo: `Console → ${cluster.name} → SQL Users → delete ${a.user}   (or: ${cloudUndo('DELETE', `/api/v1/clusters/${cluster.id}/sql-users/${encodeURIComponent(a.user!)}`)})`, key});
			} else {
				if (!journal.has('sql-user-created', key)) {
					journal.record({kind: 'sql-user-password', description: `set a new password for SQL user ${a.user} on ${cluster.name}`, undo: `the old password cannot be restored: set the one you want under Console → ${cluster.name} → SQL Users → Change password`, key});
				}
			}

			const done = create ? 'created' : a.userAction === 'create' ? 'created earlier in this run; password set' : 'password set';
			if (file) {
				file.keep();
				return {patch: {password}, detail: `${done}; generated password written only to ${a.passwordFile} (mode 0600)`};
			}

			// The one and only time a generated password is shown.
			return {patch: {password}, detail: generated ? `${done}; generated password (shown once, stored nowhere): ${generated}` : done};
		},
	},
];

/** Steps for stage 3 with an API key: the connection details and the cluster's CA certificate. */
export const CLOUD_METHOD_STEPS: Step[] = [
	{
		id: 'cloudConnection',
		stage: 'method',
		kind: 'task',
		canContinue: false,
		when: withKey,
		title: a => `Get the connection details for ${a.user} on ${chosenCluster(a)?.name}`,
		uses: ['clusterRef', 'user', 'database', 'region'],
		async run(ports, a, ctx) {
			const cluster = chosenCluster(a)!;
			const details = await ports.cloud(a.apiKey!).connectionDetails(cluster.id, {database: a.database ?? 'defaultdb', user: a.user!});
			const region = cluster.regions.find(r => r.name === a.region);
			return {
				patch: {host: region?.host ?? details.host, port: details.port, sslmode: 'verify-full', caUrl: details.caUrl, caCert: ctx.rootCertPath},
				detail: `${region?.host ?? details.host}:${details.port}, CA from ${details.caUrl}`,
			};
		},
	},
];
