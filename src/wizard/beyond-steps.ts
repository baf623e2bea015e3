/**
Steps that go beyond the Console's Connect dialog (issue 13): create a free Basic cluster when there is none,
preselect the region that answers fastest, and pick (or create) the database from the cluster's own list.
Pure data like the rest of the flow; cloud-steps.ts and flow.ts splice these in.
*/
import path from 'node:path';
import {clusterNameProblem, defaultClusterName} from '../core/cluster-name.js';
import {databaseNameProblem} from '../core/database-name.js';
import {availableRegionLabel, cloudsByDistance, latencyLabel, latencySummary, nearestAvailable, preferredRegion} from '../core/region-choice.js';
import {toSetup, type Answers} from './answers.js';
import {chosenCluster, withKey} from './cloud-steps.js';
import {cloudUndo} from './journal.js';
import type {Choice, Step} from './flow.js';

const text = (value: string | boolean): string => (typeof value === 'string' ? value : String(value));

/** The cluster-list choice that creates a new cluster. */
export const NEW_CLUSTER = '+new';
/** The database-list choice that creates a new database. */
export const NEW_DATABASE = '+new';
const CLOUDS = ['GCP', 'AWS', 'AZURE'] as const;

const creating = (a: Answers): boolean => withKey(a) && a.createCluster === true;

/** The cluster question's extra choice, and its default when the organization has no cluster yet. */
export const newClusterChoice: Choice = {value: NEW_CLUSTER, label: 'Create a new cluster (free Basic plan)', short: 'a new Basic cluster'};

/** Steps after the cluster question when the person chose to create one. */
export const CREATE_CLUSTER_STEPS: Step[] = [
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
			if (a.cloudClusters?.some(c => c.name === name)) return {error: `a cluster named "${name}" already exists: choose another name, or pick it from the list (Esc)`};
			return {patch: {newClusterName: name}};
		},
	},
	{
		id: 'clusterRegions',
		stage: 'network',
		kind: 'task',
		canContinue: false,
		when: creating,
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
		when: a => creating(a) && a.availableRegions !== undefined,
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
		when: a => creating(a) && a.availableRegions !== undefined,
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
		title: a => `Create the free Basic cluster ${a.newClusterName} on ${a.newClusterCloud} ${a.newClusterRegion} and wait until it is ready`,
		async run(ports, a, _ctx, journal) {
			const cloud = a.newClusterCloud!;
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
				patch: {cloudClusters: [...(a.cloudClusters ?? []), cluster], clusterRef: cluster.id},
				detail: `created ${cluster.name} (BASIC, IP allowlist empty until the next step adds your network); ready after ${(elapsedMs / 1000).toFixed(1)} s${polls ? ` (${polls} check${polls === 1 ? '' : 's'})` : ''}`,
			};
		},
	},
];

/** Measure each region of a multi-region cluster, so the region question can preselect the fastest. */
export const REGION_LATENCY_STEP: Step = {
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
};

/** The region question's label for one region, with its measured latency when there is one. */
export function regionLabel(a: Answers, region: {name: string; primary: boolean; host: string}): string {
	const measured = a.regionLatency?.find(m => m.name === region.name);
	return `${region.name}${region.primary ? ' (primary)' : ''} — ${measured ? latencyLabel(measured) : region.host}`;
}

/** The region the question suggests: the fastest measured, else the primary. */
export function suggestedRegion(a: Answers): string | undefined {
	const cluster = chosenCluster(a);
	const primary = cluster?.regions.find(r => r.primary)?.name;
	return preferredRegion(a.regionLatency ?? [], primary)?.name ?? primary ?? cluster?.regions[0]?.name;
}

const listed = (a: Answers): boolean => withKey(a) && (a.databaseList?.length ?? 0) > 0;

/** Stage 3 on the Cloud path: list the cluster's databases, pick one or name a new one. */
export const DATABASE_PICK_STEPS: Step[] = [
	{
		id: 'databaseList',
		stage: 'method',
		kind: 'task',
		canContinue: true,
		// A closure, not withKey itself: cloud-steps.ts imports this module, so its bindings are not ready at load.
		when: a => withKey(a),
		title: a => `List the databases of ${chosenCluster(a)?.name}`,
		async run(ports, a) {
			const databases = await ports.cloud(a.apiKey!).databases(chosenCluster(a)!.id);
			const names = databases.map(d => d.name);
			// A database named up front that is not there would only fail at the login, less clearly.
			if (a.database !== undefined && !a.createDatabase && names.length > 0 && !names.includes(a.database)) {
				throw new Error(`the cluster has no database "${a.database}" (it has ${names.join(', ')}): choose one of those, or add --create-database to create it`);
			}

			return {patch: {databaseList: databases}, detail: names.join(', ') || '(none)'};
		},
	},
	{
		id: 'databasePick',
		stage: 'method',
		kind: 'select',
		// Not when the accepted plan named it (the review screen showed it).
		when: a => listed(a) && !(a.planAccepted && a.database),
		message: 'Which database?',
		fills: ['database'],
		choices: a => [
			...(a.databaseList ?? []).map(d => ({value: d.name, label: `${d.name}${d.tables === undefined ? '' : ` — ${d.tables} table${d.tables === 1 ? '' : 's'}`}`, short: d.name})),
			{value: NEW_DATABASE, label: 'Create a new database…', short: 'a new database'},
		],
		initial: a => (a.createDatabase ? NEW_DATABASE : a.databaseList?.find(d => d.name === a.database)?.name ?? a.databaseList?.find(d => d.name === 'defaultdb')?.name ?? a.databaseList?.[0]?.name),
		accept(value, a) {
			// The choice itself stands in until the next question names the database (so it reads "a new database").
			if (value === NEW_DATABASE) return {patch: {createDatabase: true, database: NEW_DATABASE}};
			const name = text(value).trim();
			// A profile or flag names it before the list is read: the list is checked only once it is known.
			if (!a.databaseList) return name ? {patch: {database: name}} : {error: 'the database name is empty'};
			return a.databaseList.some(d => d.name === name) ? {patch: {database: name, createDatabase: false}} : {error: `${name} is not among the databases: choose one, or "Create a new database…"`};
		},
	},
	{
		id: 'newDatabase',
		stage: 'method',
		kind: 'text',
		when: a => listed(a) && a.createDatabase === true,
		message: 'Name of the new database',
		fills: ['database'],
		initial: a => (a.database === NEW_DATABASE ? undefined : a.database),
		accept(value, a) {
			const name = text(value).trim();
			// Only a name to create must be a plain identifier; a profile may name any existing database.
			const problem = a.createDatabase ? databaseNameProblem(name) : name ? undefined : 'the database name is empty';
			return problem ? {error: problem} : {patch: {database: name}};
		},
	},
];

/** Whether the flow's plain database question applies (not when the list was shown). */
export const asksDatabaseByName = (a: Answers): boolean => !listed(a);

/** Stage 4, before the login check: create the database when asked (it is fine when it exists). */
export const DATABASE_CREATE_STEP: Step = {
	id: 'databaseCreate',
	stage: 'connect',
	kind: 'task',
	canContinue: false,
	when: a => a.createDatabase === true && a.database !== undefined,
	title: a => `Create database ${a.database} (unless it exists)`,
	async run(ports, a, _ctx, journal) {
		const name = a.database!;
		const problem = databaseNameProblem(name);
		if (problem) throw new Error(problem);
		// Cloud: through the API. Self-hosted: logged in as the user, from the database every cluster has.
		const outcome = withKey(a)
			? await ports.cloud(a.apiKey!).createDatabase(chosenCluster(a)!.id, name)
			: await ports.createDatabase({...toSetup(a), database: 'defaultdb'}, name);
		if (outcome === 'created') {
			const cluster = withKey(a) ? chosenCluster(a) : undefined;
			journal.record({
				kind: 'database-created',
				description: `created database ${name} on ${cluster ? cluster.name : `${a.host}:${a.port ?? 26257}`}`,
				undo: cluster ? cloudUndo('DELETE', `/api/v1/clusters/${cluster.id}/databases/${encodeURIComponent(name)}`) : `DROP DATABASE ${name} (as ${a.user}, once nothing uses it)`,
				key: `${cluster?.id ?? a.host}/${name}`,
			});
		}

		return {detail: outcome === 'created' ? 'created' : 'it exists already: using it'};
	},
};
