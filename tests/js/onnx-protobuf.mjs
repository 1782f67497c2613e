// The few protobuf messages of ONNX's backend test data (onnx/onnx.proto3), read with no
// dependency: a model.onnx's one node (op_type, attributes, input count) and a TensorProto .pb
// (dims, data_type, raw_data or the typed repeated fields). Enough for tests/onnx/data; not a
// general protobuf reader.

// Protobuf wire format: each field is a varint key (field number << 3 | wire type), then a varint
// (type 0), 8 bytes (1), a length-delimited bytes (2) or 4 bytes (5).
// A varint at bytes[at.pos], advancing at.pos.
function varint(bytes, at) {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const b = bytes[at.pos++];
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
  }
}

function* fields(bytes) {
  const at = { pos: 0 };
  const take = (n) => bytes.subarray(at.pos, (at.pos += n));
  while (at.pos < bytes.length) {
    const key = Number(varint(bytes, at));
    const number = key >>> 3;
    const type = key & 7;
    if (type === 0) yield { number, type, value: varint(bytes, at) };
    else if (type === 1) yield { number, type, value: take(8) };
    else if (type === 2) yield { number, type, value: take(Number(varint(bytes, at))) };
    else if (type === 5) yield { number, type, value: take(4) };
    else throw new Error(`protobuf wire type ${type} is not read here`);
  }
}

const text = (bytes) => new TextDecoder().decode(bytes);
const signed64 = (v) => BigInt.asIntN(64, v);

// A repeated int64 field, packed (type 2) or one varint per entry (type 0).
function pushInts(list, field) {
  if (field.type === 0) {
    list.push(signed64(field.value));
    return;
  }
  const at = { pos: 0 };
  while (at.pos < field.value.length) list.push(signed64(varint(field.value, at)));
}

// TensorProto.DataType values used by the pooling data.
const DATA_TYPES = { 1: 'float32', 2: 'uint8', 3: 'int8', 7: 'int64' };
const ARRAYS = { float32: Float32Array, uint8: Uint8Array, int8: Int8Array, int64: BigInt64Array };

/** A TensorProto: { name, dtype, shape, data } (data a fresh typed array of dtype). */
export function readTensorProto(bytes) {
  const dims = [];
  let dataType = 0;
  let name = '';
  let raw = null;
  const floats = [];
  const int32s = [];
  const int64s = [];
  for (const f of fields(bytes)) {
    if (f.number === 1) pushInts(dims, f);
    else if (f.number === 2) dataType = Number(f.value);
    else if (f.number === 4) {
      const b = f.value; // packed (type 2) or one float (type 5)
      const view = new DataView(b.buffer, b.byteOffset, b.length);
      for (let i = 0; i + 4 <= b.length; i += 4) floats.push(view.getFloat32(i, true));
    } else if (f.number === 5) {
      const list = [];
      pushInts(list, f);
      int32s.push(...list.map(Number));
    } else if (f.number === 7) pushInts(int64s, f);
    else if (f.number === 8) name = text(f.value);
    else if (f.number === 9) raw = f.value;
  }
  const dtype = DATA_TYPES[dataType];
  if (dtype === undefined) throw new Error(`TensorProto data_type ${dataType} is not read here`);
  const Array_ = ARRAYS[dtype];
  let data;
  if (raw !== null) {
    const copy = new Uint8Array(raw.length); // a fresh, aligned buffer (a Buffer's slice() is a view)
    copy.set(raw);
    data = new Array_(copy.buffer, 0, copy.length / Array_.BYTES_PER_ELEMENT);
  } else if (dtype === 'float32') data = Float32Array.from(floats);
  else if (dtype === 'int64') data = BigInt64Array.from(int64s);
  else data = Array_.from(int32s); // uint8 and int8 are stored in int32_data
  return { name, dtype, shape: dims.map(Number), data };
}

// AttributeProto: name 1, f 2, i 3, s 4, ints 8, type 20.
function readAttribute(bytes) {
  let name = '';
  let i = null;
  let s = null;
  const ints = [];
  let type = 0;
  for (const f of fields(bytes)) {
    if (f.number === 1) name = text(f.value);
    else if (f.number === 3) i = Number(signed64(f.value));
    else if (f.number === 4) s = text(f.value);
    else if (f.number === 8) pushInts(ints, f);
    else if (f.number === 20) type = Number(f.value);
  }
  // AttributeType: INT 2, STRING 3, INTS 7.
  if (type === 2) return [name, i];
  if (type === 3) return [name, s];
  if (type === 7) return [name, ints.map(Number)];
  throw new Error(`attribute ${name} of type ${type} is not read here`);
}

/** A model.onnx's single node: { opType, inputs (names), outputs (names), attributes }. */
export function readModelNode(bytes) {
  let graph = null;
  for (const f of fields(bytes)) if (f.number === 7) graph = f.value; // ModelProto.graph
  const nodes = [];
  for (const f of fields(graph)) if (f.number === 1) nodes.push(f.value); // GraphProto.node
  if (nodes.length !== 1) throw new Error(`expected one node, found ${nodes.length}`);
  const node = { opType: '', inputs: [], outputs: [], attributes: {} };
  for (const f of fields(nodes[0])) {
    if (f.number === 1) node.inputs.push(text(f.value));
    else if (f.number === 2) node.outputs.push(text(f.value));
    else if (f.number === 4) node.opType = text(f.value);
    else if (f.number === 5) {
      const [name, value] = readAttribute(f.value);
      node.attributes[name] = value;
    }
  }
  return node;
}
