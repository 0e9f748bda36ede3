import subprocess
import sys


def test_digit_model_imports_with_streamlit_blocked():
    code = (
        "import sys; sys.modules['streamlit'] = None\n"
        "import digit_model.data, digit_model.preprocess, digit_model.tasks, digit_model.models\n"
        "import digit_model.train, digit_model.evaluate, digit_model.registry, digit_model.images\n"
        "import digit_model.bench, digit_model.ablation, digit_model.drawn, digit_model.augment\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
