// Benchmark harness: one page, three kinds of client. It runs on its own: bench/run.py launches Chromium on this page
// without a DevTools connection (CDP's network instrumentation captures a JavaScript stack per request, which is
// far more expensive under Pyodide's deep WebAssembly stack and would bias the figures), the page fetches its
// schedule from /driver/plan and posts every result to /driver/report.
//
//   index.html?mode=warm          every warm step of the plan, in the plan's (interleaved) order
//   index.html?mode=cold&client=X one cold start of client X in this fresh browser
//
// Clients: `ours-text`, `ours-binary`, `ours-sync` (momento-web in Pyodide; the timing loop runs in Python),
// `official` (the official @gomomento/sdk-web), `floor-text`, `floor-binary` (hand-written fetch, floor.mjs). Every
// client reads the same seeded keys and writes its own keys, so batches can run in any order.
//
// Workload of a `run` step:
//   {kind: 'sequential' | 'throughput', op: 'get' | 'set', size, n, warmup, concurrency}
// Result: sequential → {latencies_ms: [...]}; throughput → {elapsed_ms, ops}.

import { floorClient, floorTopics } from './floor.mjs';
import { importOfficial, officialClient, officialTopics, OFFICIAL_BUNDLE } from './official.mjs';

const PYODIDE = '/pyodide/pyodide.mjs';
const TTL_MS = 600_000;
// ours-sync: the synchronous CacheClient (text), each call waiting by JSPI; sequential workloads only. It runs in a
// Pyodide of its own: once a page has a synchronous client, its awaited calls resume through the event loop
// (docs/protocol/sync-clients.md), and the async clients are measured as a page without one runs them.
const OURS = { 'ours-text': 'TEXT', 'ours-binary': 'BINARY', 'ours-sync': 'TEXT' };
const OWN_PYODIDE = 'ours-sync';

const state = { pyodide: null, py: null, syncPy: null, sdk: null, clients: {}, url: null, cache: null };

const pyOf = (name) => (name === OWN_PYODIDE ? state.syncPy : state.py);

function valueOf(size) {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = i % 251;
  return out;
}

function status(text) {
  document.getElementById('status').textContent = text;
}

// A Pyodide with the harness's own Python module (written to its file system, imported before any timing).
async function newPyodide() {
  const { loadPyodide } = await import(PYODIDE);
  const pyodide = await loadPyodide({ indexURL: '/pyodide/' });
  const source = await (await fetch('/bench/bench_ours.py')).text();
  pyodide.FS.writeFile('/home/pyodide/bench_ours.py', source);
  return { pyodide, py: pyodide.pyimport('bench_ours') };
}

async function loadPyodideOnly() {
  const t0 = performance.now();
  Object.assign(state, await newPyodide());
  return performance.now() - t0;
}

async function loadOurs(pyodide = state.pyodide) {
  const errors = [];
  await pyodide.loadPackage('momento-web', { errorCallback: (m) => errors.push(m), messageCallback: () => {} });
  // loadPackage does not reject when a wheel fails to load.
  if (errors.length) throw new Error(`loadPackage momento-web: ${errors.join('; ')}`);
}

// The other way a page can load the SDK: the wheel itself on sys.path, imported from the zip (zipimport), with no
// unpacking and none of the package loader's own imports. `wheel` is its URL (the plan names the served one).
async function mountOurs(wheel) {
  const response = await fetch(wheel);
  if (!response.ok) throw new Error(`${wheel}: HTTP ${response.status}`);
  const path = `/lib/${wheel.split('/').pop()}`;
  state.pyodide.FS.writeFile(path, new Uint8Array(await response.arrayBuffer()));
  state.pyodide.runPython(`import sys; sys.path.append(${JSON.stringify(path)})`);
}

function importOursPython() {
  state.pyodide.runPython('from momento_web import CacheClientAsync, Configurations, CredentialProvider');
}

function jsClient(name) {
  if (name === 'official') return officialClient(state.sdk, state.url);
  if (name === 'floor-text') return floorClient(state.url, { text: true });
  if (name === 'floor-binary') return floorClient(state.url, { text: false });
  throw new Error(`unknown client ${name}`);
}

async function createClient(name) {
  if (name in OURS) {
    await pyOf(name).create(name, state.url, state.cache, OURS[name]);
  } else {
    state.clients[name] = jsClient(name);
  }
}

// --- JavaScript timing loops (the Python ones mirror these in bench_ours.py) ------------------------------------

function jsOperation(name, w) {
  const client = state.clients[name];
  const cache = state.cache;
  if (w.op === 'get') {
    const key = `bench-get-${w.size}`;
    return [
      () => client.get(cache, key),
      (value) => {
        if (value === null || value.length !== w.size) throw new Error(`${name} get ${key}: ${value?.length}`);
      },
    ];
  }
  const key = `bench-set-${name}-${w.size}`;
  const value = valueOf(w.size);
  return [() => client.set(cache, key, value, TTL_MS), () => {}];
}

async function inFlight(call, n, concurrency) {
  let remaining = n;
  const worker = async () => {
    while (remaining > 0) {
      remaining -= 1;
      await call();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function runJs(name, w) {
  const [call, check] = jsOperation(name, w);
  if (w.kind === 'sequential') {
    const latencies = [];
    for (let i = 0; i < w.warmup + w.n; i++) {
      const t0 = performance.now();
      const value = await call();
      const t1 = performance.now();
      check(value);
      if (i >= w.warmup) latencies.push(t1 - t0);
    }
    return { latencies_ms: latencies };
  }
  (await Promise.all(Array.from({ length: w.warmup }, call))).forEach(check);
  const t0 = performance.now();
  await inFlight(async () => check(await call()), w.n, w.concurrency);
  return { elapsed_ms: performance.now() - t0, ops: w.n };
}

// --- topics ------------------------------------------------------------------------------------------------------

function jsTopics(name, topic, onItem) {
  if (name === 'official') return officialTopics(state.sdk, state.url, state.cache, topic, onItem);
  if (name === 'floor-binary') return floorTopics(state.url, state.cache, topic, onItem);
  throw new Error(`no topic client ${name}`);
}

async function topicsJs(name, topic, w) {
  const value = valueOf(w.size);
  const arrivals = [];
  let wake = null;
  const subscriber = await jsTopics(name, topic, (bytes, at) => {
    if (bytes.length !== w.size) throw new Error(`${name} topic item of ${bytes.length} bytes`);
    arrivals.push(at);
    wake?.();
  });
  const nextArrival = async () => {
    const deadline = performance.now() + 10_000;
    while (arrivals.length === 0) {
      if (performance.now() > deadline) throw new Error(`${name}: no topic item within 10 s`);
      await new Promise((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
    return arrivals.shift();
  };
  try {
    const latencies = [];
    for (let i = 0; i < w.warmup + w.n; i++) {
      const t0 = performance.now();
      await subscriber.publish(value);
      const arrived = await nextArrival();
      if (i >= w.warmup) latencies.push(arrived - t0);
    }
    const t0 = performance.now();
    await inFlight(() => subscriber.publish(value), w.burst, w.concurrency);
    let last = t0;
    for (let i = 0; i < w.burst; i++) last = await nextArrival();
    return { latencies_ms: latencies, elapsed_ms: last - t0, ops: w.burst };
  } finally {
    subscriber.close();
  }
}


// --- what the page reports --------------------------------------------------------------------------------------

// Where the page is, for the driver's log when it goes silent; never awaited in a timed section.
async function progress(stage) {
  status(stage);
  await post({ type: 'progress', stage });
}

async function post(message) {
  const response = await fetch('/driver/report', { method: 'POST', body: JSON.stringify(message) });
  if (!response.ok) throw new Error(`driver refused the report: HTTP ${response.status}`);
}

// Split: load = download (+ unpack for wheels), import = evaluate the code, create = client, first = first Hit.
// Ours load by `load`: 'package' (pyodide.loadPackage, split into its phases) or 'zip' (mountOurs).
async function coldStart(name, size, load, wheel) {
  const t0 = performance.now();
  let loaded = t0;
  let phases = null;
  if (name in OURS) {
    if (load === 'zip') {
      await mountOurs(wheel);
    } else {
      await loadOurs();
      phases = JSON.parse(state.py.loader_phases());
    }
    loaded = performance.now();
    importOursPython();
  } else if (name === 'official') {
    state.sdk = await importOfficial();
    const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith(OFFICIAL_BUNDLE));
    loaded = entry ? entry.responseEnd : t0;
  }
  const imported = performance.now();
  await createClient(name);
  const created = performance.now();
  if (name in OURS) {
    await state.py.first_get(name, size);
  } else {
    const [call, check] = jsOperation(name, { op: 'get', size });
    check(await call());
  }
  const done = performance.now();
  // What the page fetched for this client (same origin, so sizes are visible); Pyodide itself came earlier.
  const downloads = performance
    .getEntriesByType('resource')
    .filter((e) => e.startTime >= t0 && new URL(e.name).origin === location.origin && !e.name.includes('/driver/'))
    .map((e) => ({ path: new URL(e.name).pathname, bytes: e.encodedBodySize }));
  const result = {
    load_ms: loaded - t0,
    import_ms: imported - loaded,
    create_ms: created - imported,
    first_call_ms: done - created,
    total_ms: done - t0,
    downloads,
  };
  if (phases !== null) {
    // What loadPackage spent outside Python: resolving the lock, the download with its integrity check.
    const python = phases.unpack_ms + phases.dynlibs_ms + phases.invalidate_caches_ms;
    result.load_phases = { fetch_ms: result.load_ms - python, ...phases };
  }
  return result;
}

async function init(plan) {
  Object.assign(state, { url: plan.url, cache: plan.cache });
  const info = { crossOriginIsolated: globalThis.crossOriginIsolated, userAgent: navigator.userAgent };
  info.pyodide_ready_ms = await loadPyodideOnly();
  info.pyodide_version = state.pyodide.version;
  await loadOurs();
  importOursPython();
  if (plan.clients.includes(OWN_PYODIDE)) {
    const own = await newPyodide();
    await loadOurs(own.pyodide);
    state.syncPy = own.py;
  }
  state.sdk = await importOfficial();
  for (const name of plan.clients) await createClient(name);
  const floor = floorClient(plan.url, { text: false });
  await floor.createCache(plan.cache);
  for (const size of plan.sizes) await floor.set(plan.cache, `bench-get-${size}`, valueOf(size), TTL_MS);
  info.topics_available = state.py.topics_available();
  return info;
}

async function runStep(step, info) {
  const { client, workload } = step;
  if (step.kind === 'run') {
    if (client in OURS) return JSON.parse(await pyOf(client).run(client, JSON.stringify(workload)));
    try {
      return await runJs(client, workload);
    } catch (error) {
      // The official SDK converts values with String.fromCharCode(...bytes): large values overflow the stack.
      if (client === 'official' && error instanceof RangeError) return { unsupported: String(error) };
      throw error;
    }
  }
  if (step.kind === 'topics') {
    if (!info.topics_available) return { skipped: 'momento_web.topic_client_async is not in the SDK wheel' };
    const topic = `bench-${client}-${step.id}-${Date.now()}`;
    if (client in OURS) {
      const args = [state.url, state.cache, topic, OURS[client], JSON.stringify(workload)];
      return JSON.parse(await state.py.topics(...args));
    }
    return topicsJs(client, topic, workload);
  }
  if (step.kind === 'profile') {
    return JSON.parse(await state.py.profile(state.url, state.cache, OURS[client], workload.size, workload.n));
  }
  throw new Error(`unknown step kind ${step.kind}`);
}

async function main() {
  const params = new URLSearchParams(location.search);
  const plan = await (await fetch('/driver/plan')).json();
  if (params.get('mode') === 'cold') {
    Object.assign(state, { url: plan.url, cache: plan.cache });
    const client = params.get('client');
    const load = params.get('load') ?? 'package';
    await progress(`cold start of ${client}: page loaded`);
    let pyodideMs = 0;
    if (client in OURS) {
      pyodideMs = await loadPyodideOnly();
      if (load === 'package') state.py.instrument_loader();
      await progress(`cold start of ${client}: Pyodide ready`);
    }
    const result = await coldStart(client, 100, load, plan.wheel);
    await post({ type: 'cold', client, load, result: { ...result, pyodide_ms: pyodideMs } });
    return;
  }
  await progress('warm: page loaded');
  const info = await init(plan);
  await post({ type: 'info', info });
  for (const step of plan.steps) {
    await post({ type: 'start', id: step.id });
    const result = await runStep(step, info);
    await post({ type: 'result', id: step.id, result });
  }
  await post({ type: 'done' });
}

status('running');
main().then(
  () => status('done'),
  async (error) => {
    status(`failed: ${error}`);
    await post({ type: 'error', error: `${error}\n${error?.stack ?? ''}` });
  },
);
