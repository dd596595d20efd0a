// Runs scripts/compile_wheels.py inside Pyodide under Node: bytecode for Pyodide's CPython can only come from it.
// Usage: node scripts/compile_wheels.mjs <pyodide dir> <wheel>...   (each wheel is rewritten in place)
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [pyodideDir, ...wheels] = process.argv.slice(2).map((p) => resolve(p));
if (!pyodideDir || wheels.length === 0) {
  console.error('usage: node scripts/compile_wheels.mjs <pyodide dir> <wheel>...');
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, 'pyodide.mjs')).href);
const pyodide = await loadPyodide({ indexURL: `${pyodideDir}/`, stdout: console.log, stderr: console.error });
pyodide.FS.mkdirTree('/host');
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: '/' }, '/host');

const here = dirname(fileURLToPath(import.meta.url));
pyodide.FS.writeFile('/compile_wheels.py', readFileSync(join(here, 'compile_wheels.py')));
pyodide.runPython('import sys; sys.path.insert(0, "/")');
const args = wheels.map((w) => `/host${w}`);
process.exit(pyodide.pyimport('compile_wheels').main(pyodide.toPy(args)));
