"""A deliberately plain implementation of the reference T2L hypernetwork (reference §2), for tests.

It shares no code with hf_t2l: it reads the reference state dict by key, and loops over modules,
layers and rank positions one vector at a time. As the reference does, it numbers the target modules
(the rows of ``layer_type_encoder``) in the order of the ``heads.`` keys of the state dict. It also
writes reference-layout folders, with the keys in either module order.
"""

from __future__ import annotations

import json
import math

import torch
import torch.nn.functional as F
import yaml


def reference_shapes(
    args: dict, modules: list[str], n_layers: int, ins: dict, outs: dict, r: int, emb_dim: int
) -> dict:
    """Key -> shape of a reference hypermod.pt, from the facts in reference §2."""
    D, H = args["hypernet_latent_size"], args["head_in_size"]
    shared, autoreg = args["shared_AB_head"], args["autoreg_gen"]
    shapes = {
        "task_encoder.mlp.0.weight": (D // 2, emb_dim),
        "task_encoder.mlp.0.bias": (D // 2,),
        "task_encoder.mlp.1.weight": (D // 2,),
        "task_encoder.mlp.1.bias": (D // 2,),
        "layer_depth_encoder.0.weight": (n_layers, D // 4),
        "layer_depth_encoder.1.weight": (D // 4,),
        "layer_depth_encoder.1.bias": (D // 4,),
        "layer_type_encoder.0.weight": (len(modules), D // 4),
        "layer_type_encoder.1.weight": (D // 4,),
        "layer_type_encoder.1.bias": (D // 4,),
        "mixer.1.weight": (4 * D, D),
        "mixer.1.bias": (4 * D,),
        "mixer.4.weight": (D, 4 * D),
        "mixer.4.bias": (D,),
        "mlp3.0.weight": (D,),
        "mlp3.0.bias": (D,),
        "mlp3.1.weight": (4 * D, D),
        "mlp3.1.bias": (4 * D,),
        "mlp3.4.weight": (H, 4 * D),
        "mlp3.4.bias": (H,),
    }
    for block in ("mlp1", "mlp2"):
        shapes.update(
            {
                f"{block}.mlp.0.weight": (D,),
                f"{block}.mlp.0.bias": (D,),
                f"{block}.mlp.1.weight": (4 * D, D),
                f"{block}.mlp.1.bias": (4 * D,),
                f"{block}.mlp.4.weight": (D, 4 * D),
                f"{block}.mlp.4.bias": (D,),
            }
        )
    if shared:
        shapes.update({"out_emb_norm.weight": (D,), "out_emb_norm.bias": (D,)})
    if autoreg and args.get("learnable_pos_emb"):
        shapes.update({"pos_emb.0.weight": (r, D), "pos_emb.1.weight": (D,), "pos_emb.1.bias": (D,)})
    for m in modules:
        i, o = ins[m], outs[m]
        size = {
            (False, False): r * (i + o),
            (True, False): r * max(i, o),
            (True, True): max(i, o),
            (False, True): i + o,
        }[(shared, autoreg)]
        shapes[f"heads.{m}.weight"] = (size, H)
        if head_bias(args):
            shapes[f"heads.{m}.bias"] = (size,)
        if shared:
            shapes[f"out_emb.{m}.A"] = (D,)
            shapes[f"out_emb.{m}.B"] = (D,)
        for prefix in ("AB_offset", "mean_recon_target", "std_recon_target"):
            shapes[f"{prefix}.A.{m}"] = (n_layers, r, i)
            shapes[f"{prefix}.B.{m}"] = (n_layers, o, r)
    return shapes


def head_bias(args: dict) -> bool:
    if args.get("training_task", "sft") == "sft":
        return not args.get("mt_lora_path")
    return not args.get("pred_z_score", False)


FIXED_PREFIXES = ("AB_offset.", "mean_recon_target.", "std_recon_target.")


def reference_key_order(keys, module_order: list[str]) -> list[str]:
    """Keys in the order the reference's ``state_dict()`` gives them.

    The fixed tensors come first and sorted (nn.ParameterDict sorts a plain dict); ``out_emb.<m>`` and
    ``heads.<m>`` come in the order of the training process's target-module set, ``module_order``.
    """
    keys = list(keys)
    fixed = sorted(k for k in keys if k.startswith(FIXED_PREFIXES))

    def by_module(prefix):
        return [k for m in module_order for k in keys if k.startswith(f"{prefix}{m}.")]

    out_emb, heads = by_module("out_emb."), by_module("heads.")
    others = [k for k in keys if k not in set(fixed) | set(out_emb) | set(heads)]
    assert len(fixed) + len(out_emb) + len(heads) + len(others) == len(keys), "module_order misses a module"
    norm = [k for k in others if k.startswith("out_emb_norm.")]
    trunk = [k for k in others if k not in norm]
    return fixed + trunk + out_emb + norm + heads


def write_reference_folder(
    folder,
    args: dict,
    adapter_config: dict,
    shapes: dict,
    *,
    seed: int = 0,
    module_order: list[str] | None = None,
) -> dict:
    """Random tensors for every key (std per kind), saved as the reference release does.

    ``module_order`` is the target-module order of the training process (default: args.yaml's list):
    the ``heads.``/``out_emb.`` keys are saved in it. The tensors do not depend on it, only the key order.
    """
    g = torch.Generator().manual_seed(seed)
    values = {}
    for key, shape in shapes.items():
        if key.startswith("std_recon_target"):
            t = torch.rand(shape, generator=g) * 0.5 + 0.1
        elif key.endswith(".weight") and len(shape) == 1:  # LayerNorm gains
            t = 1.0 + 0.1 * torch.randn(shape, generator=g)
        else:
            fan_in = shape[-1] if len(shape) > 1 else 1
            t = torch.randn(shape, generator=g) / math.sqrt(fan_in)
        values[key] = t
    order = reference_key_order(values, list(module_order or args["target_modules"]))
    state = {key: values[key] for key in order}
    folder.mkdir(parents=True, exist_ok=True)
    torch.save(state, folder / "hypermod.pt")
    (folder / "args.yaml").write_text(yaml.safe_dump(args))
    (folder / "adapter_config.json").write_text(json.dumps(adapter_config))
    return state


def reference_adapter(
    state: dict,
    args: dict,
    emb: torch.Tensor,
    modules: list[str],
    n_layers: int,
    ins: dict,
    outs: dict,
    r: int,
) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """{f"{module}.{layer}": (A [r, in], B [out, r])} for one task embedding [E], raw scale."""
    sd = state
    D = args["hypernet_latent_size"]
    shared, autoreg, learned = (
        args["shared_AB_head"],
        args["autoreg_gen"],
        args.get("learnable_pos_emb", False),
    )

    def lin(x, p):
        return F.linear(x, sd[p + ".weight"], sd.get(p + ".bias"))

    def ln(x, p):
        return F.layer_norm(x, (x.shape[-1],), sd[p + ".weight"], sd[p + ".bias"], eps=1e-5)

    def resblock(x, p):
        h = ln(x, p + ".mlp.0")
        h = F.silu(lin(h, p + ".mlp.1"))
        h = F.silu(lin(h, p + ".mlp.4"))
        return x + h

    def mlp3(x):
        h = F.silu(lin(ln(x, "mlp3.0"), "mlp3.1"))
        return F.silu(lin(h, "mlp3.4"))

    def rope(x, pos):
        half = D // 2
        out = torch.empty_like(x)
        for j in range(half):
            angle = pos * (1.0 / (10000 ** (2 * j / D)))
            c, s = math.cos(angle), math.sin(angle)
            out[j] = x[j] * c - x[j + half] * s
            out[j + half] = x[j + half] * c + x[j] * s
        return out

    def pos_vec(i):
        return ln(sd["pos_emb.0.weight"][i], "pos_emb.1")

    # the layer-type index: position in the training process's module set, recorded by the heads key order
    type_index = [
        k[len("heads.") : -len(".weight")] for k in sd if k.startswith("heads.") and k.endswith(".weight")
    ]
    task = ln(lin(emb, "task_encoder.mlp.0"), "task_encoder.mlp.1")
    result = {}
    for m in modules:
        t = type_index.index(m)
        i_f, o_f = ins[m], outs[m]
        head = f"heads.{m}"
        for layer in range(n_layers):
            depth = ln(sd["layer_depth_encoder.0.weight"][layer], "layer_depth_encoder.1")
            kind = ln(sd["layer_type_encoder.0.weight"][t], "layer_type_encoder.1")
            x = torch.cat([task, depth, kind])
            x = F.silu(lin(F.silu(lin(x, "mixer.1")), "mixer.4"))
            h = resblock(x, "mlp1")
            A = torch.zeros(r, i_f)
            B = torch.zeros(o_f, r)
            if not shared and not autoreg:
                y = lin(mlp3(resblock(h, "mlp2")), head)
                for k in range(r):
                    A[k] = y[k * i_f : (k + 1) * i_f]
                    for j in range(o_f):
                        B[j, k] = y[r * i_f + k * o_f + j]
            elif not autoreg:  # M
                for which in ("A", "B"):
                    e = ln(sd[f"out_emb.{m}.{which}"], "out_emb_norm")
                    y = lin(mlp3(resblock(h + e, "mlp2")), head)
                    width = max(i_f, o_f)
                    for k in range(r):
                        row = y[k * width : (k + 1) * width]
                        if which == "A":
                            A[k] = row[:i_f]
                        else:
                            B[:, k] = row[:o_f]
            elif shared:  # S
                for which in ("A", "B"):
                    e = ln(sd[f"out_emb.{m}.{which}"], "out_emb_norm")
                    u0 = resblock(h + e, "mlp2")
                    for k in range(r):
                        u = u0 + resblock(pos_vec(k), "mlp2") if learned else resblock(rope(u0, k), "mlp2")
                        row = lin(mlp3(u), head)
                        if which == "A":
                            A[k] = row[:i_f]
                        else:
                            B[:, k] = row[:o_f]
            else:  # autoreg without shared head
                for k in range(r):
                    u = resblock(h + pos_vec(k), "mlp2") if learned else resblock(rope(h, k), "mlp2")
                    row = lin(mlp3(u), head)
                    A[k] = row[:i_f]
                    B[:, k] = row[i_f:]
            if args.get("training_task", "sft") == "recon" and not args.get("factorized", True):
                s = math.sqrt(args.get("delta_w_scaling", 10000))
                A, B = A / s, B / s
            else:
                if args.get("training_task", "sft") == "recon" and args.get("pred_z_score"):
                    A = (
                        A * (sd[f"std_recon_target.A.{m}"][layer] + 1e-10)
                        + sd[f"mean_recon_target.A.{m}"][layer]
                    )
                    B = (
                        B * (sd[f"std_recon_target.B.{m}"][layer] + 1e-10)
                        + sd[f"mean_recon_target.B.{m}"][layer]
                    )
                A = A + sd[f"AB_offset.A.{m}"][layer]
                B = B + sd[f"AB_offset.B.{m}"][layer]
            result[f"{m}.{layer}"] = (A, B)
    return result
