/**
Small pure helpers the stage files share: reading an answer as text, the Cloud path's two modes, the chosen
cluster. Kept here, once, rather than restated in each stage file.
*/
import type {HostOrigin} from '../core/connect-errors.js';
import type {Answers} from './answers.js';
import type {CloudClusterSummary} from './ports.js';

/** A question's answer as text (a confirm's boolean reads "true"/"false"). */
export const text = (value: string | boolean): string => (typeof value === 'string' ? value : String(value));

/** The text as a sentence (ending in . ! or ?), so another sentence can follow it on the same line. */
export const sentence = (text: string) => (/[.!?]$/.test(text.trimEnd()) ? text.trimEnd() : `${text.trimEnd()}.`);

/** Whether the flow talks to the Cloud API (a key was given). */
export const withKey = (a: Answers): boolean => a.source === 'cloud' && Boolean(a.apiKey);
/** Whether the flow guides the person through the Console instead. */
export const guided = (a: Answers): boolean => a.source === 'cloud' && !a.apiKey;

/** Where the host came from, so a failure's advice fits the path taken rather than what the host is called. */
export function hostOrigin(a: Answers): HostOrigin {
	if (a.source === 'cloud') return a.apiKey ? 'cloud-api' : 'console';
	return a.source === 'host' ? 'host' : 'url';
}

/** Whether the wizard generates a CA, node and client certificates (self-hosted). */
export const generating = (a: Answers): boolean => a.auth === 'generate';

/** The cluster the answers name, by id or name. */
export function chosenCluster(a: Answers): CloudClusterSummary | undefined {
	return a.cloudClusters?.find(c => c.id === a.clusterRef || c.name === a.clusterRef);
}
