"""The danger classifier read as plain numpy gives what scikit-learn's own model gives."""

import numpy as np
import pytest

from welcomebot.matching.danger_model import (
    DangerModel,
    class_weights,
    examples,
    features,
    fitted,
)


def test_the_numpy_reading_gives_scikit_learn_s_probabilities():
    texts, labels = examples()
    assert {"medical", "suicide", "child", "violence", "shelter", "food", "none"} == set(labels)
    vectorizers, model = fitted(texts, labels)
    ours = DangerModel.of(vectorizers, model)
    # Every fifth message, and what no message looks like: nothing, one letter, one long word.
    probe = [*texts[::5], "", "a", "x" * 60, "Дитина НЕ ДИХАЄ!!!", "  two   spaces  "]
    theirs = model.predict_proba(features(vectorizers, probe))
    assert np.abs(theirs - np.array([ours.chances(t) for t in probe])).max() < 1e-9
    assert ours.classes == [str(c) for c in model.classes_]


def test_ordinary_messages_weigh_as_much_as_all_dangers_each_danger_alike():
    labels = ["none"] * 90 + ["medical"] * 6 + ["food"] * 4
    weights = class_weights(labels)
    total = {label: weights[label] * labels.count(label) for label in weights}
    assert total["none"] == pytest.approx(total["medical"] + total["food"]) == len(labels) / 2
    assert total["medical"] == pytest.approx(total["food"])
    # Without ordinary messages the dangers still share the weight alike.
    assert class_weights(["food", "food", "child"]) == {"food": 0.375, "child": 0.75}
