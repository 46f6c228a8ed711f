"""The package's shape: imports flow one way, modules and classes stay small, each module says its job."""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hf_t2l"
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 250
MAX_FUNCTION_LINES = 100


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and (
        (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
        or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
    )


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Package modules that ``name`` imports anywhere (module level or inside functions).

    Imports under ``if TYPE_CHECKING:`` only serve annotations and never run, so they are not edges.
    """
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if _is_type_checking_block(node):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    found: set[str] = set()

    def add(target: str) -> None:
        while target and target not in known:  # `from .x import y` where y is not a module
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "hf_t2l" or alias.name.startswith("hf_t2l."):
                    add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            elif node.module and (node.module == "hf_t2l" or node.module.startswith("hf_t2l.")):
                module = node.module
            else:
                continue
            for alias in node.names:
                full = f"{module}.{alias.name}"
                add(full if full in known else module)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_graph_walker_sees_relative_absolute_and_in_function_imports(tmp_path):
    pkg = tmp_path / "hf_t2l"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Doc."""\nfrom .a import x\n')
    (pkg / "a.py").write_text('"""Doc."""\ndef f():\n    from hf_t2l.sub import b\n')
    (pkg / "sub" / "__init__.py").write_text('"""Doc."""\n')
    (pkg / "sub" / "b.py").write_text(
        '"""Doc."""\nfrom typing import TYPE_CHECKING\nimport hf_t2l.a\n'
        "if TYPE_CHECKING:\n    from .. import c\n"
    )
    (pkg / "c.py").write_text('"""Doc."""\nfrom .sub.b import y\n')
    global PACKAGE
    saved, PACKAGE = PACKAGE, pkg
    try:
        graph = _graph()
    finally:
        PACKAGE = saved
    assert graph == {
        "hf_t2l": {"hf_t2l.a"},
        "hf_t2l.a": {"hf_t2l.sub.b"},
        "hf_t2l.sub": set(),
        "hf_t2l.sub.b": {"hf_t2l.a"},
        "hf_t2l.c": {"hf_t2l.sub.b"},
    }
    assert _find_cycle(graph) == ["hf_t2l.a", "hf_t2l.sub.b", "hf_t2l.a"]


def test_no_import_cycle_among_the_package_modules():
    cycle = _find_cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_module_over_the_line_limit():
    too_long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines: {too_long}"


def test_no_class_over_the_line_limit():
    too_long = {}
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_CLASS_LINES:
                    too_long[f"{name}.{node.name}"] = size
    assert not too_long, f"classes over {MAX_CLASS_LINES} lines: {too_long}"


def test_every_module_opens_with_a_one_line_docstring():
    missing = []
    for name, path in _modules().items():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=False)
        if (
            not doc
            or not doc.strip()
            or "\n" in doc.strip().splitlines()[0]
            or not doc.splitlines()[0].strip()
        ):
            missing.append(name)
    assert not missing, f"modules without a one-line docstring opening them: {missing}"


def _layout_names(layout: str) -> set[str]:
    """The module paths (relative to ``hf_t2l/``) that a layout block names: a line ``  name/`` opens a
    subpackage, a line at that indent that is not a folder returns to the top level; every ``*.py`` word
    until then (continuation lines included) is a module of the open subpackage."""
    named, current = set(), ""
    for line in layout.splitlines()[1:]:
        if line and not line.startswith(" "):  # past hf_t2l/ (spaces/, tasks/...)
            break
        first = line[2:].split(maxsplit=1)[0] if line.startswith("  ") and line[2:3] != " " else None
        if first is not None:
            current = first if first.endswith("/") and first.count("/") == 1 else ""
        for word in line.replace(",", " ").split():
            if word.endswith(".py"):
                named.add(current + word)
    return named


def test_layout_reader_puts_modules_in_their_subpackage():
    layout = "hf_t2l/\n  a.py, b.py   top\n  sub/   x\n    c.py   y\n    d.py, e.py\n  f.py\nspaces/ g.py\n"
    assert _layout_names(layout) == {"a.py", "b.py", "sub/c.py", "sub/d.py", "sub/e.py", "f.py"}


def test_the_design_pages_layout_names_every_module():
    """The docs' design page opens with the package layout; a module missing from it, or named there but
    gone, makes the map lie to the next reader."""
    page = (PACKAGE.parent / "docs" / "design.md").read_text(encoding="utf-8")
    named = _layout_names(page.split("```text", 1)[1].split("```", 1)[0].lstrip("\n"))
    modules = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")}
    missing = sorted(m for m in modules - named if not m.endswith("__init__.py") or m == "__init__.py")
    assert not missing, f"the layout in docs/design.md does not name: {missing}"
    gone = sorted(named - modules)
    assert not gone, f"the layout in docs/design.md names modules that do not exist: {gone}"


def test_no_two_modules_share_a_name():
    """A name says what a module holds, so two modules never share one for different things (the CLI's
    modules are named after their commands: `cli/cache.py` is the `hf-t2l cache` command)."""
    seen: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name != "__init__.py" and path.parent.name != "cli":
            seen.setdefault(path.name, []).append(path.relative_to(PACKAGE).as_posix())
    shared = {name: paths for name, paths in seen.items() if len(paths) > 1}
    assert not shared, f"modules sharing a name: {shared}"


MAX_TOP_LEVEL_MODULES = 14


def test_few_modules_directly_in_the_package():
    """What is not shared by every job lives in the subpackage of its job (model, hub, adapters, ...)."""
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, f"{len(top)} modules directly in hf_t2l/: {top}"


def test_the_readme_is_a_front_page():
    """README.md is the front page (what it is, the two commands, an example, links): the manual, the
    reports and the design notes live in docs/."""
    lines = (PACKAGE.parent / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, f"README.md has {len(lines)} lines; move the detail to a page under docs/"


#: The CLI package: its registry and `main`, each command's module (`add_parser` + `run`), its argument
#: checks; all loaded by `hf-t2l --help`.
CLI_MODULES = {name for name in _modules() if name == "hf_t2l.cli" or name.startswith("hf_t2l.cli.")}

# Modules that `import hf_t2l` or `hf-t2l --help` loads: they import the package's heavier modules inside
# functions so that torch stays unimported until it is needed.
TORCH_FREE = {
    "hf_t2l",
    "hf_t2l.model.config",
    "hf_t2l.base_models",
    "hf_t2l.peft_hook",
    *CLI_MODULES,
}


def _comments(source: str) -> dict[int, str]:
    """The comment on each line (pragmas such as ``noqa`` and ``type:`` do not give a reason)."""
    found = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            text = tok.string.lstrip("#").strip()
            if text and not text.startswith(("noqa", "type:", "pragma")):
                found[tok.start[0]] = text
    return found


def _unexplained_function_imports(path: Path) -> list[str]:
    """Imports of package modules inside functions of ``name`` whose lines carry no comment saying why."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    comments = _comments(source)
    seen: set[int] = set()
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if id(node) in seen or not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            seen.add(id(node))
            if isinstance(node, ast.ImportFrom):
                internal = node.level > 0 or (node.module or "").split(".")[0] == "hf_t2l"
            else:
                internal = any(alias.name.split(".")[0] == "hf_t2l" for alias in node.names)
            lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
            if internal and not any(line in comments for line in lines):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_function_import_checker_flags_only_package_imports_without_a_reason(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        '"""Doc."""\n'
        "def f():\n"
        "    import json\n"  # the standard library: not the package's own module
        "    from . import a  # imports torch: `import hf_t2l` loads this module\n"
        "    from .b import c  # noqa: F401\n"
        "    class K:\n"
        "        def g(self):\n"
        "            import hf_t2l.d\n"
        "            from .e import (  # why: given on the first line\n"
        "                x,\n"
        "            )\n"
    )
    assert _unexplained_function_imports(module) == [
        "line 5: from .b import c",
        "line 8: import hf_t2l.d",
    ]


def test_package_modules_are_imported_at_module_level():
    """Imports inside functions hide the dependency graph from a reader; only the modules that must stay
    torch-free at import (``import hf_t2l``, the CLI's argument parsing) keep them, or a line that says
    why (a comment on the import)."""
    found = [
        f"{name}, {hit}"
        for name, path in _modules().items()
        if name not in TORCH_FREE
        for hit in _unexplained_function_imports(path)
    ]
    assert not found, "move these imports to module level, or say why on their line:\n" + "\n".join(found)


def test_no_function_over_the_line_limit():
    """Every function and method in every module of the package, nested ones included; no exceptions."""
    too_long = {}
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    too_long[f"{name}.{node.name}"] = size
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines: {too_long}"


def test_text_to_lora_is_one_class_not_mixins():
    """TextToLoRA's own code is in hypernetwork.py; generation and the fast path are functions that take the
    model (no mixin class re-declaring its host's attributes), the Hub I/O its one mixin."""
    import torch

    from hf_t2l import TextToLoRA
    from hf_t2l.hub.mixin import HypernetworkHubMixin

    assert TextToLoRA.__bases__ == (torch.nn.Module, HypernetworkHubMixin)
    modules = _modules()
    for name in ("hf_t2l.model.generation", "hf_t2l.model.fastpath"):
        tree = ast.parse(modules[name].read_text(encoding="utf-8"))
        assert not [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)], name


def test_hub_io_is_one_class_that_does_not_inherit_huggingface_hubs_mixin():
    """Saving, loading and pushing are read in one place, hf_t2l/hub/mixin.py: TextToLoRA does not inherit
    huggingface_hub's ModelHubMixin, whose public methods do work before their hooks that hf_t2l must
    not do (see docs/design.md), yet every keyword argument of PyTorchModelHubMixin's methods is accepted."""
    import inspect

    from huggingface_hub import ModelHubMixin, PyTorchModelHubMixin

    from hf_t2l import TextToLoRA
    from hf_t2l.hub.mixin import HypernetworkHubMixin

    assert not issubclass(TextToLoRA, ModelHubMixin)
    for name in ("save_pretrained", "from_pretrained", "push_to_hub", "generate_model_card"):
        owner = next(k for k in TextToLoRA.__mro__ if name in vars(k))
        assert owner is HypernetworkHubMixin, f"TextToLoRA.{name} comes from {owner.__qualname__}"
    for name in ("save_pretrained", "from_pretrained", "push_to_hub"):
        theirs = inspect.signature(getattr(PyTorchModelHubMixin, name)).parameters.values()
        ours = inspect.signature(getattr(TextToLoRA, name)).parameters
        named = {p.name: p.kind for p in theirs if p.kind is not inspect.Parameter.VAR_KEYWORD}
        missing = sorted(set(named) - set(ours))
        assert not missing, f"TextToLoRA.{name} no longer takes {missing}"
        for arg, kind in named.items():
            assert ours[arg].kind is kind, f"TextToLoRA.{name}({arg}) is {ours[arg].kind}, not {kind}"


def _private_imports(path: Path, known: set[str]) -> list[str]:
    """``from <package module> import _name`` in ``path`` where ``_name`` is not a module (dunders aside)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            parts = package.split(".")
            base = parts[: len(parts) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        if target != "hf_t2l" and not target.startswith("hf_t2l."):
            continue
        for alias in node.names:
            private = alias.name.startswith("_") and not alias.name.startswith("__")
            if private and f"{target}.{alias.name}" not in known:
                found.append(f"{name}:{node.lineno} imports {target}.{alias.name}")
    return found


def test_no_private_name_crosses_a_module_border():
    """What one module needs from another is public there: no ``_name`` is imported across modules."""
    modules = _modules()
    crossing = [hit for path in modules.values() for hit in _private_imports(path, set(modules))]
    assert not crossing, crossing


# --- the Space is a user of the library: it imports only the public API ---------------------------------
SPACE = PACKAGE.parent / "spaces"


def _public_api() -> tuple[set[str], set[str]]:
    """``hf_t2l.__all__`` (plus the ``errors`` module) and the public names of ``hf_t2l.errors``."""
    import hf_t2l
    import hf_t2l.errors

    top = set(hf_t2l.__all__) | {"errors"}
    errors = {n for n in vars(hf_t2l.errors) if not n.startswith("_")}
    return top, errors


def _outside_public_api(source: str, label: str, top: set[str], errors: set[str]) -> list[str]:
    """Each use of hf_t2l in ``source`` that is not the public API: an import of another module
    (``hf_t2l.hub.resolve``...), a name imported from hf_t2l outside ``top`` or from ``hf_t2l.errors``
    outside ``errors``, and ``hf_t2l.<name>`` / ``<errors alias>.<name>`` attributes outside them."""
    tree = ast.parse(source)
    found: list[str] = []
    allowed = {"hf_t2l": top, "hf_t2l.errors": errors}
    bound: dict[str, str] = {}  # a local name -> "hf_t2l" or "hf_t2l.errors"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "hf_t2l" or alias.name.startswith("hf_t2l."):
                    if alias.name not in allowed:
                        found.append(f"{label}:{node.lineno} imports {alias.name}")
                    elif alias.asname or alias.name == "hf_t2l":
                        bound[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module != "hf_t2l" and not node.module.startswith("hf_t2l."):
                continue
            if node.module not in allowed:
                found.append(f"{label}:{node.lineno} imports from {node.module}")
                continue
            for alias in node.names:
                if alias.name not in allowed[node.module]:
                    found.append(f"{label}:{node.lineno} imports {node.module}.{alias.name}")
                elif node.module == "hf_t2l" and alias.name == "errors":
                    bound[alias.asname or alias.name] = "hf_t2l.errors"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound:
            module = bound[node.value.id]
            if node.attr not in allowed[module]:
                found.append(f"{label}:{node.lineno} uses {module}.{node.attr}")
    return found


def test_public_api_checker_flags_internals_in_every_form():
    top, errors = {"AdapterPool", "errors"}, {"UnknownAdapterError"}
    source = (
        "import hf_t2l\nimport hf_t2l.chat\nimport hf_t2l.errors as e\n"
        "from hf_t2l import AdapterPool, errors as hf_errors\nfrom hf_t2l import chat\n"
        "from hf_t2l.hub.resolve import resolve_hypernetwork\n"
        "from hf_t2l.errors import UnknownAdapterError, warn_me\n"
        "def f():\n    from hf_t2l.adapters.cache import AdapterCache\n"
        "    return hf_t2l.AdapterPool, hf_t2l.SMOLLM2_ID, hf_errors.UnknownAdapterError, e.Nope\n"
    )
    assert sorted(_outside_public_api(source, "s.py", top, errors)) == sorted(
        [
            "s.py:2 imports hf_t2l.chat",
            "s.py:5 imports hf_t2l.chat",
            "s.py:6 imports from hf_t2l.hub.resolve",
            "s.py:7 imports hf_t2l.errors.warn_me",
            "s.py:9 imports from hf_t2l.adapters.cache",
            "s.py:10 uses hf_t2l.SMOLLM2_ID",
            "s.py:10 uses hf_t2l.errors.Nope",
        ]
    )


def test_the_space_uses_only_the_public_api():
    """spaces/*.py import from hf_t2l only what ``hf_t2l.__all__`` and ``hf_t2l.errors`` offer."""
    top, errors = _public_api()
    found = [
        hit
        for path in sorted(SPACE.glob("*.py"))
        for hit in _outside_public_api(path.read_text(encoding="utf-8"), f"spaces/{path.name}", top, errors)
    ]
    assert not found, found
