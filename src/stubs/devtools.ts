/**
Stand-in for Ink's devtools module, which Ink imports only when DEV=true. The real one pulls in
react-devtools-core and a `ws` WebSocket polyfill; the bundle never needs them (ink-notes §3.2).
*/
export {};
