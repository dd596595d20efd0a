// Runs one of our build scripts inside Pyodide under Node: bytecode for Pyodide's CPython can only come from it.
// Usage: node scripts/in_pyodide.mjs <pyodide dir> <module> <path>...
// Calls scripts/<module>.py's main() with the paths as Pyodide sees them (the host's / is mounted at /host); the
// repository's root is on sys.path, so the scripts import each other as scripts.<name>, as on the host.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [pyodideDir, module, ...paths] = process.argv.slice(2);
if (!pyodideDir || !module || paths.length === 0) {
  console.error('usage: node scripts/in_pyodide.mjs <pyodide dir> <module> <path>...');
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(join(resolve(pyodideDir), 'pyodide.mjs')).href);
const pyodide = await loadPyodide({ indexURL: `${resolve(pyodideDir)}/`, stdout: console.log, stderr: console.error });
pyodide.FS.mkdirTree('/host');
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: '/' }, '/host');

const root = dirname(dirname(fileURLToPath(import.meta.url)));
pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(`/host${root}`)})`);
const args = paths.map((p) => `/host${resolve(p)}`);
process.exit(pyodide.pyimport(`scripts.${module}`).main(pyodide.toPy(args)));
