"""The shipped pickles name their classes by the module paths they had when trained; the loader's
table maps those to where the classes live now, so the files load byte-identical."""

import sys

import joblib.numpy_pickle
import pytest

from digit_model.training import registry


@pytest.fixture
def named_modules(monkeypatch) -> set[str]:
    """The digit_model modules that the pickles loaded in a test name for their classes."""
    named = set()
    find_class = joblib.numpy_pickle.NumpyUnpickler.find_class

    def recording(self, module, name):
        if module.startswith("digit_model"):
            named.add(module)
        return find_class(self, module, name)

    monkeypatch.setattr(joblib.numpy_pickle.NumpyUnpickler, "find_class", recording)
    return named


def test_every_shipped_model_loads_through_the_table_and_leaves_no_old_module_behind(named_modules):
    for task, names in registry.list_models().items():
        for name in names:
            model = registry.load_model(task, name)
            assert len(model.classes_) in (2, 10)
    assert named_modules and named_modules <= set(registry.MOVED_CLASSES)
    assert not set(registry.MOVED_CLASSES) & set(sys.modules)


def test_without_the_table_the_shipped_models_do_not_load(monkeypatch):
    monkeypatch.setattr(registry, "MOVED_CLASSES", {})
    with pytest.raises(ModuleNotFoundError, match="digit_model"):
        registry.load_model("which_digit")


def test_the_table_points_at_the_modules_that_define_the_classes():
    for old, new in registry.MOVED_CLASSES.items():
        module = __import__(new, fromlist=["_"])
        defined = {name for name, value in vars(module).items() if getattr(value, "__module__", None) == new}
        assert defined, f"{new} (for {old}) defines no class"
