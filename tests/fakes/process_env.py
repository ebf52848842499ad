"""The environment of a `welcomebot` process started by a test or a benchmark."""

import os


def welcomebot_env(**settings: str) -> dict[str, str]:
    """This process's environment without any WELCOMEBOT_* setting, plus the given ones
    (keyword names without the prefix: data_dir="/tmp/x" sets WELCOMEBOT_DATA_DIR)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELCOMEBOT_")}
    env.update({f"WELCOMEBOT_{name.upper()}": value for name, value in settings.items()})
    return env
