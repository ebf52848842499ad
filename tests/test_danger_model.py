"""The danger classifier read as plain numpy gives what scikit-learn's own model gives."""

import numpy as np

from welcomebot.matching.danger_model import DangerModel, examples, features, fitted


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
