import pkgutil
import subprocess
import sys

import digit_model


def test_every_core_module_imports_with_streamlit_blocked():
    modules = [info.name for info in pkgutil.walk_packages(digit_model.__path__, "digit_model.") if not info.name.endswith("__main__")]
    assert {"digit_model.inputs.pendigits", "digit_model.inputs.canvas", "digit_model.inputs.recipe"} <= set(modules)
    code = "import importlib, sys; sys.modules['streamlit'] = None\n" + "".join(
        f"importlib.import_module({name!r})\n" for name in modules
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
