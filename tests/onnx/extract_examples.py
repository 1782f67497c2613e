#!/usr/bin/env python3
"""Transcribe ONNX backend pooling test cases into examples.json.

Pure text/AST transcription (no numpy, nothing evaluated beyond Python
literals): for every `export*` method in the onnx backend test case files,
np.array(<literal list>) arguments are read with ast.literal_eval and
flattened row-major.  Cases whose expected output is produced by a reference
helper on np.random input are listed under "reference_computed" with shapes
only.  Usage: extract_examples.py <dir with the .py files> <onnx commit>
"""
import ast, json, re, sys, os

SRC_DIR, COMMIT = sys.argv[1], sys.argv[2]
FILES = ["maxpool.py", "averagepool.py", "lppool.py", "globalmaxpool.py",
         "globalaveragepool.py", "maxunpool.py"]
FORMAL_IN = {"MaxUnpool": ["X", "I", "output_shape"]}
FORMAL_OUT = {"MaxPool": ["Y", "Indices"], "MaxUnpool": ["output"]}

def flatten(v):
    if isinstance(v, (list, tuple)):
        out, shape = [], [len(v)]
        sub = None
        for e in v:
            f, s = flatten(e)
            if sub is None: sub = s
            assert s == sub, "ragged"
            out += f
        return out, shape + (sub or [])
    return [v], []

def np_array(node):
    """Return (data, shape, dtype) if node is np.array(<literal>)[.astype(np.T)]."""
    dtype = None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "astype":
        dtype = node.args[0].attr
        node = node.func.value
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "array" and getattr(node.func.value, "id", "") == "np"):
        return None
    try:
        lit = ast.literal_eval(node.args[0])
    except ValueError:
        return None
    for kw in node.keywords:
        if kw.arg == "dtype": dtype = kw.value.attr
    data, shape = flatten(lit)
    return data, shape, dtype

def randn_shape(node, env):
    # np.random.randn(1, 3, 32).astype(...) possibly with *x_shape
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "astype":
        node = node.func.value
    if isinstance(node, ast.Call) and ast.unparse(node.func) == "np.random.randn":
        shape = []
        for a in node.args:
            if isinstance(a, ast.Starred): shape += list(env[a.value.id])
            else: shape.append(ast.literal_eval(a))
        return shape
    return None

out = {"literal": [], "reference_computed": []}
for fn in FILES:
    tree = ast.parse(open(os.path.join(SRC_DIR, fn)).read())
    for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
        for f in [n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name.startswith("export")]:
            env, arrays, randn, nodes = {}, {}, {}, []
            doc = ast.get_docstring(f) or ""
            for st in ast.walk(f):
                if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
                    name = st.targets[0].id
                    try: env[name] = ast.literal_eval(st.value)
                    except Exception: pass
                    a = np_array(st.value)
                    if a: arrays[name] = a
                    if name not in env:
                        r = None
                        try: r = randn_shape(st.value, env)
                        except Exception: pass
                        if r: randn[name] = r
                    # np.array((1,1,5,5), dtype=np.int64) is handled by np_array (tuple literal)
            for st in ast.walk(f):
                if isinstance(st, ast.Call) and ast.unparse(st.func) == "onnx.helper.make_node":
                    nodes.append(st)
                if isinstance(st, ast.Call) and ast.unparse(st.func) == "expect":
                    kw = {k.arg: k.value for k in st.keywords}
                    ex = st
            assert len(nodes) == 1, f.name
            nd = nodes[0]
            op = ast.literal_eval(nd.args[0])
            attrs, loop_vars = {}, []
            for k in nd.keywords:
                if k.arg in ("inputs", "outputs"): continue
                try: v = ast.literal_eval(k.value)
                except ValueError:
                    if k.value.id in env: v = env[k.value.id]
                    else: v = None; loop_vars.append(k.arg)
                if isinstance(v, tuple): v = list(v)
                if isinstance(v, bool): v = int(v)   # onnx.helper stores Python bool as INT attribute
                attrs[k.arg] = v
            in_vars = [e.id for e in kw["inputs"].elts]
            out_vars = [e.id for e in kw["outputs"].elts]
            names = FORMAL_IN.get(op, ["X"]), FORMAL_OUT.get(op, ["Y"])
            src = f"onnx/backend/test/case/node/{fn}:{f.name}"
            test_name = ast.literal_eval(kw["name"]) if isinstance(kw["name"], ast.Constant) else ast.unparse(kw["name"])
            def tensor(v):
                d, s, t = arrays[v]
                return {"shape": s, "dtype": t, "data": d}
            if all(v in arrays for v in in_vars + out_vars):
                out["literal"].append({
                    "source": src, "test_name": test_name, "op": op, "attributes": attrs,
                    "inputs": {names[0][i]: tensor(v) for i, v in enumerate(in_vars)},
                    "outputs": {names[1][i]: tensor(v) for i, v in enumerate(out_vars)},
                    "expected_from": "literal"})
            else:
                out["reference_computed"].append({
                    "source": src, "test_name": test_name, "op": op, "attributes": attrs,
                    "unresolved_attributes": loop_vars,
                    "inputs_literal": {names[0][i]: tensor(v) for i, v in enumerate(in_vars) if v in arrays},
                    "input_shape": next((randn[v] for v in in_vars if v in randn), None),
                    "docstring": doc})

# ---- post-processing: things the generic AST walk cannot resolve ----------
HELPER = ("onnx.reference.ops.op_pool_common.pool (output shape from "
          "get_output_shape_explicit_padding / get_output_shape_auto_pad, "
          "pads from get_pad_shape)")
rc = []
for e in out["reference_computed"]:
    name = e["source"].split(":")[1]
    m = re.search(r"output_shape:\s*(\[[^\]]*\])", e["docstring"])
    if name == "export_averagepool_3d_dilations_large":
        # the python loops `for count_include_pad in (0, 1): for ceil_mode in (True, False)`
        for cip in (0, 1):
            for ceil in (1, 0):
                d = dict(e); d["attributes"] = dict(e["attributes"], count_include_pad=cip, ceil_mode=ceil)
                d["test_name"] = f"test_averagepool_3d_dilations_large_count_include_pad_is_{cip}_ceil_mode_is_{bool(ceil)}"
                # effective kernel (5-1)*2+1 = 9; (32-9)/3 = 7.67 -> ceil 8 / floor 7, +1; last ceil window starts at 24 < 32
                d["output_shape"] = [1, 1] + [9 if ceil else 8] * 3; d["output_shape_from"] = "hand"
                d["note"] = "expected Y computed by " + HELPER + " on np.random.randn input"
                del d["unresolved_attributes"]; rc.append(d)
        continue
    if name == "export_maxpool_3d_dilations_use_ref_impl":
        # literal input; pool() output is evaluable by hand: every depth plane is the same 4x4
        # 1..16 matrix, window (d,i,j) with dilation 2 covers planes d,d+2 rows i,i+2 cols j,j+2,
        # so max = x[.., i+2, j+2] -> [[11,12],[15,16]] on both output planes.
        out["literal"].append({"source": e["source"], "test_name": e["test_name"], "op": e["op"],
            "attributes": e["attributes"], "inputs": e["inputs_literal"],
            "outputs": {"Y": {"shape": [1, 1, 2, 2, 2], "dtype": "float32",
                              "data": [11, 12, 15, 16, 11, 12, 15, 16]}},
            "expected_from": "hand",
            "note": "python computes Y with " + HELPER + " on this literal input; value evaluated by hand (max of a dilated window on integer data is exact)"})
        continue
    if name == "export_maxpool_3d_dilations_use_ref_impl_large":
        e["output_shape"] = [1, 1, 9, 9, 9]; e["output_shape_from"] = "hand"
        e["note"] = ("expected Y computed by " + HELPER + " on np.random.randn input; NB the python pads "
                     "the ceil_mode extra cells with constant 0 (not NaN) before a MAX pool")
    elif e["op"].startswith("Global"):
        e["output_shape"] = e["input_shape"][:2] + [1] * (len(e["input_shape"]) - 2); e["output_shape_from"] = "hand"
        e["note"] = "expected Y computed by " + ("np.max" if "Max" in e["op"] else "np.mean") + "(x, axis=spatial, keepdims=True) on np.random.randn input"
    else:
        e["output_shape"] = json.loads(m.group(1)); e["output_shape_from"] = "docstring"
        e["note"] = "expected Y computed by " + HELPER + " on np.random.randn input"
    assert not e["unresolved_attributes"], name
    del e["unresolved_attributes"]
    if not e["inputs_literal"]: del e["inputs_literal"]
    rc.append(e)
for e in rc: e.pop("docstring", None)
out["reference_computed"] = rc
res = {"onnx_commit": COMMIT, "opset": 22,
       "generated_by": "tests/onnx/extract_examples.py (AST transcription of np.array literals; no numpy)",
       "examples": out["literal"], "reference_computed": out["reference_computed"]}
json.dump(res, sys.stdout, indent=1)
