/** The package version, injected by the bundler from package.json. */
declare const __CRDB_CONNECT_VERSION__: string | undefined;

/** This build's version ("dev" when run from source). */
export const VERSION: string = typeof __CRDB_CONNECT_VERSION__ === 'string' ? __CRDB_CONNECT_VERSION__ : 'dev';
