// `node --import ./test/support/child/ts-register.cjs src/main.ts` runs the TypeScript sources.
const { register } = process.getBuiltinModule('node:module');
const { pathToFileURL } = process.getBuiltinModule('node:url');

register(pathToFileURL(`${__dirname}/ts-hooks.cjs`));
