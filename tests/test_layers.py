"""The core's imports follow the data's way: each module imports only from its own layer or those
before it, never the package's top, the app, the tests or the measurement commands, and no cycle."""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).parents[1] / "digit_model"
# Bottom first, as the data flows: a module may import from its own layer and those before it.
LAYERS = ["basics", "tasks", "inputs", "models", "evaluation", "explain", "personal", "training", "lab", "numbers", "novelty", "studies", "bench"]
FOREIGN = ("streamlit", "ui", "pages", "tests", "tools", "app")


def module_name(path: Path) -> str:
    parts = path.relative_to(CORE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module)
            # `from digit_model.training import registry` imports the module digit_model.training.registry
            found |= {f"{node.module}.{alias.name}" for alias in node.names if (CORE.parent / f"{node.module}.{alias.name}".replace(".", "/")).with_suffix(".py").exists()}
    return found


def layer(module: str) -> int:
    return LAYERS.index(module.split(".")[1])


def graph(root: Path = CORE) -> dict[str, set[str]]:
    """``{module: the core modules it imports}`` for every module below the package's top."""
    modules = {module_name(path): path for path in root.rglob("*.py") if path != root / "__init__.py"}
    return {
        name: {other for other in imports(path) if other in modules or other == "digit_model"}
        for name, path in modules.items()
    }


def problems(edges: dict[str, set[str]], foreign: dict[str, set[str]]) -> list[str]:
    found = []
    for module in sorted(edges.keys() | foreign.keys()):
        for target in sorted(edges.get(module, ())):
            if target == "digit_model":
                found.append(f"{module} imports the package's top (import from the module that defines the name)")
            elif target.split(".")[1] not in LAYERS:
                found.append(f"{target} is in no layer")
            elif layer(target) > layer(module):
                found.append(f"{module} imports {target}, which comes later in the flow")
        found += [f"{module} imports {name}" for name in sorted(foreign.get(module, ()))]
    return found + [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(edges)]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each module that lies on one (depth-first search)."""
    found, done, path = [], set(), []

    def visit(module):
        if module in path:
            found.append(path[path.index(module):] + [module])
            return
        if module in done:
            return
        path.append(module)
        for target in sorted(edges.get(module, ())):
            visit(target)
        path.pop()
        done.add(module)

    for module in sorted(edges):
        visit(module)
    return found


def test_every_core_module_is_in_a_layer_and_imports_only_down_the_flow():
    edges = graph()
    foreign = {
        module_name(path): {name for name in imports(path) if name.split(".")[0] in FOREIGN}
        for path in CORE.rglob("*.py")
    }
    assert {module.split(".")[1] for module in edges} <= set(LAYERS)
    assert problems(edges, foreign) == []


@pytest.mark.parametrize("edges, expected", [
    ({"digit_model.inputs.recipe": {"digit_model.training.registry"}},
     ["digit_model.inputs.recipe imports digit_model.training.registry, which comes later in the flow"]),
    ({"digit_model.models.a": {"digit_model.models.b"}, "digit_model.models.b": {"digit_model.models.a"}},
     ["import cycle: digit_model.models.a -> digit_model.models.b -> digit_model.models.a"]),
    ({"digit_model.explain.occlusion": {"digit_model"}},
     ["digit_model.explain.occlusion imports the package's top (import from the module that defines the name)"]),
], ids=["upward", "cycle", "top"])
def test_an_upward_import_a_cycle_or_the_top_is_reported(edges, expected):
    assert problems(edges, {}) == expected


def test_a_core_module_importing_streamlit_or_the_tests_is_reported():
    assert problems({}, {"digit_model.inputs.photo": {"streamlit", "tests.conftest"}}) == [
        "digit_model.inputs.photo imports streamlit", "digit_model.inputs.photo imports tests.conftest",
    ]


def test_the_packages_top_exports_the_public_api():
    import digit_model

    assert {"to_mnist", "read_image", "photo_steps", "load_model", "list_models"} <= set(digit_model.__all__)
    assert all(hasattr(digit_model, name) for name in digit_model.__all__)
    tops = [path.name for path in CORE.glob("*.py") if path.name != "__init__.py"]
    assert len(tops) <= 5, f"at most 5 modules at the package's top, found {sorted(tops)}"


def test_no_test_imports_another_test_module_and_the_commands_never_import_the_tests():
    root = CORE.parent
    found = []
    for path in sorted((root / "tests").rglob("*.py")):
        for name in imports(path):
            parts = name.split(".")
            if parts[0] == "tests" and (parts[-1].startswith("test_") or parts[-1] == "conftest"):
                found.append(f"{path.relative_to(root)} imports {name}")
    for path in sorted((root / "tools").rglob("*.py")):
        found += [f"{path.relative_to(root)} imports {name}" for name in imports(path) if name.split(".")[0] == "tests"]
    assert found == []
