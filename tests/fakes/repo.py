"""Where the suite finds the repo's files, and the servers it is told to use."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEMO_CONTENT = REPO / "content"
# The labelled corpus, vendored so that a clone stands on its own; `../shared/eval` beside the
# repo, where there is one, is its source (test_content checks that the two are the same).
EVAL_DIR = REPO / "eval"
SHARED_EVAL_DIR = REPO.parent / "shared" / "eval"

TEST_DATABASE_URL = os.environ.get("WELCOMEBOT_TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("WELCOMEBOT_TEST_REDIS_URL", "")
# Unreachable servers fail the run instead of skipping its tests (CI sets it).
REQUIRE_SERVERS = os.environ.get("WELCOMEBOT_TEST_REQUIRE_SERVERS") == "1"
