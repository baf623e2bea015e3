/**
Stage 1 on the Cloud path over a private path instead of the internet: AWS PrivateLink, GCP Private Service
Connect and Azure Private Link (the commands that create your endpoint, then accepting it and waiting until it
is available; Azure's private DNS), or GCP VPC peering. Pure data, like the rest of the flow.
*/
import {azureDnsForEndpoint, endpointCommands, endpointIdProblem, looksLikeEndpointId, offersVpcPeering, privateEndpointKind, vpcPeeringCommands} from '../core/private-endpoint.js';
import type {Answers} from '../wizard/answers.js';
import {chosenCluster, text, withKey} from '../wizard/step-helpers.js';
import {TaskFailure, type Step} from '../wizard/step-types.js';
import {CONSOLE} from './network.js';

/** Whether to help create the private endpoint (not when its id was given up front: it exists already). */
const needsEndpointCommands = (a: Answers): boolean => withKey(a) && a.netMode === 'private' && a.peEndpoint === undefined;

/** With an API key and a private path chosen: the endpoint service, your endpoint, or the VPC peering. */
export const PRIVATE_NETWORK_STEPS: Step[] = [
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
];
