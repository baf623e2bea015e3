/** The part of React's scheduler (bundled with Ink's React) that src/front/ink/keys.tsx uses. */
declare module 'scheduler' {
	/** Runs after the work of higher priority (React's rendering of an update) already queued. */
	export const unstable_LowPriority: number;
	/** Queue `callback` in the scheduler React renders with. */
	export function unstable_scheduleCallback(priority: number, callback: () => void): unknown;
}
