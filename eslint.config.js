/**
ESLint (flat config): typescript-eslint's recommended rules, the React hooks rules, and the layering rule
that keeps services and pure modules free of argv handling and front-ends.
*/
import js from '@eslint/js';
import {defineConfig} from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folders that hold decisions, services and adapters: they are called by commands and front-ends, never the reverse. */
const INNER = ['core', 'wizard', 'stages', 'adapters', 'certs', 'doctor', 'cloud'];

const LAYER_MESSAGE = 'core/, wizard/, stages/, adapters/, certs/, doctor/ and cloud/ must not import commands/ or front/: move the shared code inward instead.';
/** A module path naming commands/ or front/ (`\u002F` is `/`: esquery's regex syntax cannot hold a slash). */
const OUTER_PATH = String.raw`/(^|\u002F)(commands|front)(\u002F|$)/`;

export default defineConfig([
	{ignores: ['dist/**', 'node_modules/**', '.cache/**', '.bench/**', 'coverage/**']},
	// A disable comment that no longer disables anything is an error, so none can go stale.
	{linterOptions: {reportUnusedDisableDirectives: 'error'}},
	js.configs.recommended,
	tseslint.configs.recommended,
	reactHooks.configs.flat.recommended,
	{
		languageOptions: {globals: globals.node},
		rules: {
			// Unused code is already an error in tsc (noUnusedLocals); `_`-prefixed names are deliberate.
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
			// A rethrown error keeps the one it replaces as its `cause`, so the debugging detail is never lost.
			'preserve-caught-error': 'error',
		},
	},
	{
		files: INNER.map(dir => `src/${dir}/**`),
		rules: {
			'no-restricted-imports': ['error', {
				patterns: [{
					regex: String.raw`(^|/)(commands|front)(/|$)`,
					message: LAYER_MESSAGE,
				}],
			}],
			// no-restricted-imports sees only static imports: a dynamic import() with a literal (or template) path is checked here.
			'no-restricted-syntax': ['error',
				{selector: `ImportExpression > Literal.source[value=${OUTER_PATH}]`, message: LAYER_MESSAGE},
				{selector: `ImportExpression > TemplateLiteral.source > TemplateElement[value.raw=${OUTER_PATH}]`, message: LAYER_MESSAGE},
			],
		},
	},
]);
