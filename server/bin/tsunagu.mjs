#!/usr/bin/env node
// The `tsunagu` command. The server is TypeScript run by Node 24's type stripping; the
// project pins Node 24 as a dev dependency, so run this through npx or an npm script.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `tsunagu needs Node.js 24 or newer (this is ${process.version}). ` +
      'Run it as `npx tsunagu …` or through `npm run`, which use the Node 24 installed by `npm install`.',
  );
  process.exit(2);
}
const { main } = await import('../src/cli.ts');
await main(process.argv.slice(2));
