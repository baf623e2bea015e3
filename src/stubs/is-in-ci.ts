/**
What Ink is told when it asks whether it runs in CI: never. Ink's own answer (the is-in-ci package: CI set to
anything but "0" or "false") makes it draw only the last frame, at exit, and a wizard drawn that way looks hung:
set CI=true, or even CI= empty, in a terminal and the first question never appeared. The wizard mounts Ink only
when stdin and stdout are both terminals (src/front/choose.ts), where someone is watching; CI's runs, with no
terminal, get the scripted front-end and never load Ink.
*/
const isInCi = false;
export default isInCi;
