/**
Stage 1 on the Cloud path with an API key, first half: check the key, pick the cluster (or create a free Basic
one when there is none, or the person asks), check it can be connected to, and pick the region (the fastest
measured is suggested). Pure data, like the rest of the flow.
*/
import path from 'node:path';
import {clusterNameProblem, defaultClusterName} from '../core/cluster-name.js';
import {availableRegionLabel, cloudsByDistance, latencyLabel, latencySummary, nearestAvailable, preferredRegion} from '../core/region-choice.js';
import {unusableFlags} from '../flags.js';
import type {Answers} from '../wizard/answers.js';
import {cloudUndo} from '../wizard/journal.js';
import type {CloudClusterSummary} from '../wizard/ports.js';
import {chosenCluster, text, withKey} from '../wizard/step-helpers.js';
import {TaskFailure, type Choice, type Step} from '../wizard/step-types.js';

/** The cluster-list choice that creates a new cluster. */
export const NEW_CLUSTER = '+new';
const CLOUDS = ['GCP', 'AWS', 'AZURE'] as const;

const creating = (a: Answers): boolean => withKey(a) && a.createCluster === true;

/** The cluster --create-cluster names when it was there before this run: it is used, not created (nor its cloud or region asked). */
function namedExisting(a: Answers): CloudClusterSummary | undefined {
	return creating(a) ? a.cloudClusters?.find(c => c.name === a.newClusterName && !a.createdClusterIds?.includes(c.id)) : undefined;
}

const creatingNew = (a: Answers): boolean => creating(a) && namedExisting(a) === undefined;

/** Why the existing cluster is not what --create-cluster (with --cloud, --region) asked for, with what to do; undefined when it is. */
export function reuseProblem(existing: CloudClusterSummary, asked: {cloud?: string; region?: string}): string | undefined {
	const where = `${existing.cloud} ${existing.regions.map(r => r.name).join(' + ')}`;
	const otherName = 'or choose another name (--create-cluster OTHER-NAME)';
	if (existing.plan !== 'BASIC') return `${existing.name} exists as a ${existing.plan} cluster on ${where}, and --create-cluster asks for a free Basic one: connect to it with --cluster ${existing.name}, ${otherName}`;
	const differ = [
		...(asked.cloud !== undefined && asked.cloud !== existing.cloud ? [`--cloud ${asked.cloud}`] : []),
		...(asked.region !== undefined && !existing.regions.some(r => r.name === asked.region) ? [`--region ${asked.region}`] : []),
	];
	if (differ.length === 0) return undefined;
	const wanted = `${asked.cloud ?? existing.cloud}${asked.region === undefined ? '' : ` ${asked.region}`}`;
	return `${existing.name} exists on ${where}, and ${differ.join(' ')} asks for ${wanted}: drop ${differ.map(f => f.split(' ')[0]).join(' and ')} to use it, ${otherName}`;
}

/** The cluster question's extra choice, and its default when the organization has no cluster yet. */
const newClusterChoice: Choice = {value: NEW_CLUSTER, label: 'Create a new cluster (free Basic plan)', short: 'a new Basic cluster'};

/** Why a cluster in this state cannot be connected to, with what to do; undefined when it can. */
function clusterStateProblem(cluster: CloudClusterSummary): string | undefined {
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

/** The region question's label for one region, with its measured latency when there is one. */
function regionLabel(a: Answers, region: {name: string; primary: boolean; host: string}): string {
	const measured = a.regionLatency?.find(m => m.name === region.name);
	return `${region.name}${region.primary ? ' (primary)' : ''} — ${measured ? latencyLabel(measured) : region.host}`;
}

/** The region the question suggests: the fastest measured, else the primary. */
function suggestedRegion(a: Answers): string | undefined {
	const cluster = chosenCluster(a);
	const primary = cluster?.regions.find(r => r.primary)?.name;
	return preferredRegion(a.regionLatency ?? [], primary)?.name ?? primary ?? cluster?.regions[0]?.name;
}

/** Stage 1 with an API key, up to the region: the key, the cluster (chosen or created), the region. */
export const CLUSTER_STEPS: Step[] = [
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
			// Scripted runs take the only cluster; a person sees it preselected beside "Create a new cluster" (one Enter).
			const only = clusters.length === 1 && a.clusterRef === undefined && a.createCluster !== true && a.interactive !== true ? clusters[0]! : undefined;
			const patch: Partial<Answers> = {cloudClusters: clusters, ...(only ? {clusterRef: only.id} : {})};
			return {patch, detail: `organization ${organization}: ${clusters.length} cluster${clusters.length === 1 ? '' : 's'}${only ? ` (using ${only.name})` : ''}`};
		},
	},
	{
		id: 'cluster',
		stage: 'network',
		kind: 'select',
		// --create-cluster answers it too (the steps below); a scripted run's single cluster is picked for it (the key's listing set it).
		when: a => withKey(a) && a.createCluster !== true && (a.cloudClusters?.length !== 1 || a.interactive === true),
		message: 'Which cluster?',
		fills: ['clusterRef'],
		choices: a => [...(a.cloudClusters ?? []).map<Choice>(c => ({value: c.id, label: `${c.name} — ${c.plan}, ${c.cloud}, ${c.regions.map(r => r.name).join(' + ')}${c.state === 'CREATED' ? '' : ` (${c.state})`}`, short: c.name})), newClusterChoice],
		// The new-cluster choice has no cluster id to show once chosen: its label says what was chosen.
		describe: a => (a.createCluster === true ? newClusterChoice.label : (chosenCluster(a)?.name ?? a.clusterRef ?? '')),
		// With no cluster yet, creating one is the default.
		initial: a => a.clusterRef ?? a.cloudClusters?.[0]?.id ?? (a.cloudClusters ? NEW_CLUSTER : undefined),
		accept(value) {
			if (value === NEW_CLUSTER) return {patch: {createCluster: true, clusterRef: undefined}};
			return text(value).trim() ? {patch: {clusterRef: text(value).trim(), createCluster: false}} : {error: 'name the cluster (its name or id)'};
		},
	},
	// Only when the person chose to create a cluster (or --create-cluster said so).
	{
		id: 'newClusterName',
		stage: 'network',
		kind: 'text',
		when: creating,
		message: 'Name of the new cluster (6–20 lowercase letters, digits, dashes)',
		fills: ['newClusterName'],
		initial: (a, ctx) => a.newClusterName ?? defaultClusterName(ctx.userName ?? path.basename(ctx.home), (a.cloudClusters ?? []).map(c => c.name)),
		accept(value, a) {
			const name = text(value).trim();
			const problem = clusterNameProblem(name);
			if (problem) return {error: problem};
			// The cluster this run created under this name (gone back to from after it) is still this answer's.
			const createdHere = a.createCluster === true && a.newClusterName === name && chosenCluster(a)?.name === name;
			if (!createdHere && a.cloudClusters?.some(c => c.name === name)) return {error: `a cluster named "${name}" already exists: choose another name, or pick it from the list (Esc)`};
			return {patch: {newClusterName: name}};
		},
	},
	{
		id: 'clusterRegions',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		// A cluster of that name is there already: where a new one would go does not matter.
		when: creatingNew,
		title: () => 'List the regions offered for a new Basic cluster, nearest first',
		async run(ports, a) {
			const regions = await ports.cloud(a.apiKey!).availableRegions();
			if (regions.length === 0) throw new Error('the Cloud API offers no region for a Basic cluster right now: try again later, or create one in the Console');
			const nearest = regions[0]!;
			return {patch: {availableRegions: regions}, detail: `${regions.length} regions on ${cloudsByDistance(regions).join(', ')}; nearest to your IP: ${nearest.provider} ${availableRegionLabel(nearest)}`};
		},
	},
	{
		id: 'newClusterCloud',
		stage: 'network',
		kind: 'select',
		// Asked once the regions are listed; a script that does not say takes the nearest (the dry pass never asks).
		when: a => creatingNew(a) && a.availableRegions !== undefined,
		message: 'Which cloud?',
		fills: ['newClusterCloud'],
		choices: a => cloudsByDistance(a.availableRegions ?? []).map(cloud => ({value: cloud, label: `${cloud} — nearest region ${availableRegionLabel(nearestAvailable(a.availableRegions!, cloud)!)}`, short: cloud})),
		initial: a => a.newClusterCloud ?? nearestAvailable(a.availableRegions ?? [])?.provider,
		accept(value, a) {
			const cloud = text(value).trim().toUpperCase();
			if (!(CLOUDS as readonly string[]).includes(cloud)) return {error: `"${text(value)}" is not a cloud: use GCP, AWS or AZURE`};
			if (a.availableRegions && !a.availableRegions.some(r => r.provider === cloud)) return {error: `no Basic region is offered on ${cloud} now: use ${cloudsByDistance(a.availableRegions).join(' or ')}`};
			return {patch: {newClusterCloud: cloud as Answers['newClusterCloud'], ...(a.newClusterRegion && a.availableRegions && !a.availableRegions.some(r => r.provider === cloud && r.name === a.newClusterRegion) ? {newClusterRegion: undefined} : {})}};
		},
	},
	{
		id: 'newClusterRegion',
		stage: 'network',
		kind: 'select',
		when: a => creatingNew(a) && a.availableRegions !== undefined,
		message: 'Which region? (nearest to your IP first)',
		fills: ['newClusterRegion'],
		choices: a => (a.availableRegions ?? []).filter(r => r.provider === a.newClusterCloud).map(r => ({value: r.name, label: availableRegionLabel(r), short: r.name})),
		initial: a => a.newClusterRegion ?? nearestAvailable(a.availableRegions ?? [], a.newClusterCloud)?.name,
		accept(value, a) {
			const region = text(value).trim();
			if (!region) return {error: 'name the region'};
			const offered = a.availableRegions?.filter(r => r.provider === a.newClusterCloud);
			if (offered && !offered.some(r => r.name === region)) return {error: `${region} is not offered for Basic on ${a.newClusterCloud}: use one of ${offered.map(r => r.name).join(', ')}`};
			return {patch: {newClusterRegion: region}};
		},
	},
	{
		id: 'createCluster',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: creating,
		title: a => (namedExisting(a) ? `Use the existing cluster ${a.newClusterName}` : `Create the free Basic cluster ${a.newClusterName} on ${a.newClusterCloud} ${a.newClusterRegion} and wait until it is ready`),
		// Going back past it and on again with the same answers passes it: the cluster is created once.
		uses: ['apiKey', 'newClusterName', 'newClusterCloud', 'newClusterRegion'],
		async run(ports, a, _ctx, journal) {
			// A re-run of the same --create-cluster NAME: the listing just read has it, so use it rather than POST and fail on 409
			// — unless it is not what was asked for (another plan, or the --cloud/--region given): then stop before any change.
			const reused = namedExisting(a);
			if (reused) {
				const problem = reuseProblem(reused, {cloud: a.newClusterCloud, region: a.newClusterRegion});
				if (problem) throw new Error(problem);
				const region = a.newClusterRegion === undefined ? {} : {region: a.newClusterRegion};
				return {patch: {clusterRef: reused.id, ...region}, detail: `${reused.name} exists; using it (${reused.plan} on ${reused.cloud} ${reused.regions.map(r => r.name).join(' + ')}, ${reused.state})`};
			}

			const cloud = a.newClusterCloud!;
			const existing = a.cloudClusters?.find(c => c.name === a.newClusterName);
			if (existing && journal.has('cluster-created', existing.id)) {
				// Created earlier in this run: never POSTed twice; a cluster cannot move, so another cloud or region needs another name.
				const where = `${existing.cloud} ${existing.regions.map(r => r.name).join(' + ')}`;
				if (existing.cloud !== cloud || !existing.regions.some(r => r.name === a.newClusterRegion)) {
					throw new TaskFailure(`${existing.name} was created earlier in this run on ${where}: choose that cloud and region again to use it, or another name for a second cluster`, ['newClusterName', 'newClusterCloud', 'newClusterRegion']);
				}

				return {patch: {clusterRef: existing.id}, detail: `${existing.name} was created earlier in this run (${where}); using it`};
			}

			// Flags skip the region question: check them against what is offered here.
			const offered = (a.availableRegions ?? []).filter(r => r.provider === cloud);
			if (!offered.some(r => r.name === a.newClusterRegion)) {
				throw new Error(`${a.newClusterRegion} is not offered for a Basic cluster on ${cloud}: use one of ${offered.map(r => r.name).join(', ') || '(none: try another --cloud)'}`);
			}

			// Recorded the moment the API has it: Ctrl-C while waiting then says it goes on being created, and where.
			const {cluster, elapsedMs, polls} = await ports.cloud(a.apiKey!).createCluster({name: a.newClusterName!, provider: cloud, region: a.newClusterRegion!}, posted => journal.record({
				kind: 'cluster-created',
				description: `created the free Basic cluster ${posted.name} on ${cloud} ${a.newClusterRegion} (if it is not ready yet, it goes on being created: watch it at ${posted.consoleUrl})`,
				undo: cloudUndo('DELETE', `/api/v1/clusters/${posted.id}`),
				key: posted.id,
			}));
			return {
				patch: {cloudClusters: [...(a.cloudClusters ?? []), cluster], clusterRef: cluster.id, createdClusterIds: [...(a.createdClusterIds ?? []), cluster.id]},
				detail: `created ${cluster.name} (BASIC, IP allowlist empty until the next step adds your network); ready after ${(elapsedMs / 1000).toFixed(1)} s${polls ? ` (${polls} check${polls === 1 ? '' : 's'})` : ''}`,
			};
		},
	},
	{
		id: 'clusterCheck',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: withKey,
		title: a => `Check cluster ${chosenCluster(a)?.name ?? a.clusterRef}`,
		uses: ['clusterRef', 'cloudClusters', 'auth'],
		async run(_ports, a) {
			const cluster = chosenCluster(a);
			if (!cluster) throw new Error(`no cluster named "${a.clusterRef}" is visible to this API key: pick one of ${(a.cloudClusters ?? []).map(c => c.name).join(', ') || '(none)'}`);
			const problem = clusterStateProblem(cluster);
			if (problem) throw new Error(problem);
			// A flag this cluster cannot use would silently do nothing: stop before anything changes.
			const unusable = unusableFlags(cluster, a.givenFlags ?? []);
			if (unusable.length > 0) throw new Error(`${unusable.join('; ')}: drop ${unusable.length === 1 ? 'it' : 'them'} or pick another cluster`);
			// --auth client-ca: the API takes a client CA only on Advanced; stop before the allowlist changes.
			if (a.auth === 'client-ca' && cluster.plan !== 'ADVANCED') throw new Error(`${cluster.name} is ${cluster.plan}: client certificates signed by your own CA need a CockroachDB Advanced cluster; sign in with a password instead`);
			const patch: Partial<Answers> = {clusterRef: cluster.id};
			if (cluster.regions.length === 1) patch.region = cluster.regions[0]!.name;
			return {patch, detail: `${cluster.plan} on ${cluster.cloud}, ${cluster.regions.length} region${cluster.regions.length === 1 ? '' : 's'}`};
		},
	},
	// Measure each region of a multi-region cluster, so the region question can preselect the fastest.
	{
		id: 'regionLatency',
		stage: 'network',
		kind: 'task',
		canContinue: true,
		// Only when there is a choice to make and --region did not make it.
		when: a => withKey(a) && (chosenCluster(a)?.regions.length ?? 1) > 1 && a.region === undefined,
		title: a => `Measure the round trip to each region of ${chosenCluster(a)?.name} (1 s at most)`,
		async run(ports, a) {
			const cluster = chosenCluster(a)!;
			const {port} = await ports.cloud(a.apiKey!).connectionDetails(cluster.id, {database: 'defaultdb'});
			const measured = await ports.measureRegions(cluster.regions.map(r => ({name: r.name, host: r.host, port})));
			return {patch: {regionLatency: measured}, detail: latencySummary(measured, 1000, cluster.regions.find(r => r.primary)?.name)};
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
		// Labelled with the measured round trip; the fastest is suggested.
		choices: a => (chosenCluster(a)?.regions ?? []).map(r => ({value: r.name, label: regionLabel(a, r), short: r.name})),
		initial: a => a.region ?? suggestedRegion(a),
		accept: value => (text(value).trim() ? {patch: {region: text(value).trim()}} : {error: 'name the region'}),
	},
];
