// The floor: the least a hand-written client must do for one Get or Set over gRPC-web with the browser's fetch.
// Per call it encodes the request (protobuf by hand), posts it, reads the whole body and takes the value out of the
// response without copying. Nothing else: no retries, no response objects, no validation beyond the gRPC status.

const SCS = '/cache_client.Scs/';
const CONTROL = '/control_client.ScsControl/';
const PUBSUB = '/cache_client.pubsub.Pubsub/';
const BINARY = 'application/grpc-web+proto';
const utf8 = new TextEncoder();
const latin1 = new TextDecoder('latin1');

function varintLength(n) {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    len += 1;
  }
  return len;
}

function putVarint(out, pos, n) {
  while (n >= 0x80) {
    out[pos++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  out[pos++] = n;
  return pos;
}

// A gRPC-web DATA frame holding a message made of LEN fields (1, 2, …) and an optional trailing VARINT field.
function frame(fields, varintField, varintValue) {
  let size = 0;
  for (const bytes of fields) {
    size += 1 + varintLength(bytes.length) + bytes.length;
  }
  if (varintValue) {
    size += 1 + varintLength(varintValue);
  }
  const out = new Uint8Array(5 + size);
  out[0] = 0;
  new DataView(out.buffer).setUint32(1, size);
  let pos = 5;
  fields.forEach((bytes, i) => {
    out[pos++] = ((i + 1) << 3) | 2;
    pos = putVarint(out, pos, bytes.length);
    out.set(bytes, pos);
    pos += bytes.length;
  });
  if (varintValue) {
    out[pos++] = (varintField << 3) | 0;
    putVarint(out, pos, varintValue);
  }
  return out;
}

// Text mode: each frame is base64-encoded on its own, so a body may carry padding in the middle.
function decodeText(text) {
  const parts = [];
  let start = 0;
  while (start < text.length) {
    const pad = text.indexOf('=', start);
    let end = text.length;
    if (pad >= 0) {
      end = pad + 1;
      while (end < text.length && text[end] === '=') end += 1;
    }
    parts.push(Uint8Array.fromBase64(text.slice(start, end)));
    start = end;
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

function trailerStatus(bytes) {
  const match = /grpc-status:\s*(\d+)/i.exec(latin1.decode(bytes));
  return match ? Number(match[1]) : -1;
}

// The DATA payload of a unary response; throws on any non-OK status.
function unaryPayload(response, body) {
  const headerStatus = response.headers.get('grpc-status');
  if (headerStatus !== null && headerStatus !== '0') {
    throw new Error(`grpc-status ${headerStatus}: ${response.headers.get('grpc-message')}`);
  }
  let payload = null;
  let pos = 0;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  while (pos + 5 <= body.length) {
    const flag = body[pos];
    const len = view.getUint32(pos + 1);
    const data = body.subarray(pos + 5, pos + 5 + len);
    pos += 5 + len;
    if (flag === 0) {
      payload = data;
    } else {
      const status = trailerStatus(data);
      if (status !== 0) throw new Error(`grpc-status ${status}: ${latin1.decode(data)}`);
      return payload ?? new Uint8Array(0);
    }
  }
  throw new Error('response ended without a trailer frame');
}

function readVarint(msg, pos) {
  let n = 0;
  let shift = 1;
  let b;
  do {
    b = msg[pos++];
    n += (b & 0x7f) * shift;
    shift *= 0x80;
  } while (b & 0x80);
  return [n, pos];
}

// Field 2 (cache_body) of a _GetResponse, or null on a miss (field 1 = 3).
function getResponseBody(msg) {
  let pos = 0;
  let result = 0;
  let body = null;
  while (pos < msg.length) {
    const tag = msg[pos++];
    const [n, after] = readVarint(msg, pos);
    pos = after;
    if ((tag & 7) === 0) {
      if (tag >> 3 === 1) result = n;
    } else {
      if (tag >> 3 === 2) body = msg.subarray(pos, pos + n);
      pos += n;
    }
  }
  return result === 2 ? (body ?? new Uint8Array(0)) : null;
}

// The bytes of LEN field `wanted` in a message holding only VARINT and LEN fields, or null.
function lenField(msg, wanted) {
  let pos = 0;
  while (pos < msg.length) {
    const [tag, afterTag] = readVarint(msg, pos);
    const [n, after] = readVarint(msg, afterTag);
    if ((tag & 7) === 0) {
      pos = after;
    } else {
      if (tag >> 3 === wanted) return msg.subarray(after, after + n);
      pos = after + n;
    }
  }
  return null;
}

// A _TopicValue holding `bytes` as its binary member (field 2).
function binaryTopicValue(bytes) {
  const out = new Uint8Array(1 + varintLength(bytes.length) + bytes.length);
  out[0] = (2 << 3) | 2;
  out.set(bytes, putVarint(out, 1, bytes.length));
  return out;
}

export function floorClient(url, { text }) {
  const contentType = text ? 'application/grpc-web-text' : 'application/grpc-web+proto';
  const base = { 'content-type': contentType, accept: contentType, 'x-grpc-web': '1' };
  const headersByCache = new Map();
  const headersFor = (cache) => {
    let headers = headersByCache.get(cache);
    if (headers === undefined) {
      headers = { ...base, cache };
      headersByCache.set(cache, headers);
    }
    return headers;
  };

  async function call(path, headers, requestFrame) {
    const response = await fetch(url + path, {
      method: 'POST',
      mode: 'cors',
      headers,
      body: text ? requestFrame.toBase64() : requestFrame,
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    const body = text ? decodeText(await response.text()) : new Uint8Array(await response.arrayBuffer());
    return unaryPayload(response, body);
  }

  return {
    async get(cache, key) {
      const payload = await call(SCS + 'Get', headersFor(cache), frame([utf8.encode(key)]));
      return getResponseBody(payload);
    },
    async set(cache, key, value, ttlMillis) {
      await call(SCS + 'Set', headersFor(cache), frame([utf8.encode(key), value], 3, ttlMillis));
    },
    async publish(cache, topic, value) {
      await call(PUBSUB + 'Publish', base, frame([utf8.encode(cache), utf8.encode(topic), binaryTopicValue(value)]));
    },
    async createCache(cache) {
      try {
        await call(CONTROL + 'CreateCache', base, frame([utf8.encode(cache)]));
      } catch (error) {
        if (!/grpc-status 6\b/.test(String(error))) throw error; // ALREADY_EXISTS
      }
    },
  };
}

// One Subscribe stream read with a body reader, binary mode: the value bytes of every item go to `onItem` with their
// arrival time; heartbeats are skipped. Resolves once the first message (the heartbeat) has arrived, as the SDKs do.
export async function floorTopics(url, cache, topic, onItem) {
  const publisher = floorClient(url, { text: false });
  const controller = new AbortController();
  const response = await fetch(url + PUBSUB + 'Subscribe', {
    method: 'POST',
    mode: 'cors',
    headers: { 'content-type': BINARY, accept: BINARY, 'x-grpc-web': '1' },
    body: frame([utf8.encode(cache), utf8.encode(topic)]),
    signal: controller.signal,
  });
  const headerStatus = response.headers.get('grpc-status');
  if (response.status !== 200 || (headerStatus !== null && headerStatus !== '0')) {
    throw new Error(`floor subscribe: HTTP ${response.status}, grpc-status ${headerStatus}`);
  }
  const reader = response.body.getReader();
  let streamError = null;
  let subscribed;
  const firstMessage = new Promise((resolve, reject) => {
    subscribed = resolve;
    setTimeout(() => reject(new Error('floor subscribe: no first message within 10 s')), 10_000);
  });
  (async () => {
    let buffer = new Uint8Array(0);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (buffer.length === 0) {
        buffer = value;
      } else {
        const joined = new Uint8Array(buffer.length + value.length);
        joined.set(buffer);
        joined.set(value, buffer.length);
        buffer = joined;
      }
      const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      let pos = 0;
      while (buffer.length - pos >= 5 && buffer.length - pos - 5 >= view.getUint32(pos + 1)) {
        const flag = buffer[pos];
        const message = buffer.subarray(pos + 5, pos + 5 + view.getUint32(pos + 1));
        pos += 5 + message.length;
        if (flag !== 0) throw new Error(`floor subscription ended: ${latin1.decode(message)}`);
        subscribed();
        const item = lenField(message, 1); // _SubscriptionItem.item (heartbeats are field 3)
        if (item !== null) onItem(lenField(lenField(item, 2), 2), performance.now());
      }
      buffer = buffer.subarray(pos);
    }
  })().catch((error) => {
    if (!controller.signal.aborted) streamError = error;
  });
  await firstMessage;
  return {
    async publish(value) {
      if (streamError !== null) throw new Error(`floor subscription failed: ${streamError}`);
      await publisher.publish(cache, topic, value);
    },
    close() {
      controller.abort();
    },
  };
}
