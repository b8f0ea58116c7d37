#!/usr/bin/env node
'use strict';
// Launcher only: the CLI is TypeScript compiled into dist/ by `npm run build`.
let cli;
try {
  cli = require('../dist/cli/main.js');
} catch (error) {
  process.stderr.write(`eventline: cannot load dist/cli/main.js (run \`npm run build\` first): ${error.message}\n`);
  process.exit(1);
}
cli.run(process.argv).then((code) => {
  process.exitCode = code;
});
