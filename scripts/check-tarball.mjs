// Checks what `npm pack --json` (the JSON file given) put in the tarball: every entry
// point of package.json is there, and nothing that does not run (tests, benches, CI,
// TypeScript sources, examples). Prints the file count and sizes. Used by check-package.sh.
import { readFileSync } from 'node:fs';

const [pack] = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const files = new Set(pack.files.map((file) => file.path));
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(`check-package: ${pack.filename}: ${pack.entryCount} files, ${kib(pack.size)} packed, ${kib(pack.unpackedSize)} unpacked`);

const problems = [];
const notRunning = [...files].filter(
  (file) => /^(test|bench|\.ci|scripts|examples|docs|infra|lib)\//.test(file) || (file.endsWith('.ts') && !file.endsWith('.d.ts')),
);
if (notRunning.length > 0) problems.push(`files that do not run: ${notRunning.slice(0, 10).join(', ')}${notRunning.length > 10 ? ', ...' : ''}`);
const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin), 'dist/lib/cli/main.js'];
for (const entry of Object.values(pkg.exports)) targets.push(...(typeof entry === 'string' ? [entry] : Object.values(entry)));
for (const target of targets) if (!files.has(target.replace(/^\.\//, ''))) problems.push(`${target} is not in the tarball`);
for (const problem of problems) console.error(`check-package: ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);
