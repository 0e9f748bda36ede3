"""Every page runs without an exception for every task and model."""

import pytest

from digit_model.training.registry import list_models
from tests.app.app_helpers import PAGES, open_page
from tests.helpers import needs_mnist

CASES = [
    # The Errors gallery shows MNIST test images, so without MNIST it only says so.
    pytest.param(page, task, model, id=f"{page}-{task}-{model}",
                 marks=needs_mnist if page == "Errors" else ())
    for page in PAGES for task, models in list_models().items() for model in models
]


@pytest.mark.parametrize(("page", "task", "model"), CASES)
def test_page_runs_for_every_task_and_model(app, page, task, model):
    at = open_page(app, page, task=task, model=model)
    assert (at.session_state["task"], at.session_state["model"]) == (task, model)
    assert at.query_params == {"task": task, "model": model}
    assert at.title, "the page shows nothing"
    assert not at.error
