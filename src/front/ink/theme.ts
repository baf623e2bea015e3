/** Colours for the Ink front-end; none at all when NO_COLOR is set (no-color.org). */

/** Colour props to spread onto <Text>; empty when colour is off. */
export interface Theme {
	accent: {color?: string};
	ok: {color?: string};
	error: {color?: string};
	warn: {color?: string};
	muted: {dimColor?: boolean};
	/** No colour at all (NO_COLOR): defaults are marked in words instead of dimmed. */
	plain?: boolean;
}

/** The theme for an environment. */
export function themeFor(env: NodeJS.ProcessEnv): Theme {
	if (env.NO_COLOR) return {accent: {}, ok: {}, error: {}, warn: {}, muted: {}, plain: true};
	return {accent: {color: 'cyan'}, ok: {color: 'green'}, error: {color: 'red'}, warn: {color: 'yellow'}, muted: {dimColor: true}};
}
