/**
The flow for `--dry-run`: the same steps, but a task whose changes were only planned, or whose check could not
run, says so on its line instead of reporting the usual result ("created", "added", "reached"), which would be
untrue. Pure: the dry-run ports count what they planned; this only reads the counts.
*/
import type {Answers} from './answers.js';
import {chosenCluster} from './step-helpers.js';
import type {Step} from './step-types.js';

const PLANNED = '(id of ';

/** The id a dry run gives a cluster it only planned to create (the dry-run ports use it; nothing can be read about it). */
export function plannedClusterId(name: string): string {
	return `${PLANNED}${name})`;
}

/** Whether an id is one a dry run gave a cluster it only planned to create. */
export function isPlannedClusterId(id: string): boolean {
	return id.startsWith(PLANNED);
}

/** Whether the chosen cluster is one the dry run only planned to create. */
const onPlannedCluster = (a: Answers): boolean => isPlannedClusterId(chosenCluster(a)?.id ?? '');

/** What the dry-run ports counted: changes planned instead of made, and checks not run. */
export interface DryTally {
	changes: number;
	unchecked: number;
}

/** The flow with each task's result line made true for a dry run. */
export function dryRunFlow(flow: readonly Step[], tally: DryTally): Step[] {
	return flow.map(step => {
		if (step.kind !== 'task') return step;
		const run: typeof step.run = async (ports, answers, ctx, journal) => {
			const before = {...tally};
			const result = await step.run(ports, answers, ctx, journal);
			if (tally.changes > before.changes) return {...result, detail: 'planned, not done (dry run: see the plan at the end)'};
			if (tally.unchecked > before.unchecked) return {...result, detail: 'not checked (dry run)'};
			// A cluster that would be created first cannot be checked: what such a task says would be about the plan, not the cluster.
			if (step.uses?.includes('clusterRef') && onPlannedCluster(answers)) return {...result, detail: 'not checked (dry run: the cluster would be created first)'};
			return result;
		};
		return {...step, run};
	});
}
