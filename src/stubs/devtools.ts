/** Stand-in for react-devtools-core, an optional peer of Ink that the bundle never loads (ink-notes §3.2). */
export default {initialize() {}, connectToDevTools() {}};
/** No-op: devtools are never attached in the shipped bundle. */
export function initialize(): void {}
/** No-op: devtools are never attached in the shipped bundle. */
export function connectToDevTools(): void {}
