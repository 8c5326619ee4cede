// Module hooks that let a child process run the TypeScript sources as jest does (@swc/core, same
// decorator settings): `node --import ./test/support/child/ts-register.cjs src/main.ts`.
const { readFile } = process.getBuiltinModule('node:fs/promises');
const { fileURLToPath } = process.getBuiltinModule('node:url');
const swc = import('@swc/core');

/** `./x.js` names `./x.ts` in the sources (ESM imports end in .js). */
async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (relative && specifier.endsWith('.js')) return next(`${specifier.slice(0, -3)}.ts`, context);
    throw error;
  }
}

async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { transform } = await swc;
  const { code } = await transform(await readFile(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  });
  return { format: 'module', source: code, shortCircuit: true };
}

module.exports = { resolve, load };
