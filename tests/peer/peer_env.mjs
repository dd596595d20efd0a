// What every peer script needs before it loads @gomomento/sdk-web in Node: stdout kept for results, the browser
// globals the SDK expects (XMLHttpRequest from xhr2, navigator), and its JSON input.

import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);

// Call before importing the SDK: grpc-web sniffs navigator when it is loaded.
export function installBrowserGlobals(name, { streaming = false } = {}) {
  // The SDK's default logger writes through console.log/info/debug; stdout carries only results.
  const toStderr = (...args) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  const XHR = require('xhr2');
  if (streaming) {
    makeXhrStream(XHR);
  }
  globalThis.XMLHttpRequest = XHR;
  if (globalThis.navigator === undefined) {
    globalThis.navigator = { userAgent: `Node.js/${process.versions.node} (momento-web ${name})` };
  }
}

// A browser's XHR grows responseText and fires readystatechange with every chunk of a response, which is how
// grpc-web reads a server stream as it arrives. xhr2 only fills responseText when the response ends, so a topic
// subscription (which never ends) would deliver nothing: make it stream like a browser.
function makeXhrStream(XHR) {
  XHR.prototype._onHttpResponseData = function onHttpResponseData(response, data) {
    if (this._response !== response) {
      return undefined;
    }
    this._responseParts.push(data);
    this._loadedBytes += data.length;
    if (this.responseType === '' || this.responseType === 'text') {
      this.responseText = Buffer.concat(this._responseParts).toString('utf8');
    }
    this._setReadyState(XHR.LOADING); // fires readystatechange every time, as browsers do
    return this._dispatchProgress('progress');
  };
}

export function fail(name, code, message) {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(code);
}

// The input document: the first argument, or all of stdin.
export async function readInput() {
  if (process.argv.length > 2) {
    return process.argv[2];
  }
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
